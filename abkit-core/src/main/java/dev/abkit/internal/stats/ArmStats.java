package dev.abkit.internal.stats;

/**
 * Per-arm summary used by the tests: sample size, mean and per-unit variance.
 *
 * <p>Proportions use {@code p(1-p)} (no n-1), sample means {@code (Q - S^2/n)/(n-1)}, as GrowthBook
 * does ({@code ProportionStatistic}, {@code SampleMeanStatistic} in gbstats).
 *
 * @param n units
 * @param mean per-unit mean ({@code NaN} when {@code n == 0})
 * @param variance per-unit variance ({@code NaN} when undefined)
 */
public record ArmStats(long n, double mean, double variance) {

  /** A 0/1 metric: {@code conversions} of {@code n} units. */
  public static ArmStats proportion(long n, double conversions) {
    if (n <= 0) {
      return new ArmStats(Math.max(n, 0), Double.NaN, Double.NaN);
    }
    double p = conversions / n;
    return new ArmStats(n, p, p * (1 - p));
  }

  /** A metric given by the sum and sum of squares of per-unit values. */
  public static ArmStats sampleMean(long n, double sum, double sumSquares) {
    if (n <= 0) {
      return new ArmStats(Math.max(n, 0), Double.NaN, Double.NaN);
    }
    double mean = sum / n;
    double variance = n < 2 ? Double.NaN : (sumSquares - sum * sum / n) / (n - 1);
    return new ArmStats(n, mean, variance);
  }

  /**
   * A metric over {@code n} units of which {@code k} have a value, given by the sums of their
   * values minus {@code shift}; the other {@code n − k} units count 0. Stable for large values with
   * a small spread: the {@code k} values' squared deviations come from the shifted sums, and the
   * zeros join them by the exact pairwise-merge formula (Chan et al.) {@code M2 = M2_k +
   * d²·k(n−k)/n}, {@code d} the {@code k} values' mean. Equals {@link #sampleMean} in exact
   * arithmetic.
   */
  public static ArmStats shiftedSampleMean(
      long n, long k, double shift, double shiftedSum, double shiftedSumSquares) {
    if (n <= 0) {
      return new ArmStats(Math.max(n, 0), Double.NaN, Double.NaN);
    }
    if (k > n) { // not a proper subset of the units: no zeros to merge
      return sampleMean(
          n,
          shiftedSum + k * shift,
          Math.fma(k * shift, shift, shiftedSumSquares + 2 * shift * shiftedSum));
    }
    double mean = (shiftedSum + k * shift) / n;
    if (n < 2) {
      return new ArmStats(n, mean, Double.NaN);
    }
    double m2 = 0;
    if (k > 0) {
      double m2k = Math.max(0, shiftedSumSquares - shiftedSum * shiftedSum / k);
      double meanK = shift + shiftedSum / k;
      m2 = m2k + meanK * meanK * ((double) k * (n - k) / n);
    }
    return new ArmStats(n, mean, m2 / (n - 1));
  }

  /** Variance of the arm mean, {@code variance / n}. */
  public double meanVariance() {
    return variance / n;
  }
}
