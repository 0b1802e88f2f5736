package dev.abkit.internal.stats;

/**
 * Sample ratio mismatch: Pearson chi-square goodness of fit of exposure counts to planned weights.
 *
 * <p>Source: GrowthBook {@code checkSrm} ({@code packages/back-end/src/util/stats.ts}), STATS.md 3:
 * arms with weight 0 are dropped, expected counts are the weight share of the total, {@code df =
 * kept arms − 1}; fewer than 2 kept arms or no units gives p = 1.
 */
public final class SrmTest {
  private SrmTest() {}

  /**
   * The chi-square statistic and p-value.
   *
   * @param chiSquare Pearson X² (0 when not computable)
   * @param pValue {@code P(χ²_{k−1} > X²)}
   */
  public record Outcome(double chiSquare, double pValue) {}

  /** Tests {@code observed} against {@code weights} (same length, weights ≥ 0, any scale). */
  public static Outcome test(long[] observed, double[] weights) {
    if (observed.length != weights.length) {
      throw new IllegalArgumentException(
          "observed and weights differ in length: " + observed.length + " vs " + weights.length);
    }
    double weightSum = 0;
    long total = 0;
    int kept = 0;
    for (int i = 0; i < observed.length; i++) {
      if (weights[i] > 0) {
        weightSum += weights[i];
        total += observed[i];
        kept++;
      }
    }
    if (kept < 2 || total == 0) {
      return new Outcome(0, 1);
    }
    double x2 = 0;
    for (int i = 0; i < observed.length; i++) {
      if (weights[i] > 0) {
        double expected = total * weights[i] / weightSum;
        double d = observed[i] - expected;
        x2 += d * d / expected;
      }
    }
    return new Outcome(x2, Distributions.chiSquareUpperTail(x2, kept - 1));
  }
}
