package dev.abkit.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.abkit.internal.stats.Cuped.Moments;
import dev.abkit.internal.stats.Estimate.Difference;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

class CupedPropertiesTest {

  /**
   * A covariate equal to the metric explains all of it: θ = 1, every arm's adjusted variance is 0
   * up to rounding, the whole variance is removed and no standard error is left (no estimate).
   */
  @Property
  void covariateEqualToTheMetric_leavesNoVariance(
      @ForAll @Size(min = 2, max = 40) List<@DoubleRange(min = -1e3, max = 1e3) Double> control,
      @ForAll @Size(min = 2, max = 40) List<@DoubleRange(min = -1e3, max = 1e3) Double> treatment) {
    PairedSums a = identical(control);
    PairedSums b = identical(treatment);
    double scale = Math.max(a.ySumSquares() / a.n(), b.ySumSquares() / b.n());
    double theta = Cuped.theta(a, b);
    if (Double.isNaN(theta)) {
      // every value identical across both arms: nothing to regress on
      return;
    }
    assertThat(theta).isCloseTo(1, within(1e-6));
    assertThat(Cuped.adjustedVariance(a, theta, Moments.SAMPLE)).isCloseTo(0, within(1e-9 * scale));
    assertThat(Cuped.adjustedVariance(b, theta, Moments.SAMPLE)).isCloseTo(0, within(1e-9 * scale));
    assertThat(Cuped.adjustedVariance(a, 1, Moments.SAMPLE)).isCloseTo(0, within(1e-9 * scale));
    double reduction = Cuped.varianceReduction(a, b, 1);
    if (!Double.isNaN(reduction)) {
      assertThat(reduction).isCloseTo(1, within(1e-6));
    }
  }

  /**
   * For any data and any θ the absolute adjusted comparison is Welch's comparison of the per-unit
   * values {@code y − θx}: the sums-based variance {@code var(y) + θ²var(x) − 2θ·cov} is that of
   * the adjusted units.
   */
  @Property
  void absoluteEstimate_isWelchOnTheAdjustedUnits(
      @ForAll @Size(min = 4, max = 30) List<@DoubleRange(min = 0, max = 100) Double> ys,
      @ForAll @Size(min = 4, max = 30) List<@DoubleRange(min = 0, max = 100) Double> xs,
      @ForAll @DoubleRange(min = -3, max = 3) double theta) {
    int n = Math.min(ys.size(), xs.size());
    int half = n / 2;
    List<Double> ya = ys.subList(0, half);
    List<Double> xa = xs.subList(0, half);
    List<Double> yb = ys.subList(half, n);
    List<Double> xb = xs.subList(half, n);
    Estimate actual = Cuped.estimate(sums(ya, xa), sums(yb, xb), theta, Difference.ABSOLUTE);
    Estimate expected =
        Estimate.of(adjusted(ya, xa, theta), adjusted(yb, xb, theta), Difference.ABSOLUTE);
    if (expected == null || expected.stdError() < 1e-6) {
      return; // no spread left: the two computations round differently around 0
    }
    if (actual == null) {
      // gbstats refuses an arm whose unadjusted metric has no variance, even if y − θx has some
      assertThat(Math.min(variance(ya), variance(yb))).isLessThanOrEqualTo(0);
      return;
    }
    assertThat(actual.estimate()).isCloseTo(expected.estimate(), within(1e-9));
    assertThat(actual.stdError()).isCloseTo(expected.stdError(), within(1e-6));
  }

  private static double variance(List<Double> ys) {
    return adjusted(ys, ys, 0).variance();
  }

  private static ArmStats adjusted(List<Double> ys, List<Double> xs, double theta) {
    double s = 0;
    double q = 0;
    for (int i = 0; i < ys.size(); i++) {
      double z = ys.get(i) - theta * xs.get(i);
      s += z;
      q += z * z;
    }
    return ArmStats.sampleMean(ys.size(), s, q);
  }

  private static PairedSums identical(List<Double> values) {
    double s = 0;
    double q = 0;
    for (double v : values) {
      s += v;
      q += v * v;
    }
    return new PairedSums(values.size(), s, q, s, q, q);
  }

  private static PairedSums sums(List<Double> ys, List<Double> xs) {
    double[] y = new double[ys.size()];
    double[] x = new double[ys.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = ys.get(i);
      x[i] = xs.get(i);
    }
    return RatioStatisticTest.sums(y, x);
  }
}
