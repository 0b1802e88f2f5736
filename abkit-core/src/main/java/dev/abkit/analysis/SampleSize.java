package dev.abkit.analysis;

import dev.abkit.internal.stats.Distributions;

/**
 * Planning: units needed per variant to detect a change in a conversion rate.
 *
 * <p>Evan Miller's sample-size formula (evanmiller.org/ab-testing/sample-size.html; STATS.md 7.1),
 * for baseline rate {@code p}, absolute minimum detectable effect {@code δ}, two-sided level {@code
 * α} and power {@code 1−β}:
 *
 * <pre>
 * n = ( z_{1−α/2}·√(2p(1−p)) + z_{1−β}·√(p(1−p) + (p+δ)(1−p−δ)) )² / δ²
 * </pre>
 *
 * The null part uses the baseline only (not the pooled rate), and, like the calculator, a baseline
 * above 0.5 is first folded to {@code 1−p}. Pinned vectors: 20% ± 5 pp → 1030.2, 10% ± 1 pp →
 * 14312.9, 5% ± 0.5 pp → 30244.4 (α 0.05, power 0.8). Round up for a plan. Stateless, thread-safe.
 */
public final class SampleSize {
  private SampleSize() {}

  /**
   * Units per variant (not rounded).
   *
   * @param baseline control conversion rate, in (0,1)
   * @param mde absolute minimum detectable effect, non-zero, with {@code baseline + mde} in (0,1)
   *     after folding
   * @param alpha two-sided significance level, in (0,1)
   * @param power probability of detecting {@code mde}, in (0,1)
   * @throws IllegalArgumentException naming the first argument out of range
   */
  public static double perVariant(double baseline, double mde, double alpha, double power) {
    requireOpenUnit("baseline", baseline);
    requireOpenUnit("alpha", alpha);
    requireOpenUnit("power", power);
    double p = baseline > 0.5 ? 1 - baseline : baseline;
    if (!(mde != 0) || !Double.isFinite(mde) || !(p + mde > 0 && p + mde < 1)) {
      throw new IllegalArgumentException(
          "mde must be non-zero with baseline + mde in (0,1), was " + mde);
    }
    double zAlpha = Distributions.normalQuantile(1 - alpha / 2);
    double zBeta = Distributions.normalQuantile(power);
    double q = p + mde;
    double root =
        zAlpha * Math.sqrt(2 * p * (1 - p)) + zBeta * Math.sqrt(p * (1 - p) + q * (1 - q));
    return root * root / (mde * mde);
  }

  private static void requireOpenUnit(String name, double value) {
    if (!(value > 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in (0,1), was " + value);
    }
  }
}
