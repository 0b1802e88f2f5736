package dev.abkit.internal.stats;

/**
 * An effect of treatment against control with its standard error and Welch-Satterthwaite degrees of
 * freedom.
 *
 * <p>Absolute: {@code m_t - m_c}, variance {@code s_t^2/n_t + s_c^2/n_c}. Relative: {@code (m_t -
 * m_c)/|m_c|}, delta-method variance {@code s_t^2/(n_t m_c^2) + s_c^2 m_t^2/(n_c m_c^4)} (STATS.md
 * 2.1; GrowthBook {@code frequentist_variance}, Eppo "statistical nitty-gritty"). The dof always
 * comes from the raw arm variances, as in GrowthBook's {@code TTest.dof}.
 *
 * @param estimate the effect
 * @param stdError its standard error (positive, finite)
 * @param dof Welch-Satterthwaite degrees of freedom
 */
public record Estimate(double estimate, double stdError, double dof) {

  /** Effect scale. */
  public enum Difference {
    ABSOLUTE,
    RELATIVE
  }

  /**
   * The effect of {@code treatment} over {@code control}, or {@code null} when it is undefined: an
   * arm with fewer than 2 units, a negative or undefined variance, a zero standard error, or (for
   * {@link Difference#RELATIVE}) a control mean of 0.
   */
  public static Estimate of(ArmStats control, ArmStats treatment, Difference difference) {
    if (control.n() < 2 || treatment.n() < 2) {
      return null;
    }
    double vc = control.variance();
    double vt = treatment.variance();
    if (!(vc >= 0) || !(vt >= 0)) {
      return null;
    }
    double mc = control.mean();
    double mt = treatment.mean();
    double ac = vc / control.n();
    double at = vt / treatment.n();
    double dof =
        (ac + at) * (ac + at) / (ac * ac / (control.n() - 1) + at * at / (treatment.n() - 1));
    double estimate;
    double variance;
    if (difference == Difference.ABSOLUTE) {
      estimate = mt - mc;
      variance = ac + at;
    } else {
      if (mc == 0) {
        return null;
      }
      estimate = (mt - mc) / Math.abs(mc);
      variance = at / (mc * mc) + ac * mt * mt / (mc * mc * mc * mc);
    }
    double se = Math.sqrt(variance);
    if (!(se > 0) || Double.isInfinite(se) || Double.isNaN(estimate)) {
      return null;
    }
    return new Estimate(estimate, se, Double.isNaN(dof) ? Double.POSITIVE_INFINITY : dof);
  }

  /** {@code estimate / stdError}. */
  public double z() {
    return estimate / stdError;
  }
}
