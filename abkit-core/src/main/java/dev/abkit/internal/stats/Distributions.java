package dev.abkit.internal.stats;

import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.numbers.gamma.RegularizedGamma;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The few distribution functions the tests need, all from Apache Commons Statistics and Numbers.
 * Tails are computed directly (erfc, regularized gamma Q, the t CDF at {@code -|t|}) so small
 * p-values keep their precision.
 */
public final class Distributions {
  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

  private Distributions() {}

  /** Standard normal CDF. */
  public static double phi(double x) {
    return 0.5 * Erfc.value(-x / Math.sqrt(2));
  }

  /** Standard normal density. */
  public static double density(double x) {
    return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  }

  /** Standard normal quantile. */
  public static double normalQuantile(double p) {
    return STANDARD_NORMAL.inverseCumulativeProbability(p);
  }

  /** Student-t CDF with (fractional) {@code dof}. */
  public static double tCdf(double t, double dof) {
    return TDistribution.of(dof).cumulativeProbability(t);
  }

  /** Student-t quantile with (fractional) {@code dof}. */
  public static double tQuantile(double p, double dof) {
    return TDistribution.of(dof).inverseCumulativeProbability(p);
  }

  /** {@code P(chi2_df > x)}. */
  public static double chiSquareUpperTail(double x, int df) {
    if (x <= 0) {
      return 1;
    }
    return RegularizedGamma.Q.value(df / 2.0, x / 2.0);
  }
}
