package dev.abkit.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.abkit.internal.stats.Cuped.Moments;
import dev.abkit.internal.stats.Estimate.Difference;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CupedTest {

  /** Per-unit (y, x) of one arm: x ~ N(10, 2²), y correlated with x at {@code rho}, plus a lift. */
  static double[][] arm(Random random, int n, double rho, double lift) {
    double[] y = new double[n];
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      double zx = random.nextGaussian();
      double zy = rho * zx + Math.sqrt(1 - rho * rho) * random.nextGaussian();
      x[i] = 10 + 2 * zx;
      y[i] = 20 + 3 * zy + lift;
    }
    return new double[][] {y, x};
  }

  static PairedSums sums(double[][] arm) {
    return RatioStatisticTest.sums(arm[0], arm[1]);
  }

  @Test
  void varianceReduction_correlation07_isAboutRhoSquared() {
    Random random = new Random(42);
    PairedSums a = sums(arm(random, 10_000, 0.7, 0));
    PairedSums b = sums(arm(random, 10_000, 0.7, 0.1));
    double theta = Cuped.theta(a, b);
    // y = 20 + 3(0.7 z + ...) against x = 10 + 2z: the regression slope is 3·0.7/2
    assertThat(theta).isCloseTo(1.05, within(0.03));
    assertThat(Cuped.varianceReduction(a, b, theta)).isCloseTo(0.49, within(0.02));
    Estimate adjusted = Cuped.estimate(a, b, theta, Difference.ABSOLUTE);
    Estimate unadjusted =
        Estimate.of(
            ArmStats.sampleMean(a.n(), a.ySum(), a.ySumSquares()),
            ArmStats.sampleMean(b.n(), b.ySum(), b.ySumSquares()),
            Difference.ABSOLUTE);
    assertThat(adjusted).isNotNull();
    assertThat(unadjusted).isNotNull();
    double ratio = Math.pow(adjusted.stdError() / unadjusted.stdError(), 2);
    assertThat(ratio).isCloseTo(1 - Cuped.varianceReduction(a, b, theta), within(1e-12));
  }

  @Test
  void theta_independentCovariate_isAboutZero_andReducesNothing() {
    Random random = new Random(3);
    PairedSums a = sums(arm(random, 10_000, 0, 0));
    PairedSums b = sums(arm(random, 10_000, 0, 0));
    double theta = Cuped.theta(a, b);
    // slope's standard error: 3/2/√20000 ≈ 0.011
    assertThat(theta).isCloseTo(0, within(0.04));
    assertThat(Cuped.varianceReduction(a, b, theta)).isCloseTo(0, within(0.002));
  }

  /** θ is the least-squares slope of y on x over both arms' units together. */
  @Test
  void theta_isThePooledSlope_andTheEstimateIsTheMeanDifferenceOfAdjustedUnits() {
    Random random = new Random(5);
    double[][] a = arm(random, 50, 0.5, 0);
    double[][] b = arm(random, 70, 0.5, 1);
    double mx = 0;
    double my = 0;
    for (double[][] arm : new double[][][] {a, b}) {
      for (int i = 0; i < arm[0].length; i++) {
        my += arm[0][i] / 120;
        mx += arm[1][i] / 120;
      }
    }
    double sxy = 0;
    double sxx = 0;
    for (double[][] arm : new double[][][] {a, b}) {
      for (int i = 0; i < arm[0].length; i++) {
        sxy += (arm[0][i] - my) * (arm[1][i] - mx);
        sxx += (arm[1][i] - mx) * (arm[1][i] - mx);
      }
    }
    double theta = Cuped.theta(sums(a), sums(b));
    assertThat(theta).isCloseTo(sxy / sxx, within(1e-10));

    // the adjusted comparison is Welch's test on the per-unit values y − θx
    Estimate expected =
        Estimate.of(adjustedArm(a, theta), adjustedArm(b, theta), Difference.ABSOLUTE);
    Estimate actual = Cuped.estimate(sums(a), sums(b), theta, Difference.ABSOLUTE);
    assertThat(actual).isNotNull();
    assertThat(actual.estimate()).isCloseTo(expected.estimate(), within(1e-10));
    assertThat(actual.stdError()).isCloseTo(expected.stdError(), within(1e-10));
    assertThat(actual.dof()).isCloseTo(expected.dof(), within(1e-6));
    assertThat(Cuped.adjustedVariance(sums(a), theta, Moments.SAMPLE))
        .isCloseTo(adjustedArm(a, theta).variance(), within(1e-10));
  }

  private static ArmStats adjustedArm(double[][] arm, double theta) {
    double s = 0;
    double q = 0;
    for (int i = 0; i < arm[0].length; i++) {
      double z = arm[0][i] - theta * arm[1][i];
      s += z;
      q += z * z;
    }
    return ArmStats.sampleMean(arm[0].length, s, q);
  }

  /** The relative lift divides the adjusted difference by the unadjusted control mean. */
  @Test
  void estimate_relative_isOverTheUnadjustedControlMean() {
    Random random = new Random(9);
    PairedSums a = sums(arm(random, 500, 0.6, 0));
    PairedSums b = sums(arm(random, 500, 0.6, 1));
    double theta = Cuped.theta(a, b);
    Estimate absolute = Cuped.estimate(a, b, theta, Difference.ABSOLUTE);
    Estimate relative = Cuped.estimate(a, b, theta, Difference.RELATIVE);
    assertThat(absolute).isNotNull();
    assertThat(relative).isNotNull();
    double controlMean = a.ySum() / a.n();
    assertThat(relative.estimate()).isCloseTo(absolute.estimate() / controlMean, within(1e-12));
    assertThat(relative.dof()).isEqualTo(absolute.dof());
    // the control mean's own noise widens the relative interval beyond absolute/mean
    assertThat(relative.stdError()).isGreaterThan(absolute.stdError() / controlMean);
  }

  /** With θ = 0 (or NaN: no pre-period variance) CUPED is the unadjusted comparison. */
  @Test
  void estimate_withoutAdjustment_isEstimateOf() {
    Random random = new Random(1);
    PairedSums a = sums(arm(random, 200, 0.6, 0));
    PairedSums b = sums(arm(random, 300, 0.6, 2));
    ArmStats ua = ArmStats.sampleMean(a.n(), a.ySum(), a.ySumSquares());
    ArmStats ub = ArmStats.sampleMean(b.n(), b.ySum(), b.ySumSquares());
    for (Difference d : Difference.values()) {
      Estimate expected = Estimate.of(ua, ub, d);
      for (double theta : new double[] {0, Double.NaN}) {
        Estimate actual = Cuped.estimate(a, b, theta, d);
        assertThat(actual).isNotNull();
        assertThat(actual.estimate()).isCloseTo(expected.estimate(), within(1e-12));
        assertThat(actual.stdError()).isCloseTo(expected.stdError(), within(1e-12));
        assertThat(actual.dof()).isCloseTo(expected.dof(), within(1e-6));
      }
    }
    assertThat(Cuped.varianceReduction(a, b, Double.NaN)).isZero();
  }

  @Test
  void proportion_withoutAdjustment_isEstimateOfProportions() {
    // 0/1 metric: 40 of 200 converted (10 of whom had converted before), 60 of 210
    PairedSums a = new PairedSums(200, 40, 40, 30, 30, 10);
    PairedSums b = new PairedSums(210, 60, 60, 25, 25, 12);
    for (Difference d : Difference.values()) {
      Estimate expected =
          Estimate.of(ArmStats.proportion(200, 40), ArmStats.proportion(210, 60), d);
      Estimate actual = Cuped.estimate(a, b, Double.NaN, d, Moments.PROPORTION);
      assertThat(actual).isNotNull();
      assertThat(actual.estimate()).isCloseTo(expected.estimate(), within(1e-12));
      assertThat(actual.stdError()).isCloseTo(expected.stdError(), within(1e-12));
    }
    // θ is the same with 1/n (proportion) and 1/(n−1) (sample) moments: the ratio cancels them
    assertThat(Cuped.theta(a, b, Moments.PROPORTION))
        .isCloseTo(Cuped.theta(a, b, Moments.SAMPLE), within(1e-12));
    assertThat(
            Cuped.varianceReduction(
                a, b, Cuped.theta(a, b, Moments.PROPORTION), Moments.PROPORTION))
        .isGreaterThan(0);
  }

  @Test
  void theta_constantCovariate_isNaN_constantMetric_isZero() {
    // x ≡ 2 everywhere: no pre-period variance
    PairedSums a = new PairedSums(3, 6, 14, 6, 12, 12);
    PairedSums b = new PairedSums(3, 9, 29, 6, 12, 18);
    assertThat(Cuped.theta(a, b)).isNaN();
    // y ≡ 1 everywhere, x varies
    PairedSums c = new PairedSums(3, 3, 3, 6, 14, 6);
    PairedSums d = new PairedSums(3, 3, 3, 3, 5, 3);
    assertThat(Cuped.theta(c, d)).isZero();
    assertThat(Cuped.theta(new PairedSums(0, 0, 0, 0, 0, 0), new PairedSums(1, 1, 1, 1, 1, 1)))
        .isNaN();
  }

  @Test
  void estimate_undefined_isNull() {
    PairedSums good = new PairedSums(3, 6, 14, 3, 5, 7);
    PairedSums one = new PairedSums(1, 2, 4, 1, 1, 2);
    assertThat(Cuped.estimate(one, good, 0.5, Difference.ABSOLUTE)).isNull();
    assertThat(Cuped.estimate(good, one, 0.5, Difference.ABSOLUTE)).isNull();
    // control y ≡ 0: zero variance, and a relative lift over 0
    PairedSums zero = new PairedSums(3, 0, 0, 3, 5, 0);
    assertThat(Cuped.estimate(zero, good, 0.5, Difference.ABSOLUTE)).isNull();
    assertThat(Cuped.estimate(good, zero, 0.5, Difference.RELATIVE)).isNull();
    // control mean 0 with a positive variance: the relative lift is undefined, the absolute is not
    PairedSums centred = new PairedSums(2, 0, 2, 0, 2, 2);
    assertThat(Cuped.estimate(centred, good, 0.5, Difference.ABSOLUTE)).isNotNull();
    assertThat(Cuped.estimate(centred, good, 0.5, Difference.RELATIVE)).isNull();
    assertThat(Cuped.varianceReduction(zero, zero, 0.5)).isNaN();
  }
}
