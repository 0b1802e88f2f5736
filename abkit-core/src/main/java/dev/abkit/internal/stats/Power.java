package dev.abkit.internal.stats;

/**
 * GrowthBook's power and minimum detectable effect for a relative lift (STATS.md 7.2; {@code
 * packages/shared/src/power/power.ts}, {@code docs/statistics/power-technical.mdx}).
 *
 * <p>Each of {@code k} arms gets {@code N = n/k} units; both arms use the baseline variance, so
 * {@code se(Δ)² = σ²/(Nμ²)·(1 + (1+Δ)²)}. Power is {@code 1 − Φ(z* − Δ/se) + Φ(−z* − Δ/se)}. The
 * MDE solves {@code Δ = (z* + z_{power})·se(Δ)}, the positive root of {@code (1−c)Δ² − 2cΔ − 2c =
 * 0} with {@code c = (z* + z_{power})² σ²/(Nμ²)}. Sequential mode inflates se by the confidence
 * sequence multiplier at {@code 2n/k} over {@code z*}.
 */
public final class Power {
  private Power() {}

  /**
   * Power to detect relative effect {@code effect}.
   *
   * @param tuning the sequential {@code N*}, or NaN for fixed horizon
   */
  public static double power(
      double mean,
      double variance,
      double effect,
      double n,
      int variations,
      double alpha,
      double tuning) {
    double perArm = n / variations;
    double zStar = Distributions.normalQuantile(1 - alpha / 2);
    double se =
        Math.sqrt(
            variance / (perArm * mean * mean)
                + variance * Math.pow(mean * (1 + effect), 2) / (perArm * Math.pow(mean, 4)));
    se *= inflation(2 * perArm, alpha, tuning, zStar);
    double shift = effect / se;
    return 1 - Distributions.phi(zStar - shift) + Distributions.phi(-zStar - shift);
  }

  /** Minimum detectable relative effect at {@code power}; NaN when none is reachable. */
  public static double mde(
      double mean,
      double variance,
      double power,
      double n,
      int variations,
      double alpha,
      double tuning) {
    double perArm = n / variations;
    double zStar = Distributions.normalQuantile(1 - alpha / 2);
    double z = zStar + Distributions.normalQuantile(power);
    double infl = inflation(2 * perArm, alpha, tuning, zStar);
    double c = z * z * infl * infl * variance / (perArm * mean * mean);
    if (c >= 1) {
      return Double.NaN;
    }
    return (2 * c + Math.sqrt(4 * c * c + 8 * c * (1 - c))) / (2 * (1 - c));
  }

  private static double inflation(double n, double alpha, double tuning, double zStar) {
    return Double.isNaN(tuning) ? 1 : ConfidenceSequence.multiplier(n, alpha, tuning) / zStar;
  }
}
