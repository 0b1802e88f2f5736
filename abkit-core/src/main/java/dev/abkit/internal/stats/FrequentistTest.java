package dev.abkit.internal.stats;

/**
 * Fixed-horizon test of an {@link Estimate}: Student-t with the Welch dof, or the normal.
 *
 * <p>Two-sided {@code p = 2 F(-|t|)}, CI {@code est ± q_{1-α/2}·se}; one-sided "greater" {@code p =
 * F(-t)}, CI {@code (est - q_{1-α}·se, ∞)}, "lesser" mirrored (GrowthBook {@code TwoSidedTTest},
 * {@code OneSidedTreatmentGreaterTTest}). {@link Reference#AUTO} uses t below 100 dof and the
 * normal above, as Statsig documents.
 */
public final class FrequentistTest {
  /** Dof below which {@link Reference#AUTO} uses Student-t. */
  public static final double AUTO_T_BELOW_DOF = 100;

  private FrequentistTest() {}

  /** Reference distribution of the statistic. */
  public enum Reference {
    STUDENT_T,
    NORMAL,
    AUTO
  }

  /** Alternative hypothesis. */
  public enum Alternative {
    TWO_SIDED,
    GREATER,
    LESSER
  }

  /**
   * A test outcome.
   *
   * @param lower CI lower bound ({@code -∞} for a "lesser" test)
   * @param upper CI upper bound ({@code +∞} for a "greater" test)
   * @param pValue p-value in [0,1]
   */
  public record Outcome(double lower, double upper, double pValue) {}

  /** Tests {@code e} at level {@code alpha}. */
  public static Outcome test(Estimate e, double alpha, Alternative alternative, Reference ref) {
    boolean useT =
        ref == Reference.STUDENT_T || (ref == Reference.AUTO && e.dof() < AUTO_T_BELOW_DOF);
    double z = e.z();
    switch (alternative) {
      case GREATER:
        {
          double q = quantile(1 - alpha, useT, e.dof());
          return new Outcome(
              e.estimate() - q * e.stdError(), Double.POSITIVE_INFINITY, cdf(-z, useT, e.dof()));
        }
      case LESSER:
        {
          double q = quantile(1 - alpha, useT, e.dof());
          return new Outcome(
              Double.NEGATIVE_INFINITY, e.estimate() + q * e.stdError(), cdf(z, useT, e.dof()));
        }
      default:
        {
          double q = quantile(1 - alpha / 2, useT, e.dof());
          double p = Math.min(1, 2 * cdf(-Math.abs(z), useT, e.dof()));
          return new Outcome(e.estimate() - q * e.stdError(), e.estimate() + q * e.stdError(), p);
        }
    }
  }

  private static double cdf(double x, boolean t, double dof) {
    return t ? Distributions.tCdf(x, dof) : Distributions.phi(x);
  }

  private static double quantile(double p, boolean t, double dof) {
    return t ? Distributions.tQuantile(p, dof) : Distributions.normalQuantile(p);
  }
}
