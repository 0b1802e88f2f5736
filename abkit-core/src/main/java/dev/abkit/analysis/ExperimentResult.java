package dev.abkit.analysis;

import dev.abkit.manifest.Metric;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The analysis of one experiment: the results JSON's {@code experiments[i]} (DESIGN.md section 4).
 *
 * @param id experiment id
 * @param targetEvent the target event, or {@code null} when the manifest has none (then every
 *     variant shows 0 conversions)
 * @param control control variant key
 * @param significanceLevel α used for tests and intervals
 * @param sequential whether always-valid results are included and decide significance
 * @param sequentialTuning {@code N*} used when {@code sequential}
 * @param srm sample ratio mismatch check
 * @param progress progress toward {@code target_sample_size}
 * @param variants goal results per variant, manifest order, control included
 * @param metrics further metrics (secondary and guardrail), manifest order
 * @param goal the goal's definition, or {@code null} when the manifest has none
 * @param dataQuality what the counting left out
 * @param guardrailViolation whether some guardrail metric's verdict is {@link Verdict#WORSE} for
 *     some treatment
 * @param goalError why the goal's sums could not be computed (a value far too large), so that it
 *     was compared on its conversion rate instead, or {@code null}
 * @param cappedAt per name of a metric with a {@code cap}, the value each unit's value was capped
 *     at (a percentile cap's value as computed)
 * @param timeseries the goal over time when asked for ({@link ResultsOptions}), else {@code null}
 * @param power what the goal's test can detect now, for a goal compared on its rate, else {@code
 *     null}
 * @param breakdown the results per value of a dimension when asked for ({@link ResultsOptions}),
 *     else {@code null}
 */
public record ExperimentResult(
    String id,
    @Nullable String targetEvent,
    String control,
    double significanceLevel,
    boolean sequential,
    double sequentialTuning,
    Srm srm,
    Progress progress,
    List<VariantResult> variants,
    List<MetricResult> metrics,
    @Nullable Metric goal,
    DataQuality dataQuality,
    boolean guardrailViolation,
    @Nullable String goalError,
    Map<String, Double> cappedAt,
    @Nullable Timeseries timeseries,
    @Nullable Power power,
    @Nullable Breakdown breakdown) {
  public ExperimentResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(srm, "srm");
    Objects.requireNonNull(progress, "progress");
    variants = List.copyOf(variants);
    metrics = List.copyOf(metrics);
    Objects.requireNonNull(dataQuality, "dataQuality");
    cappedAt = Map.copyOf(cappedAt);
  }

  /** The target-event result of one variant. */
  public Optional<VariantResult> variant(String key) {
    return variants.stream().filter(v -> v.key().equals(key)).findFirst();
  }

  /** This result with the goal over time. */
  public ExperimentResult withTimeseries(Timeseries timeseries) {
    return new ExperimentResult(
        id,
        targetEvent,
        control,
        significanceLevel,
        sequential,
        sequentialTuning,
        srm,
        progress,
        variants,
        metrics,
        goal,
        dataQuality,
        guardrailViolation,
        goalError,
        cappedAt,
        Objects.requireNonNull(timeseries, "timeseries"),
        power,
        breakdown);
  }

  /** This result with a breakdown by dimension. */
  public ExperimentResult withBreakdown(Breakdown breakdown) {
    return new ExperimentResult(
        id,
        targetEvent,
        control,
        significanceLevel,
        sequential,
        sequentialTuning,
        srm,
        progress,
        variants,
        metrics,
        goal,
        dataQuality,
        guardrailViolation,
        goalError,
        cappedAt,
        timeseries,
        power,
        Objects.requireNonNull(breakdown, "breakdown"));
  }

  /** How the goal is compared: on its rate unless its type says otherwise (and it could be). */
  public MetricKind goalKind() {
    return goal == null || goalError != null ? MetricKind.CONVERSION : MetricKind.of(goal);
  }

  /** Number of treatments (variants other than control). */
  public int treatments() {
    return variants.size() - 1;
  }
}
