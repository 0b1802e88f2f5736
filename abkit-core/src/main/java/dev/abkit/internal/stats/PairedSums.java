package dev.abkit.internal.stats;

/**
 * Per-arm sums of a per-unit value {@code y} and a second per-unit value {@code x} over {@code n}
 * units (units without data count 0): {@code x} is a ratio's denominator ({@link RatioStatistic})
 * or CUPED's pre-period covariate ({@link Cuped}). The sufficient statistics of gbstats' {@code
 * RatioStatistic} and {@code RegressionAdjustedStatistic}.
 *
 * @param n units
 * @param ySum {@code Σy}
 * @param ySumSquares {@code Σy²}
 * @param xSum {@code Σx}
 * @param xSumSquares {@code Σx²}
 * @param xySum {@code Σxy}
 */
public record PairedSums(
    long n, double ySum, double ySumSquares, double xSum, double xSumSquares, double xySum) {

  /** The sums of two arms' units together (gbstats {@code create_joint_statistic}). */
  PairedSums plus(PairedSums other) {
    return new PairedSums(
        n + other.n,
        ySum + other.ySum,
        ySumSquares + other.ySumSquares,
        xSum + other.xSum,
        xSumSquares + other.xSumSquares,
        xySum + other.xySum);
  }
}
