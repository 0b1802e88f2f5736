package dev.abkit.analysis;

import org.jspecify.annotations.Nullable;

/**
 * A closed interval with finite bounds, written {@code [lower, upper]} in the results JSON.
 *
 * @param lower lower bound
 * @param upper upper bound, {@code >= lower}
 */
public record Interval(double lower, double upper) {
  public Interval {
    if (!Double.isFinite(lower) || !Double.isFinite(upper) || lower > upper) {
      throw new IllegalArgumentException(
          "interval bounds must be finite with lower <= upper, was [" + lower + ", " + upper + "]");
    }
  }

  /** The interval, or {@code null} when a bound is not finite (an undefined interval). */
  static @Nullable Interval ofNullable(double lower, double upper) {
    return Double.isFinite(lower) && Double.isFinite(upper) && lower <= upper
        ? new Interval(lower, upper)
        : null;
  }

  /** Whether {@code x} lies inside. */
  public boolean contains(double x) {
    return lower <= x && x <= upper;
  }
}
