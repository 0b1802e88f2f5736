package dev.abkit.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.abkit.internal.stats.Estimate.Difference;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CupedRatioTest {

  /**
   * Per-unit numerator/denominator in the experiment and the pre-period; pre correlated to post.
   */
  static double[][] units(Random random, int n, double lift) {
    double[][] u = new double[4][n]; // m_post, d_post, m_pre, d_pre
    for (int i = 0; i < n; i++) {
      double activity = 1 + random.nextInt(5);
      u[3][i] = activity + random.nextInt(2);
      u[1][i] = activity + random.nextInt(2);
      double propensity = 0.5 + random.nextDouble();
      u[2][i] = u[3][i] * propensity + random.nextGaussian() * 0.3;
      u[0][i] = u[1][i] * (propensity + lift) + random.nextGaussian() * 0.3;
    }
    return u;
  }

  static RatioPairedSums sums(double[][] u) {
    int n = u[0].length;
    double[] s = new double[4];
    double[][] p = new double[4][4];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < 4; a++) {
        s[a] += u[a][i];
        for (int b = 0; b < 4; b++) {
          p[a][b] += u[a][i] * u[b][i];
        }
      }
    }
    return new RatioPairedSums(
        n, s[0], p[0][0], s[1], p[1][1], s[2], p[2][2], s[3], p[3][3], p[0][2], p[1][3], p[2][3],
        p[0][1], p[0][3], p[2][1]);
  }

  private static ArmStats postRatio(RatioPairedSums s) {
    return RatioStatistic.arm(
        new PairedSums(
            s.n(),
            s.mPostSum(),
            s.mPostSumSquares(),
            s.dPostSum(),
            s.dPostSumSquares(),
            s.mPostDPost()));
  }

  /** Without adjustment (θ 0, NaN or below 1e-8) it is the delta-method ratio comparison. */
  @Test
  void estimate_withoutAdjustment_isTheRatioComparison() {
    Random random = new Random(2);
    RatioPairedSums a = sums(units(random, 300, 0));
    RatioPairedSums b = sums(units(random, 250, 0.1));
    for (Difference d : Difference.values()) {
      Estimate expected = Estimate.of(postRatio(a), postRatio(b), d);
      for (double theta : new double[] {0, Double.NaN, 1e-9}) {
        Estimate actual = CupedRatio.estimate(a, b, theta, d);
        assertThat(actual).isNotNull();
        assertThat(actual.estimate()).isCloseTo(expected.estimate(), within(1e-12));
        assertThat(actual.stdError()).isCloseTo(expected.stdError(), within(1e-12));
        assertThat(actual.dof()).isCloseTo(expected.dof(), within(1e-6));
      }
    }
  }

  /** The adjusted ratio lift: each arm's post ratio minus θ times its pre ratio. */
  @Test
  void estimate_adjusted_subtractsThetaTimesThePreRatio_andReducesTheVariance() {
    Random random = new Random(4);
    RatioPairedSums a = sums(units(random, 2000, 0));
    RatioPairedSums b = sums(units(random, 2000, 0.05));
    double theta = CupedRatio.theta(a, b);
    assertThat(theta).isBetween(0.3, 1.5);
    double expected =
        (b.mPostSum() / b.dPostSum() - theta * b.mPreSum() / b.dPreSum())
            - (a.mPostSum() / a.dPostSum() - theta * a.mPreSum() / a.dPreSum());
    Estimate absolute = CupedRatio.estimate(a, b, theta, Difference.ABSOLUTE);
    Estimate relative = CupedRatio.estimate(a, b, theta, Difference.RELATIVE);
    Estimate unadjusted = Estimate.of(postRatio(a), postRatio(b), Difference.ABSOLUTE);
    assertThat(absolute).isNotNull();
    assertThat(relative).isNotNull();
    assertThat(absolute.estimate()).isCloseTo(expected, within(1e-12));
    assertThat(relative.estimate())
        .isCloseTo(expected / (a.mPostSum() / a.dPostSum()), within(1e-12));
    assertThat(absolute.stdError()).isLessThan(0.8 * unadjusted.stdError());
  }

  /** A pre-period identical to the experiment explains it entirely: θ = 1 and nothing is left. */
  @Test
  void preEqualToPost_thetaOne_noVarianceLeft() {
    Random random = new Random(6);
    double[][] ua = units(random, 100, 0);
    double[][] ub = units(random, 100, 0);
    ua[2] = ua[0].clone();
    ua[3] = ua[1].clone();
    ub[2] = ub[0].clone();
    ub[3] = ub[1].clone();
    RatioPairedSums a = sums(ua);
    RatioPairedSums b = sums(ub);
    assertThat(CupedRatio.theta(a, b)).isCloseTo(1, within(1e-9));
    assertThat(CupedRatio.estimate(a, b, 1, Difference.ABSOLUTE)).isNull();
  }

  @Test
  void undefined_isNaNOrNull() {
    Random random = new Random(8);
    RatioPairedSums good = sums(units(random, 20, 0));
    RatioPairedSums one = sums(units(random, 1, 0));
    assertThat(CupedRatio.theta(one, good)).isNaN();
    assertThat(CupedRatio.estimate(good, one, 0.5, Difference.ABSOLUTE)).isNull();
    // no denominator in the pre-period
    double[][] u = units(random, 20, 0);
    u[3] = new double[20];
    RatioPairedSums noPre = sums(u);
    assertThat(CupedRatio.theta(noPre, good)).isNaN();
    assertThat(CupedRatio.estimate(noPre, good, 0.5, Difference.ABSOLUTE)).isNull();
    // no numerator in the pre-period in either arm: the pre-period ratio has no variance
    double[][] flat = units(random, 20, 0);
    flat[2] = new double[20];
    double[][] flat2 = units(random, 20, 0);
    flat2[2] = new double[20];
    assertThat(CupedRatio.theta(sums(flat), sums(flat2))).isNaN();
    // control numerator 0: relative undefined
    double[][] z = units(random, 20, 0);
    z[0] = new double[20];
    assertThat(CupedRatio.estimate(sums(z), good, Double.NaN, Difference.RELATIVE)).isNull();
  }
}
