package dev.abkit.spi;

/**
 * Sums of two per-unit values of one metric in one variant, over its exposed units (a unit without
 * either value adds nothing): {@code y}, the metric's value, and {@code x}, the value it is paired
 * with ({@link MetricQuery.Pairing}): a ratio's denominator, or CUPED's pre-period value. Enough
 * for the delta method of a ratio and for regression adjustment (DESIGN.md section 10).
 *
 * <p>Plain sums, not shifted like {@link MetricData}'s: the values the API accepts are bounded
 * (±1e12), so no square overflows.
 *
 * @param ySum sum of {@code y}
 * @param ySumSquares sum of {@code y²}
 * @param xSum sum of {@code x}
 * @param xSumSquares sum of {@code x²}
 * @param xySum sum of {@code x·y}
 */
public record PairedData(
    double ySum, double ySumSquares, double xSum, double xSumSquares, double xySum) {
  /** No unit with either value. */
  public static final PairedData EMPTY = new PairedData(0, 0, 0, 0, 0);

  /** Whether every sum is a finite number. */
  public boolean finite() {
    return Double.isFinite(ySum)
        && Double.isFinite(ySumSquares)
        && Double.isFinite(xSum)
        && Double.isFinite(xSumSquares)
        && Double.isFinite(xySum);
  }

  /** Adds another part (sums are mergeable). */
  public PairedData plus(PairedData o) {
    return new PairedData(
        ySum + o.ySum,
        ySumSquares + o.ySumSquares,
        xSum + o.xSum,
        xSumSquares + o.xSumSquares,
        xySum + o.xySum);
  }
}
