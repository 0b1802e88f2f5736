package dev.abkit.spi;

/**
 * Sufficient statistics of one metric in one variant, over the events that count for their unit
 * ({@link MetricQuery}). A unit's value is the sum of its counted events' amounts ({@link
 * MetricQuery.Amount}).
 *
 * <p>The sums are taken over the units' values minus {@code shift}, a pilot value of the metric
 * (any one unit's value does): values near 1e8 with a spread of 1 would otherwise lose every
 * significant digit of their variance in {@code Σx² − (Σx)²/n}, since the variance is
 * shift-invariant but the squares are not. A shift of 0 gives the plain sums.
 *
 * @param units exposed units with at least one such event (conversions)
 * @param shift the pilot value subtracted from each unit's value before summing
 * @param shiftedSum sum over those units of {@code value − shift}
 * @param shiftedSumSquares sum over those units of {@code (value − shift)²}
 */
public record MetricData(long units, double shift, double shiftedSum, double shiftedSumSquares) {
  public static final MetricData EMPTY = new MetricData(0, 0, 0);

  public MetricData {
    if (units < 0) {
      throw new IllegalArgumentException("units must be >= 0, was " + units);
    }
  }

  /** Plain (unshifted) statistics: the sum and sum of squares of the units' values. */
  public MetricData(long units, double sum, double sumSquares) {
    this(units, 0, sum, sumSquares);
  }

  /** Sum over the units of their values. */
  public double sum() {
    return shiftedSum + units * shift;
  }

  /**
   * Sum over the units of their values squared (may have lost precision or overflowed where the
   * shifted sums did not: analysis uses those).
   */
  public double sumSquares() {
    return shiftedSumSquares + 2 * shift * shiftedSum + units * shift * shift;
  }

  /** Whether every sum is a finite number (a huge value may overflow one). */
  public boolean finite() {
    return Double.isFinite(shift)
        && Double.isFinite(shiftedSum)
        && Double.isFinite(shiftedSumSquares);
  }

  /** The same statistics around another pilot value {@code to} (exact in real arithmetic). */
  public MetricData shiftedTo(double to) {
    if (to == shift) {
      return this;
    }
    double d = shift - to; // value − to = (value − shift) + d
    return new MetricData(
        units, to, shiftedSum + units * d, shiftedSumSquares + 2 * d * shiftedSum + units * d * d);
  }

  /** Adds another part (statistics are mergeable: {@code o} is moved to this part's shift). */
  public MetricData plus(MetricData o) {
    if (units == 0) {
      return new MetricData(o.units, o.shift, o.shiftedSum, o.shiftedSumSquares);
    }
    MetricData r = o.shiftedTo(shift);
    return new MetricData(
        units + r.units, shift, shiftedSum + r.shiftedSum, shiftedSumSquares + r.shiftedSumSquares);
  }
}
