package dev.abkit.analysis;

import dev.abkit.manifest.Metric;
import java.util.Locale;

/** How a metric is compared between arms. */
public enum MetricKind {
  /** Share of exposed units that did the event: two-proportion test. */
  CONVERSION,
  /**
   * Mean per exposed unit of the units' totals (counts or values): Welch test on means with
   * variance from the sum of squares.
   */
  MEAN,
  /**
   * The per-unit sum of a numerator over the per-unit sum of a denominator (e.g. revenue per
   * session): delta method, as gbstats' {@code RatioStatistic}.
   */
  RATIO;

  /**
   * How {@code metric} is compared: a conversion (and the goal given as a plain event name) on its
   * rate; a count or sum, and a secondary metric given as a plain event name (0.1's meaning), on
   * the mean of the units' values per exposed unit; a ratio as a {@link #RATIO}.
   */
  public static MetricKind of(Metric metric) {
    return switch (metric.type()) {
      case CONVERSION ->
          metric.shorthand() && metric.role() != Metric.Role.GOAL ? MEAN : CONVERSION;
      case COUNT, SUM -> MEAN;
      case RATIO -> RATIO;
    };
  }

  /** The JSON spelling. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
