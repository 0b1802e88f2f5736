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

  /** Variance of the arm mean, {@code variance / n}. */
  public double meanVariance() {
    return variance / n;
  }
}
