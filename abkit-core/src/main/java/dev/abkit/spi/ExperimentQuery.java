package dev.abkit.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to read back for one experiment.
 *
 * @param experiment the experiment id
 * @param metrics the metrics whose per-unit statistics are wanted (goal first), names unique
 * @param end events at or after this instant do not count (the experiment's {@code end_at}), or
 *     {@code null}
 * @param dimension a unit attribute recorded with the exposures ({@link
 *     dev.abkit.event.Exposure#attributes()}) to break the data down by: the store then also
 *     returns {@link ExperimentData#segments()}, one per value; or {@code null} for no breakdown
 */
public record ExperimentQuery(
    String experiment,
    List<MetricQuery> metrics,
    @Nullable Instant end,
    @Nullable String dimension) {
  public ExperimentQuery {
    Objects.requireNonNull(experiment, "experiment");
    if (dimension != null && dimension.isEmpty()) {
      throw new IllegalArgumentException("dimension must not be empty");
    }
    metrics = List.copyOf(metrics);
    if (metrics.stream().map(MetricQuery::name).distinct().count() != metrics.size()) {
      throw new IllegalArgumentException("metric names must be unique: " + metrics);
    }
  }

  /** A query without a breakdown. */
  public ExperimentQuery(String experiment, List<MetricQuery> metrics, @Nullable Instant end) {
    this(experiment, metrics, end, null);
  }

  /** The same query broken down by {@code dimension} ({@code null}: not broken down). */
  public ExperimentQuery withDimension(@Nullable String dimension) {
    return new ExperimentQuery(experiment, metrics, end, dimension);
  }

  /**
   * Each of {@code events} from the first exposure on, without end (see {@link MetricQuery#of}).
   */
  public static ExperimentQuery of(String experiment, List<String> events) {
    return new ExperimentQuery(
        experiment, events.stream().distinct().map(MetricQuery::of).toList(), null);
  }
}
