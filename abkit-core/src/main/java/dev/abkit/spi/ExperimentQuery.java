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
 */
public record ExperimentQuery(String experiment, List<MetricQuery> metrics, @Nullable Instant end) {
  public ExperimentQuery {
    Objects.requireNonNull(experiment, "experiment");
    metrics = List.copyOf(metrics);
    if (metrics.stream().map(MetricQuery::name).distinct().count() != metrics.size()) {
      throw new IllegalArgumentException("metric names must be unique: " + metrics);
    }
  }

  /**
   * Each of {@code events} from the first exposure on, without end (see {@link MetricQuery#of}).
   */
  public static ExperimentQuery of(String experiment, List<String> events) {
    return new ExperimentQuery(
        experiment, events.stream().distinct().map(MetricQuery::of).toList(), null);
  }
}
