package dev.abkit.internal.stats;

/**
 * Always-valid (sequential) inference with the normal-mixture asymptotic confidence sequence.
 *
 * <p>Sources: Waudby-Smith et al., "Time-uniform central limit theory and asymptotic confidence
 * sequences" (arXiv 2103.06476v7, eqs. 9, 134, 155, 161) as implemented by GrowthBook ({@code
 * SequentialTwoSidedTTest} in {@code gbstats/frequentist/tests.py}); identical to Eppo's bound
 * (Howard et al. 2021, eq. 14, with {@code r = 1/ρ²}) and to the Johari et al. mSPRT with mixing
 * variance {@code τ² = ρ² N se²} (STATS.md 4.2-4.3). With {@code N = n_c + n_t} and tuning {@code
 * N*} (the total sample at which a decision is expected):
 *
 * <pre>
 * ρ² = (−2 ln α + ln(1 − 2 ln α)) / N*
 * half-width = se·√N · √( 2(Nρ²+1)/(Nρ)² · ln(√(Nρ²+1)/α) )
 * p = min(1, √(Nρ²+1) · exp(−ρ² N z² / (2(Nρ²+1))))
 * </pre>
 *
 * The p-value and interval are valid at every look (Ville's inequality); like GrowthBook they are
 * computed from the cumulative data of the look, without running minimum.
 */
public final class ConfidenceSequence {
  /** GrowthBook's default tuning {@code N*}. */
  public static final double DEFAULT_TUNING = 5000;

  private ConfidenceSequence() {}

  /**
   * Two-sided always-valid result.
   *
   * @param lower lower bound
   * @param upper upper bound
   * @param pValue always-valid p-value
   */
  public record Outcome(double lower, double upper, double pValue) {}

  /** Two-sided confidence sequence and p-value for {@code e} after {@code n} total units. */
  public static Outcome twoSided(Estimate e, long n, double alpha, double tuning) {
    double rho2 = rhoSquared(alpha, tuning);
    double nRho2 = n * rho2;
    double half = e.stdError() * multiplier(n, alpha, tuning);
    double z = e.z();
    // log space: the exponent is large and negative for clear effects
    double logP = 0.5 * Math.log(nRho2 + 1) - rho2 * n * z * z / (2 * (nRho2 + 1));
    double p = Math.min(1, Math.exp(logP));
    return new Outcome(e.estimate() - half, e.estimate() + half, p);
  }

  /**
   * The half-width in units of the standard error after {@code n} total units (3.035 at {@code n =
   * N*}, α = 0.05, against 1.96 fixed-horizon).
   */
  public static double multiplier(double n, double alpha, double tuning) {
    double rho2 = rhoSquared(alpha, tuning);
    double nRho2 = n * rho2;
    return Math.sqrt(n)
        * Math.sqrt(2 * (nRho2 + 1) / (n * nRho2) * Math.log(Math.sqrt(nRho2 + 1) / alpha));
  }

  /**
   * One-sided confidence sequence (Waudby-Smith et al. eq. 134, ρ computed from 2α) and p-value:
   * the α at which the bound touches 0, in closed form {@code α = √(Nρ²+1)/(2(e^K − 1))}, {@code K
   * = est²(Nρ)²/(2 N se² (Nρ²+1))}, clipped to GrowthBook's bisection range [1e-5, 0.4999]; an
   * estimate on the wrong side gives 0.4999.
   *
   * @param greater {@code true} for H1: effect &gt; 0
   */
  public static Outcome oneSided(Estimate e, long n, double alpha, double tuning, boolean greater) {
    double rho2 = rhoSquared(2 * alpha, tuning);
    double nRho2 = n * rho2;
    double s2 = n * e.stdError() * e.stdError();
    double half =
        Math.sqrt(
            s2 * 2 * (nRho2 + 1) / (n * nRho2) * Math.log(1 + Math.sqrt(nRho2 + 1) / (2 * alpha)));
    double p;
    boolean rightSide = greater ? e.estimate() > 0 : e.estimate() < 0;
    if (!rightSide) {
      p = 0.4999;
    } else {
      double k = e.estimate() * e.estimate() * n * nRho2 / (2 * s2 * (nRho2 + 1));
      p = Math.sqrt(nRho2 + 1) / (2 * Math.expm1(k));
      p = Math.max(1e-5, Math.min(0.4999, p));
    }
    return greater
        ? new Outcome(e.estimate() - half, Double.POSITIVE_INFINITY, p)
        : new Outcome(Double.NEGATIVE_INFINITY, e.estimate() + half, p);
  }

  private static double rhoSquared(double alpha, double tuning) {
    return (-2 * Math.log(alpha) + Math.log(1 - 2 * Math.log(alpha))) / tuning;
  }
}
