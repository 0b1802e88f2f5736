package dev.abkit.internal.stats;

import org.jspecify.annotations.Nullable;

/**
 * CUPED on a ratio metric: the experiment's ratio {@code Σm_post/Σd_post} adjusted by the
 * pre-period ratio {@code Σm_pre/Σd_pre}, as gbstats {@code RegressionAdjustedRatioStatistic},
 * {@code compute_theta_regression_adjusted_ratio} ({@code gbstats/models/statistics.py}) and {@code
 * frequentist_variance_relative_cuped_ratio} ({@code gbstats/frequentist/tests.py}).
 *
 * <p>Per arm, with {@code β = (μ_mpost, μ_dpost, μ_mpre, μ_dpre)} the per-unit means and {@code Λ}
 * their 4×4 sample covariance matrix ({@code n − 1}): the adjusted mean is {@code β₀/β₁ − θ β₂/β₃},
 * its per-unit variance {@code ∇ᵀΛ∇} with {@code ∇ = (1/β₁, −β₀/β₁², −θ/β₃, θβ₂/β₃²)}. θ is {@code
 * (c_A + c_B)/(v_A + v_B)}, {@code v} the pre-period ratio's per-unit variance and {@code c} its
 * covariance with the experiment's ratio in each arm. abkit's product applies CUPED to non-ratio
 * metrics only ({@link Cuped}); this class exists to reproduce gbstats' vectors.
 */
public final class CupedRatio {
  private CupedRatio() {}

  /**
   * θ for one control–treatment pair (gbstats {@code compute_theta_regression_adjusted_ratio}); NaN
   * when the pre-period ratio has no variance or an arm has a zero mean denominator.
   */
  public static double theta(RatioPairedSums control, RatioPairedSums treatment) {
    if (control.n() < 2 || treatment.n() < 2) {
      return Double.NaN;
    }
    Arm a = Arm.of(control);
    Arm b = Arm.of(treatment);
    if (!a.defined() || !b.defined()) {
      return Double.NaN;
    }
    double[] ga = a.gradient(1);
    double[] gb = b.gradient(1);
    double varPre = a.quadratic(ga, 2, 2) + b.quadratic(gb, 2, 2);
    double cov = a.quadratic(ga, 2, 0) + b.quadratic(gb, 2, 0);
    if (!(varPre > 0)) {
      return Double.NaN;
    }
    return -cov / varPre;
  }

  /**
   * The adjusted comparison of treatment against control (absolute, or relative over the unadjusted
   * control ratio), or {@code null} where undefined: fewer than 2 units in an arm, a zero mean
   * denominator, a variance that is not positive, or (relative) a control ratio of 0. A NaN θ, or
   * one below 1e-8 in magnitude, means no adjustment, as in gbstats.
   */
  public static @Nullable Estimate estimate(
      RatioPairedSums control,
      RatioPairedSums treatment,
      double theta,
      Estimate.Difference difference) {
    if (control.n() < 2 || treatment.n() < 2) {
      return null;
    }
    Arm a = Arm.of(control);
    Arm b = Arm.of(treatment);
    if (!a.defined() || !b.defined()) {
      return null;
    }
    double t = Double.isNaN(theta) || Math.abs(theta) < 1e-8 ? 0 : theta;
    double[] ga = a.gradient(t);
    double[] gb = b.gradient(t);
    double va = a.form(ga);
    double vb = b.form(gb);
    if (!(va > 0) || !(vb > 0)) {
      return null;
    }
    double na = control.n();
    double nb = treatment.n();
    double ea = va / na;
    double eb = vb / nb;
    double dof = (ea + eb) * (ea + eb) / (ea * ea / (na - 1) + eb * eb / (nb - 1));
    double absolute = b.adjustedMean(t) - a.adjustedMean(t);
    double estimate;
    double variance;
    if (difference == Estimate.Difference.ABSOLUTE) {
      estimate = absolute;
      variance = ea + eb;
    } else {
      double den = Math.abs(a.postRatio());
      if (den == 0) {
        return null;
      }
      estimate = absolute / den;
      // gbstats frequentist_variance_relative_cuped_ratio: the control's post gradient of
      // (adjusted_B − adjusted_A)/|ratio_A|, its pre gradient and the treatment's scaled by 1/den
      double d2 = den * den;
      double[] ra = {
        -(den + absolute) / a.mean[1] / d2,
        a.mean[0] * (den + absolute) / (a.mean[1] * a.mean[1]) / d2,
        -ga[2] / den,
        -ga[3] / den
      };
      double[] rb = {gb[0] / den, gb[1] / den, gb[2] / den, gb[3] / den};
      variance = a.form(ra) / na + b.form(rb) / nb;
    }
    double se = Math.sqrt(variance);
    if (!(se > 0) || Double.isInfinite(se) || Double.isNaN(estimate)) {
      return null;
    }
    return new Estimate(estimate, se, Double.isNaN(dof) ? Double.POSITIVE_INFINITY : dof);
  }

  /** One arm: per-unit means (m_post, d_post, m_pre, d_pre) and their covariance matrix. */
  private static final class Arm {
    final double[] mean;
    final double[][] lambda;

    private Arm(double[] mean, double[][] lambda) {
      this.mean = mean;
      this.lambda = lambda;
    }

    static Arm of(RatioPairedSums s) {
      double n = s.n();
      double[] sum = {s.mPostSum(), s.dPostSum(), s.mPreSum(), s.dPreSum()};
      double[] mean = new double[4];
      for (int i = 0; i < 4; i++) {
        mean[i] = sum[i] / n;
      }
      // products indexed like the means: 0 m_post, 1 d_post, 2 m_pre, 3 d_pre
      double[][] products = {
        {s.mPostSumSquares(), s.mPostDPost(), s.mPostMPre(), s.mPostDPre()},
        {s.mPostDPost(), s.dPostSumSquares(), s.mPreDPost(), s.dPostDPre()},
        {s.mPostMPre(), s.mPreDPost(), s.mPreSumSquares(), s.mPreDPre()},
        {s.mPostDPre(), s.dPostDPre(), s.mPreDPre(), s.dPreSumSquares()}
      };
      double[][] lambda = new double[4][4];
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
          lambda[i][j] = (products[i][j] - sum[i] * sum[j] / n) / (n - 1);
        }
      }
      return new Arm(mean, lambda);
    }

    boolean defined() {
      return mean[1] != 0 && mean[3] != 0;
    }

    double postRatio() {
      return mean[0] / mean[1];
    }

    double adjustedMean(double theta) {
      return postRatio() - theta * mean[2] / mean[3];
    }

    /** gbstats' {@code nabla}: the gradient of the adjusted ratio in the four means. */
    double[] gradient(double theta) {
      return new double[] {
        1 / mean[1],
        -mean[0] / (mean[1] * mean[1]),
        -theta / mean[3],
        theta * mean[2] / (mean[3] * mean[3])
      };
    }

    /** {@code g[r..r+1]ᵀ Λ[r..r+1, c..c+1] g[c..c+1]}: one 2×2 block of the quadratic form. */
    double quadratic(double[] g, int r, int c) {
      double total = 0;
      for (int i = r; i < r + 2; i++) {
        for (int j = c; j < c + 2; j++) {
          total += g[i] * lambda[i][j] * g[j];
        }
      }
      return total;
    }

    /** {@code gᵀΛg}. */
    double form(double[] g) {
      return quadratic(g, 0, 0) + quadratic(g, 2, 2) + 2 * quadratic(g, 2, 0);
    }
  }
}
