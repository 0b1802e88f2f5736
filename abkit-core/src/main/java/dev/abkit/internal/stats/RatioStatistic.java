package dev.abkit.internal.stats;

/**
 * One arm of a ratio metric {@code Σy/Σx} (revenue per session, clicks per pageview: the unit of
 * analysis is not the unit of randomization) by the delta method, as gbstats {@code RatioStatistic}
 * ({@code gbstats/models/statistics.py}) and STATS.md 2.4.
 *
 * <p>With per-unit means {@code μ_y = Σy/n}, {@code μ_x = Σx/n}, sample variances {@code s_y²},
 * {@code s_x²} and covariance {@code s_xy = (Σxy − ΣxΣy/n)/(n−1)}, the ratio's per-unit variance is
 * {@code s_y²/μ_x² + s_x²μ_y²/μ_x⁴ − 2 s_xy μ_y/μ_x³} (gbstats {@code variance_of_ratios}): divided
 * by {@code n} it is the variance of the arm's ratio, so {@link Estimate#of} compares two arms as
 * it compares means. Treating each denominator unit (session) as an independent trial instead
 * underestimates the variance.
 */
public final class RatioStatistic {
  private RatioStatistic() {}

  /**
   * The arm's ratio {@code ySum/xSum} and its delta-method per-unit variance; the mean is NaN when
   * {@code n == 0} or {@code xSum == 0}, the variance NaN also when {@code n < 2}.
   */
  public static ArmStats arm(PairedSums s) {
    long n = s.n();
    if (n <= 0 || s.xSum() == 0) {
      return new ArmStats(Math.max(n, 0), Double.NaN, Double.NaN);
    }
    double ratio = s.ySum() / s.xSum();
    if (n < 2) {
      return new ArmStats(n, ratio, Double.NaN);
    }
    double meanY = s.ySum() / n;
    double meanX = s.xSum() / n;
    double varY = (s.ySumSquares() - s.ySum() * s.ySum() / n) / (n - 1);
    double varX = (s.xSumSquares() - s.xSum() * s.xSum() / n) / (n - 1);
    double cov = (s.xySum() - s.xSum() * s.ySum() / n) / (n - 1);
    return new ArmStats(n, ratio, varianceOfRatio(meanY, varY, meanX, varX, cov));
  }

  /**
   * Variance of {@code Y/X} by the delta method for means {@code meanY}, {@code meanX}, variances
   * and covariance (gbstats {@code variance_of_ratios}).
   */
  static double varianceOfRatio(
      double meanY, double varY, double meanX, double varX, double covXY) {
    double x2 = meanX * meanX;
    return varY / x2 + varX * meanY * meanY / (x2 * x2) - 2 * covXY * meanY / (x2 * meanX);
  }
}
