package dev.abkit.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RatioStatisticTest {

  /** Σ of per-unit values as {@link PairedSums}: y the numerator, x the denominator. */
  static PairedSums sums(double[] y, double[] x) {
    double sy = 0;
    double syy = 0;
    double sx = 0;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < y.length; i++) {
      sy += y[i];
      syy += y[i] * y[i];
      sx += x[i];
      sxx += x[i] * x[i];
      sxy += x[i] * y[i];
    }
    return new PairedSums(y.length, sy, syy, sx, sxx, sxy);
  }

  /**
   * 5 users: revenue {4, 0, 10, 6, 5} over sessions {2, 1, 4, 3, 2}; ratio 25/12. By hand: μ_y = 5,
   * μ_x = 2.4, s_y² = (177 − 125)/4 = 13, s_x² = (34 − 28.8)/4 = 1.3, s_xy = (76 − 60)/4 = 4, so
   * the per-unit variance is 13/2.4² + 1.3·25/2.4⁴ − 2·4·5/2.4³ = 2.256944… + 0.979577… − 2.893519…
   * = 0.343003…
   */
  @Test
  void arm_smallData_matchesTheHandComputedDeltaMethod() {
    double[] y = {4, 0, 10, 6, 5};
    double[] x = {2, 1, 4, 3, 2};
    ArmStats arm = RatioStatistic.arm(sums(y, x));
    assertThat(arm.n()).isEqualTo(5);
    assertThat(arm.mean()).isCloseTo(25.0 / 12, within(1e-15));
    double expected =
        13 / (2.4 * 2.4) + 1.3 * 25 / Math.pow(2.4, 4) - 2 * 4.0 * 5 / Math.pow(2.4, 3);
    assertThat(expected).isCloseTo(0.3430025077, within(1e-9));
    assertThat(arm.variance()).isCloseTo(expected, within(1e-12));
  }

  @Test
  void arm_fromPerUnitArrays_equalsTheClosedFormOnTheDeviations() {
    SplittableRandom random = new SplittableRandom(7);
    int n = 300;
    double[] y = new double[n];
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 1 + random.nextInt(6);
      y[i] = x[i] * (0.5 + random.nextDouble()) + (random.nextDouble() < 0.2 ? 3 : 0);
    }
    double my = 0;
    double mx = 0;
    for (int i = 0; i < n; i++) {
      my += y[i] / n;
      mx += x[i] / n;
    }
    // the ratio's linearization: per-unit (y − R·x)/μ_x, whose sample variance is the delta
    // method's
    double r = my / mx;
    double m2 = 0;
    for (int i = 0; i < n; i++) {
      double d = (y[i] - r * x[i]) / mx;
      m2 += d * d;
    }
    ArmStats arm = RatioStatistic.arm(sums(y, x));
    assertThat(arm.mean()).isCloseTo(r, within(1e-12));
    assertThat(arm.variance()).isCloseTo(m2 / (n - 1), within(1e-9));
  }

  /** The delta-method variance / n predicts the spread of the ratio over repeated samples. */
  @Test
  void arm_varianceOverN_predictsTheRatiosSamplingVariance() {
    SplittableRandom random = new SplittableRandom(11);
    int reps = 2000;
    int n = 400;
    double sum = 0;
    double sumSquares = 0;
    double predicted = 0;
    for (int rep = 0; rep < reps; rep++) {
      double[] y = new double[n];
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = 1 + random.nextInt(5); // sessions
        double clicks = 0;
        for (int s = 0; s < x[i]; s++) {
          clicks += random.nextDouble() < 0.3 ? 1 : 0;
        }
        y[i] = clicks;
      }
      ArmStats arm = RatioStatistic.arm(sums(y, x));
      sum += arm.mean();
      sumSquares += arm.mean() * arm.mean();
      predicted += arm.meanVariance() / reps;
    }
    double empirical = (sumSquares - sum * sum / reps) / (reps - 1);
    // the variance estimate's own sampling error over 2000 replicates is about 3%
    assertThat(empirical / predicted).isCloseTo(1, within(0.1));
  }

  @Test
  void arm_undefined_givesNaN() {
    ArmStats none = RatioStatistic.arm(new PairedSums(0, 0, 0, 0, 0, 0));
    assertThat(none.n()).isZero();
    assertThat(none.mean()).isNaN();
    assertThat(none.variance()).isNaN();
    ArmStats noDenominator = RatioStatistic.arm(new PairedSums(5, 3, 5, 0, 0, 0));
    assertThat(noDenominator.mean()).isNaN();
    assertThat(noDenominator.variance()).isNaN();
    ArmStats one = RatioStatistic.arm(new PairedSums(1, 3, 9, 2, 4, 6));
    assertThat(one.mean()).isEqualTo(1.5);
    assertThat(one.variance()).isNaN();
    assertThat(Estimate.of(one, one, Estimate.Difference.RELATIVE)).isNull();
  }

  /** With every denominator 1 the ratio is the plain mean and its variance the sample variance. */
  @Test
  void arm_unitDenominators_isTheSampleMean() {
    double[] y = {1, 4, 2, 8, 5};
    double[] x = {1, 1, 1, 1, 1};
    ArmStats ratio = RatioStatistic.arm(sums(y, x));
    ArmStats mean = ArmStats.sampleMean(5, 20, 1 + 16 + 4 + 64 + 25);
    assertThat(ratio.mean()).isCloseTo(mean.mean(), within(1e-12));
    assertThat(ratio.variance()).isCloseTo(mean.variance(), within(1e-12));
  }
}
