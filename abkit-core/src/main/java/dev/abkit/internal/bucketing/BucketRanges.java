package dev.abkit.internal.bucketing;

/**
 * GrowthBook's bucket-range functions, bit for bit: {@code getEqualWeights}, {@code
 * getBucketRanges}, {@code inRange} and {@code chooseVariation}.
 *
 * <p>Note on sources: docs/BUCKETING-SPEC.md sections 2.2 to 2.4, after growthbook/growthbook
 * {@code packages/sdk-js/src/util.ts} (commit 8f1db44), checked against the {@code getBucketRange},
 * {@code chooseVariation} and {@code getEqualWeights} sections of its {@code test/cases.json}. All
 * arithmetic is IEEE double in the vendor's order of operations (Java never fuses {@code a + b *
 * c}), with no rounding: {@code start} advances by the full weight while the range is {@code
 * [start, start + coverage * w)}, so raising coverage only adds units.
 *
 * <p>Ranges are {@code double[n][2]} arrays of {@code [start, end]}. Stateless and thread-safe.
 */
public final class BucketRanges {
  private BucketRanges() {}

  /** {@code n} copies of {@code 1.0 / n}; empty when {@code n <= 0}. */
  public static double[] equalWeights(int n) {
    if (n <= 0) {
      return new double[0];
    }
    double[] w = new double[n];
    java.util.Arrays.fill(w, 1.0 / n);
    return w;
  }

  /**
   * GrowthBook's {@code getBucketRanges}: coverage clamped to [0,1]; equal weights when {@code
   * weights} is null, of the wrong length, or sums (in array order) outside [0.99, 1.01].
   */
  public static double[][] bucketRanges(int numVariations, double coverage, double[] weights) {
    double[] w = weights;
    if (w == null || w.length != numVariations || !sumWithinTolerance(w)) {
      w = equalWeights(numVariations);
    }
    return layout(w, clamp(coverage));
  }

  /** Whether the weights sum (in array order) to [0.99, 1.01], GrowthBook's acceptance rule. */
  public static boolean sumWithinTolerance(double[] weights) {
    double total = 0;
    for (double x : weights) {
      total += x;
    }
    return total >= 0.99 && total <= 1.01;
  }

  /** Coverage (traffic) clamped to [0, 1] the way GrowthBook does; NaN counts as 0. */
  public static double clamp(double coverage) {
    if (coverage > 1) {
      return 1;
    }
    return coverage >= 0 ? coverage : 0;
  }

  /** Ranges {@code [c_i, c_i + coverage * w_i]} with {@code c_i} the sum of earlier weights. */
  static double[][] layout(double[] weights, double coverage) {
    double[][] ranges = new double[weights.length][];
    double cumulative = 0;
    for (int i = 0; i < weights.length; i++) {
      double start = cumulative;
      cumulative += weights[i];
      ranges[i] = new double[] {start, start + coverage * weights[i]};
    }
    return ranges;
  }

  /** {@code start <= n < end}. */
  public static boolean inRange(double n, double start, double end) {
    return n >= start && n < end;
  }

  /** The index of the first range holding {@code n}, or -1. */
  public static int chooseVariation(double n, double[][] ranges) {
    for (int i = 0; i < ranges.length; i++) {
      if (inRange(n, ranges[i][0], ranges[i][1])) {
        return i;
      }
    }
    return -1;
  }
}
