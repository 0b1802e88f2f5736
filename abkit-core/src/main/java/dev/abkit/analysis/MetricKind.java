package dev.abkit.analysis;

import java.util.Locale;

/** How a metric is compared between arms. */
public enum MetricKind {
  /** Share of exposed units that did the event (target event): two-proportion test. */
  CONVERSION,
  /**
   * Mean per exposed unit of the units' totals (counts or values; further metrics): Welch test on
   * means with variance from the sum of squares.
   */
  MEAN;

  /** The JSON spelling. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
