package dev.abkit.internal.bucketing;

import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.HashAlgorithm;
import dev.abkit.manifest.Range;
import dev.abkit.manifest.Variant;
import java.util.List;

/**
 * An experiment's variant ranges in [0, 1), compiled once: {@link #variantOf} is the request-path
 * lookup (no allocation).
 *
 * <p>Note on sources: DESIGN.md section 2 (the layout) and BUCKETING-SPEC.md section 2.4
 * (GrowthBook's {@code getBucketRanges}, which the layout copies). Rules, in order:
 *
 * <ol>
 *   <li>If any variant has an explicit {@code range}, every variant's range is its explicit one
 *       (weight and traffic are ignored, as GrowthBook ignores weights and coverage when {@code
 *       ranges} is given); a variant without one gets no range and is never hashed into.
 *   <li>Otherwise, with traffic {@code t} and weights {@code w_i}, variant {@code i} owns {@code
 *       [c_i, c_i + t*w_i)} where {@code c_i} is the sum of the earlier weights. For the {@code
 *       growthbook-*} hashes the weights are used exactly as GrowthBook does when their sum lies in
 *       [0.99, 1.01] (bit-exact ranges, including GrowthBook's unnormalized gaps such as [0.4,
 *       0.5999]); outside that band GrowthBook would fall back to equal weights, but abkit's
 *       manifest allows any non-negative weights (1/1, 50/50), so abkit normalizes them instead
 *       ({@code w_i / sum}). For the other hashes weights are always normalized. All-zero weights
 *       enroll nobody.
 *   <li>The {@code optimizely}, {@code eppo} and {@code unleash} hashes produce whole buckets
 *       {@code b / M} ({@code M} = 10000, 10000, 1000). Their range bounds are snapped to the
 *       nearest multiple of {@code 1/M}, so that {@code b/M < end} is exactly the vendor's integer
 *       test {@code b < endOfRange}: unsnapped double sums such as {@code 0.1 + 0.2 =
 *       0.30000000000000004} would otherwise hand bucket 3000 to the wrong variant. With weights
 *       that are whole buckets (basis points; Unleash's usual total of 1000) the vendor's
 *       allocation is reproduced exactly; other weights move by less than one bucket. Snapping is
 *       monotone, so raising traffic still never moves a unit.
 * </ol>
 *
 * Lookup returns the first range holding {@code n} ({@code start <= n < end}); zero-width ranges
 * never match. Immutable and thread-safe.
 */
public final class Allocation {
  private final double[] starts;
  private final double[] ends;

  private Allocation(double[] starts, double[] ends) {
    this.starts = starts;
    this.ends = ends;
  }

  /** Compiles the ranges of {@code e}'s variants, in variant order. */
  public static Allocation of(Experiment e) {
    List<Variant> vs = e.variants();
    int n = vs.size();
    double[] starts = new double[n];
    double[] ends = new double[n];
    if (vs.stream().anyMatch(v -> v.range() != null)) {
      for (int i = 0; i < n; i++) {
        Range r = vs.get(i).range();
        starts[i] = r == null ? 0 : r.start();
        ends[i] = r == null ? 0 : r.end();
      }
      return new Allocation(starts, ends);
    }
    double[] w = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      w[i] = vs.get(i).weight();
      total += w[i];
    }
    boolean growthBook =
        e.hash() == HashAlgorithm.GROWTHBOOK_V1 || e.hash() == HashAlgorithm.GROWTHBOOK_V2;
    if (!(growthBook && BucketRanges.sumWithinTolerance(w)) && total > 0) {
      for (int i = 0; i < n; i++) {
        w[i] = w[i] / total;
      }
    }
    double t = BucketRanges.clamp(e.traffic());
    double[][] ranges = BucketRanges.layout(w, t);
    for (int i = 0; i < n; i++) {
      starts[i] = ranges[i][0];
      ends[i] = ranges[i][1];
    }
    int buckets = buckets(e.hash());
    if (buckets > 0) {
      for (int i = 0; i < n; i++) {
        starts[i] = Math.rint(starts[i] * buckets) / buckets;
        ends[i] = Math.rint(ends[i] * buckets) / buckets;
      }
    } else if (!growthBook && t == 1 && total > 0) {
      // Rounding can leave the last positive range ending a few ulps below 1; close the gap so
      // full traffic really enrolls everyone.
      for (int i = n - 1; i >= 0; i--) {
        if (ends[i] > starts[i]) {
          ends[i] = 1.0;
          break;
        }
      }
    }
    return new Allocation(starts, ends);
  }

  /** The number of whole buckets a vendor hash produces, or 0 for a continuous one. */
  private static int buckets(HashAlgorithm h) {
    switch (h) {
      case OPTIMIZELY:
      case EPPO:
        return 10000;
      case UNLEASH:
        return 1000;
      default:
        return 0;
    }
  }

  /** The index of the variant whose range holds {@code n}, or -1 when none does. */
  public int variantOf(double n) {
    for (int i = 0; i < starts.length; i++) {
      if (n >= starts[i] && n < ends[i]) {
        return i;
      }
    }
    return -1;
  }

  /** Variant {@code i}'s range start. */
  public double start(int i) {
    return starts[i];
  }

  /** Variant {@code i}'s range end (exclusive). */
  public double end(int i) {
    return ends[i];
  }
}
