package dev.abkit.internal.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Multiple-testing adjustment of a family of p-values (STATS.md 8; GrowthBook {@code
 * adjustPValuesHolmBonferroni} / {@code adjustPValuesBenjaminiHochberg} in {@code
 * packages/shared/src/experiments/experiments.ts}). Results are in input order.
 */
public final class PValueAdjustment {
  private PValueAdjustment() {}

  /** Holm-Bonferroni (family-wise error): {@code p_(i)·(m−i+1)}, running max, capped at 1. */
  public static double[] holm(double[] p) {
    Integer[] order = order(p);
    int m = p.length;
    double[] out = new double[m];
    double runningMax = 0;
    for (int rank = 0; rank < m; rank++) {
      int i = order[rank];
      runningMax = Math.max(runningMax, Math.min(1, p[i] * (m - rank)));
      out[i] = runningMax;
    }
    return out;
  }

  /** Benjamini-Hochberg (false discovery rate): {@code p_(i)·m/i}, running min from the top. */
  public static double[] benjaminiHochberg(double[] p) {
    Integer[] order = order(p);
    int m = p.length;
    double[] out = new double[m];
    double runningMin = 1;
    for (int rank = m - 1; rank >= 0; rank--) {
      int i = order[rank];
      runningMin = Math.min(runningMin, p[i] * m / (rank + 1));
      out[i] = Math.min(1, runningMin);
    }
    return out;
  }

  private static Integer[] order(double[] p) {
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < p.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
    return order;
  }
}
