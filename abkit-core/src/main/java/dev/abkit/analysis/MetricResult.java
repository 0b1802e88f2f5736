package dev.abkit.analysis;

import dev.abkit.manifest.Metric;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Results of one metric beyond the goal (a secondary or guardrail metric).
 *
 * @param metric its definition in the manifest (name, type, direction, role...)
 * @param kind how it is compared
 * @param variants per variant, in manifest order, control included; empty when {@code error} is set
 * @param error why this metric could not be computed (e.g. a value so large that its square leaves
 *     the number range), or {@code null}; the other metrics are computed all the same
 */
public record MetricResult(
    Metric metric, MetricKind kind, List<VariantResult> variants, @Nullable String error) {
  public MetricResult {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(kind, "kind");
    variants = List.copyOf(variants);
  }

  /** A metric that could not be computed, and why. */
  public static MetricResult failed(Metric metric, MetricKind kind, String error) {
    return new MetricResult(metric, kind, List.of(), Objects.requireNonNull(error, "error"));
  }

  /** The metric's name in results. */
  public String name() {
    return metric.name();
  }
}
