package dev.abkit.internal.stats;

import org.apache.commons.numbers.gamma.LogBeta;

/**
 * Exact {@code P(p_t > p_c)} for two conversion rates under uniform Beta(1,1) priors.
 *
 * <p>Source: Evan Miller, "Formulas for Bayesian A/B testing" (evanmiller.org), STATS.md 5.2: with
 * {@code a = 1 + conversions}, {@code b = 1 + non-conversions} per arm, {@code P = Σ_{i=0}^{a_t−1}
 * B(a_c+i, b_c+b_t) / ((b_t+i) B(1+i, b_t) B(a_c, b_c))}, summed in log space (Commons Numbers
 * {@code LogBeta} for the first term, then the ratio of consecutive terms). Cost is linear in the
 * treatment's conversions, so callers bound it.
 */
public final class BetaBinomial {
  private BetaBinomial() {}

  /** The chance that the treatment's rate exceeds the control's. */
  public static double chanceToBeatControl(
      long controlConversions, long controlUnits, long treatmentConversions, long treatmentUnits) {
    double ac = 1 + controlConversions;
    double bc = 1 + controlUnits - controlConversions;
    double at = 1 + treatmentConversions;
    double bt = 1 + treatmentUnits - treatmentConversions;
    // term_0 = B(a_c, b_c+b_t)/(b_t B(1, b_t) B(a_c, b_c)) with B(1, b_t) = 1/b_t; each next term
    // follows from B(x+1, y) = B(x, y)·x/(x+y): ratio = (a_c+i)/(a_c+b_c+b_t+i) · (b_t+i)/(1+i)
    double logTerm = LogBeta.value(ac, bc + bt) - LogBeta.value(ac, bc);
    double total = 0;
    for (int i = 0; i < at; i++) {
      total += Math.exp(logTerm);
      logTerm += Math.log((ac + i) * (bt + i) / ((ac + bc + bt + i) * (1 + i)));
    }
    return Math.max(0, Math.min(1, total));
  }
}
