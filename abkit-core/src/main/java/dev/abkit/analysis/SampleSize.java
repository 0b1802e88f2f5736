package dev.abkit.analysis;

import dev.abkit.internal.stats.Distributions;
import org.jspecify.annotations.Nullable;

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

  /**
   * The power of the test to detect an absolute change {@code mde} with {@code perVariant} units in
   * each arm: the formula above solved for {@code 1−β}, {@code Φ((√n·|δ| − z_{1−α/2}·√(2p(1−p))) /
   * √(p(1−p) + (p+δ)(1−p−δ)))}.
   *
   * @throws IllegalArgumentException as {@link #perVariant}, or when {@code perVariant <= 0}
   */
  public static double power(double baseline, double mde, double alpha, double perVariant) {
    if (!(perVariant > 0)) {
      throw new IllegalArgumentException("perVariant must be > 0, was " + perVariant);
    }
    perVariant(baseline, mde, alpha, 0.5); // the same argument checks
    double p = baseline > 0.5 ? 1 - baseline : baseline;
    double q = p + mde;
    double zAlpha = Distributions.normalQuantile(1 - alpha / 2);
    double zBeta =
        (Math.sqrt(perVariant) * Math.abs(mde) - zAlpha * Math.sqrt(2 * p * (1 - p)))
            / Math.sqrt(p * (1 - p) + q * (1 - q));
    return Distributions.phi(zBeta);
  }

  /**
   * The smallest absolute increase of the rate that {@code perVariant} units per arm detect with
   * {@code power}: {@link #perVariant} inverted by bisection; {@code null} when even the largest
   * possible change needs more units, or the baseline is 0 or 1.
   */
  public static @Nullable Double detectableEffect(
      double baseline, double alpha, double power, double perVariant) {
    if (!(baseline > 0 && baseline < 1) || perVariant < 2) {
      return null;
    }
    double p = baseline > 0.5 ? 1 - baseline : baseline;
    double lo = 1e-6;
    double hi = 1 - p - 1e-9;
    if (perVariant(p, hi, alpha, power) > perVariant) {
      return null;
    }
    // The units needed fall as the effect grows: bisect for the effect needing perVariant units.
    for (int i = 0; i < 60; i++) {
      double mid = (lo + hi) / 2;
      if (perVariant(p, mid, alpha, power) > perVariant) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }

  private static void requireOpenUnit(String name, double value) {
    if (!(value > 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in (0,1), was " + value);
    }
  }
}
