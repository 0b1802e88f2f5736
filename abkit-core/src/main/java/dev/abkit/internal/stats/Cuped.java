package dev.abkit.internal.stats;

import org.jspecify.annotations.Nullable;

/**
 * CUPED (regression adjustment by a pre-period covariate) of a per-unit metric, as gbstats {@code
 * RegressionAdjustedStatistic}, {@code compute_theta} ({@code gbstats/models/statistics.py}) and
 * {@code frequentist_variance_relative_cuped} ({@code gbstats/frequentist/tests.py}); DESIGN.md
 * section 10, STATS.md 6 (Deng et al. 2013).
 *
 * <p>In {@link PairedSums}, {@code y} is the metric in the experiment and {@code x} the same metric
 * per unit in the pre-period. For one control–treatment pair:
 *
 * <pre>
 * θ = cov(x, y) / var(x)              over both arms' units together (n − 1 denominators)
 * arm mean      ȳ − θ·x̄
 * arm variance  var(y) + θ²·var(x) − 2θ·cov(x, y)
 * absolute lift (ȳ_B − ȳ_A) − θ(x̄_B − x̄_A), variance Σ arm variance / n
 * relative lift absolute lift / |ȳ_A|   (the UNADJUSTED control mean)
 * </pre>
 *
 * The relative lift's variance is gbstats' delta method, whose control term carries the covariance
 * {@code −2θ·cov_A·ȳ_B/ȳ_A}; it is not {@link Estimate#of}'s formula applied to the adjusted means.
 * The degrees of freedom are Welch's from the adjusted arm variances, as gbstats {@code
 * EffectMoments.dof}. A θ that is NaN (no pre-period variance) means no adjustment: gbstats then
 * reverts to the unadjusted statistics, and so do these methods.
 */
public final class Cuped {
  private Cuped() {}

  /** How the per-arm variances and covariance are computed from the sums. */
  public enum Moments {
    /** Sample variances and covariance with {@code n − 1} denominators (gbstats sample means). */
    SAMPLE,
    /**
     * 0/1 values (gbstats {@code ProportionStatistic}): {@code p(1 − p)} and {@code Σxy/n −
     * ΣxΣy/n²}, matching {@link ArmStats#proportion} for the unadjusted comparison.
     */
    PROPORTION
  }

  /** {@link #theta(PairedSums, PairedSums, Moments)} with {@link Moments#SAMPLE}. */
  public static double theta(PairedSums control, PairedSums treatment) {
    return theta(control, treatment, Moments.SAMPLE);
  }

  /**
   * θ for one control–treatment pair: the pooled {@code cov(x, y)} over the pooled {@code var(x)},
   * both arms' units together; NaN when {@code var(x)} is 0 or undefined, 0 when {@code var(y)} is
   * 0 (gbstats {@code compute_theta}).
   */
  public static double theta(PairedSums control, PairedSums treatment, Moments moments) {
    Arm joint = Arm.of(control.plus(treatment), moments);
    if (!(joint.varX > 0)) {
      return Double.NaN;
    }
    if (joint.varY == 0) {
      return 0;
    }
    return joint.cov / joint.varX;
  }

  /**
   * {@link #estimate(PairedSums, PairedSums, double, Estimate.Difference, Moments)} with {@link
   * Moments#SAMPLE}.
   */
  public static @Nullable Estimate estimate(
      PairedSums control, PairedSums treatment, double theta, Estimate.Difference difference) {
    return estimate(control, treatment, theta, difference, Moments.SAMPLE);
  }

  /**
   * The regression-adjusted comparison of treatment against control (absolute, or relative over the
   * unadjusted control mean), or {@code null} where undefined, like {@link Estimate#of}: an arm
   * with fewer than 2 units, an unadjusted or adjusted variance that is not positive, or (relative)
   * an unadjusted control mean of 0.
   */
  public static @Nullable Estimate estimate(
      PairedSums control,
      PairedSums treatment,
      double theta,
      Estimate.Difference difference,
      Moments moments) {
    if (control.n() < 2 || treatment.n() < 2) {
      return null;
    }
    double t = Double.isNaN(theta) ? 0 : theta;
    Arm a = Arm.of(control, moments);
    Arm b = Arm.of(treatment, moments);
    double va = a.adjustedVariance(t);
    double vb = b.adjustedVariance(t);
    // gbstats refuses a zero unadjusted variance; a zero adjusted one leaves no standard error
    if (!(a.varY > 0) || !(b.varY > 0) || !(va > 0) || !(vb > 0)) {
      return null;
    }
    double na = control.n();
    double nb = treatment.n();
    double absolute = (b.meanY - t * b.meanX) - (a.meanY - t * a.meanX);
    double ea = va / na;
    double eb = vb / nb;
    double dof = (ea + eb) * (ea + eb) / (ea * ea / (na - 1) + eb * eb / (nb - 1));
    double estimate;
    double variance;
    if (difference == Estimate.Difference.ABSOLUTE) {
      estimate = absolute;
      variance = ea + eb;
    } else {
      double ma = a.meanY;
      if (ma == 0) {
        return null;
      }
      double mb = b.meanY;
      double ma2 = ma * ma;
      estimate = absolute / Math.abs(ma);
      // gbstats frequentist_variance_relative_cuped: d/dȳ_A of the lift taken as −ȳ_B/ȳ_A²
      double controlTerm = a.varY * mb * mb / ma2 - 2 * t * a.cov * mb / ma + t * t * a.varX;
      variance = vb / (nb * ma2) + controlTerm / (na * ma2);
    }
    double se = Math.sqrt(variance);
    if (!(se > 0) || Double.isInfinite(se) || Double.isNaN(estimate)) {
      return null;
    }
    return new Estimate(estimate, se, Double.isNaN(dof) ? Double.POSITIVE_INFINITY : dof);
  }

  /**
   * {@link #varianceReduction(PairedSums, PairedSums, double, Moments)} with {@link
   * Moments#SAMPLE}.
   */
  public static double varianceReduction(PairedSums control, PairedSums treatment, double theta) {
    return varianceReduction(control, treatment, theta, Moments.SAMPLE);
  }

  /**
   * {@code 1 − Var(adjusted lift) / Var(unadjusted lift)} for the absolute difference: the share of
   * the lift's variance CUPED removes (about ρ² for a covariate with correlation ρ); 0 for a NaN θ,
   * NaN when the unadjusted variance is not positive.
   */
  public static double varianceReduction(
      PairedSums control, PairedSums treatment, double theta, Moments moments) {
    double t = Double.isNaN(theta) ? 0 : theta;
    Arm a = Arm.of(control, moments);
    Arm b = Arm.of(treatment, moments);
    double unadjusted = a.varY / control.n() + b.varY / treatment.n();
    if (!(unadjusted > 0)) {
      return Double.NaN;
    }
    double adjusted = a.adjustedVariance(t) / control.n() + b.adjustedVariance(t) / treatment.n();
    return 1 - adjusted / unadjusted;
  }

  /**
   * One arm's adjusted per-unit variance {@code var(y) + θ²var(x) − 2θ·cov(x, y)} (gbstats {@code
   * RegressionAdjustedStatistic.variance}); NaN when {@code n < 2}.
   */
  public static double adjustedVariance(PairedSums arm, double theta, Moments moments) {
    return Arm.of(arm, moments).adjustedVariance(Double.isNaN(theta) ? 0 : theta);
  }

  /** An arm's means, variances and covariance. */
  private record Arm(double meanY, double meanX, double varY, double varX, double cov) {

    static Arm of(PairedSums s, Moments moments) {
      double n = s.n();
      double meanY = s.ySum() / n;
      double meanX = s.xSum() / n;
      if (s.n() < 2) {
        return new Arm(meanY, meanX, Double.NaN, Double.NaN, Double.NaN);
      }
      if (moments == Moments.PROPORTION) {
        return new Arm(
            meanY,
            meanX,
            meanY * (1 - meanY),
            meanX * (1 - meanX),
            s.xySum() / n - s.xSum() * s.ySum() / (n * n));
      }
      return new Arm(
          meanY,
          meanX,
          (s.ySumSquares() - s.ySum() * s.ySum() / n) / (n - 1),
          (s.xSumSquares() - s.xSum() * s.xSum() / n) / (n - 1),
          (s.xySum() - s.xSum() * s.ySum() / n) / (n - 1));
    }

    double adjustedVariance(double theta) {
      return varY + theta * theta * varX - 2 * theta * cov;
    }
  }
}
