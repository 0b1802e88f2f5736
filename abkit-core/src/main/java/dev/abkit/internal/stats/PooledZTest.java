package dev.abkit.internal.stats;

/**
 * Pooled two-proportion z-test (STATS.md 2.2): {@code p̄ = (S_c+S_t)/(n_c+n_t)}, {@code se =
 * √(p̄(1−p̄)(1/n_c + 1/n_t))}; {@code z²} equals the 2×2 Pearson chi-square without continuity
 * correction, which is what "chi-squared test" calculators report. Offered next to the unpooled
 * test for comparisons with such calculators; it has no matching interval.
 */
public final class PooledZTest {
  private PooledZTest() {}

  /** Two-sided p-value, or NaN when undefined (an arm without units, or p̄ of 0 or 1). */
  public static double pValue(
      long controlConversions, long controlUnits, long treatmentConversions, long treatmentUnits) {
    if (controlUnits <= 0 || treatmentUnits <= 0) {
      return Double.NaN;
    }
    double pooled =
        (double) (controlConversions + treatmentConversions) / (controlUnits + treatmentUnits);
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / controlUnits + 1.0 / treatmentUnits));
    if (!(se > 0)) {
      return Double.NaN;
    }
    double diff =
        (double) treatmentConversions / treatmentUnits - (double) controlConversions / controlUnits;
    return Math.min(1, 2 * Distributions.phi(-Math.abs(diff / se)));
  }
}
