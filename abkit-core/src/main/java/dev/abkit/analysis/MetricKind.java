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
  MEAN;

  /**
   * How {@code metric} is compared: a conversion (and the goal given as a plain event name) on its
   * rate; a count or sum, and a secondary metric given as a plain event name (0.1's meaning), on
   * the mean of the units' values per exposed unit. A ratio is compared on its own terms, reported
   * as a mean.
   */
  public static MetricKind of(Metric metric) {
    if (metric.type() == Metric.Type.CONVERSION) {
      return metric.shorthand() && metric.role() != Metric.Role.GOAL ? MEAN : CONVERSION;
    }
    return MEAN;
  }

  /** The JSON spelling. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
