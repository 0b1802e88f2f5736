package dev.abkit.internal.stats;

/**
 * Wilson score interval for one proportion (Wilson 1927; STATS.md 2.5): {@code (p̂ + z²/2n ±
 * z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)}. Stays inside [0,1] and is informative at 0 or n
 * conversions, so it is what the per-variant rate shows.
 */
public final class Wilson {
  private Wilson() {}

  /** {@code [lower, upper]} at two-sided level {@code alpha}; {@code null} when {@code n == 0}. */
  public static double[] interval(long successes, long n, double alpha) {
    if (n <= 0) {
      return null;
    }
    double z = Distributions.normalQuantile(1 - alpha / 2);
    double p = (double) successes / n;
    double z2 = z * z;
    double centre = p + z2 / (2 * n);
    double spread = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    double denominator = 1 + z2 / n;
    return new double[] {
      Math.max(0, (centre - spread) / denominator), Math.min(1, (centre + spread) / denominator)
    };
  }
}
