package dev.abkit.internal.bucketing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.HashAlgorithm;
import dev.abkit.manifest.Range;
import dev.abkit.manifest.Variant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllocationTest {

  private static Experiment exp(HashAlgorithm hash, double traffic, double... weights) {
    List<Variant> vs = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      vs.add(Variant.of("v" + i, weights[i]));
    }
    return exp(hash, traffic, vs);
  }

  private static Experiment exp(HashAlgorithm hash, double traffic, List<Variant> vs) {
    return Experiment.builder("e")
        .variants(vs)
        .traffic(traffic)
        .hash(hash)
        .targetEvent("conv")
        .build();
  }

  @Test
  void growthBookHash_weightsWithinTolerance_giveGrowthBooksRangesBitForBit() {
    double[][] cases = {{0.1, 0.2, 0.7}, {0.4, 0.5999}, {0.3333, 0.3333, 0.3333}, {0.5, 0.505}};
    for (double[] w : cases) {
      for (double coverage : new double[] {1, 0.5, 0.2, 0.99, 0}) {
        Allocation a = Allocation.of(exp(HashAlgorithm.GROWTHBOOK_V2, coverage, w));
        double[][] gb = BucketRanges.bucketRanges(w.length, coverage, w);
        for (int i = 0; i < w.length; i++) {
          assertThat(a.start(i)).isEqualTo(gb[i][0]);
          assertThat(a.end(i)).isEqualTo(gb[i][1]);
        }
      }
    }
    // GrowthBook's unnormalized gap: [0.4, 0.5999] leaves [0.9999, 1) to nobody
    assertThat(Allocation.of(exp(HashAlgorithm.GROWTHBOOK_V1, 1, 0.4, 0.5999)).variantOf(0.99995))
        .isEqualTo(-1);
  }

  @Test
  void growthBookHash_weightsOutsideTolerance_areNormalizedNotEqualized() {
    Allocation a = Allocation.of(exp(HashAlgorithm.GROWTHBOOK_V1, 1, 1, 1, 2));
    assertThat(a.end(0)).isEqualTo(0.25);
    assertThat(a.start(2)).isEqualTo(0.5);
    assertThat(a.end(2)).isEqualTo(1.0);
  }

  @Test
  void murmur3_weightsAreNormalized_andFullTrafficReachesOne() {
    Allocation a = Allocation.of(exp(HashAlgorithm.MURMUR3, 1, 0.34, 0.33, 0.33));
    assertThat(a.end(0)).isCloseTo(0.34, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(a.end(2)).isEqualTo(1.0);
    assertThat(a.variantOf(Math.nextDown(1.0))).isEqualTo(2);
  }

  @Test
  void traffic_shrinksEachRangeFromItsStart() {
    Allocation a = Allocation.of(exp(HashAlgorithm.MURMUR3, 0.5, 1, 3));
    assertThat(a.start(0)).isEqualTo(0);
    assertThat(a.end(0)).isEqualTo(0.125);
    assertThat(a.start(1)).isEqualTo(0.25);
    assertThat(a.end(1)).isEqualTo(0.625);
    assertThat(a.variantOf(0.2)).isEqualTo(-1);
  }

  @Test
  void zeroWeights_enrollNobody() {
    Allocation a = Allocation.of(exp(HashAlgorithm.MURMUR3, 1, 0, 0));
    assertThat(a.variantOf(0)).isEqualTo(-1);
    assertThat(a.variantOf(0.7)).isEqualTo(-1);
  }

  @Test
  void explicitRanges_overrideWeightAndTraffic_variantsWithoutOneGetNothing() {
    List<Variant> vs =
        List.of(
            new Variant("A", null, 1, null, new Range(0.2, 0.3)),
            new Variant("B", null, 1, null, null),
            new Variant("C", null, 1, null, new Range(0.0, 0.2)));
    Allocation a = Allocation.of(exp(HashAlgorithm.MURMUR3, 0.1, vs));
    assertThat(a.variantOf(0.25)).isEqualTo(0);
    assertThat(a.variantOf(0.1)).isEqualTo(2);
    assertThat(a.variantOf(0.5)).isEqualTo(-1);
  }

  @Test
  void optimizelyAndEppo_bucketsFollowTheFirstEndOfRangeAboveThem() {
    int[] endOfRange = {1000, 3000, 3300, 10000};
    for (HashAlgorithm h : new HashAlgorithm[] {HashAlgorithm.OPTIMIZELY, HashAlgorithm.EPPO}) {
      Allocation a = Allocation.of(exp(h, 1, 0.1, 0.2, 0.03, 0.67));
      for (int bucket = 0; bucket < 10000; bucket++) {
        int expected = 0;
        while (bucket >= endOfRange[expected]) {
          expected++;
        }
        assertThat(a.variantOf(bucket / 10000.0)).as("%s bucket %d", h, bucket).isEqualTo(expected);
      }
    }
  }

  @Test
  void unleash_targetsFollowTheFirstCumulativeWeightAtOrAboveThem() {
    int[] weights = {100, 200, 33, 667};
    Allocation a = Allocation.of(exp(HashAlgorithm.UNLEASH, 1, 100, 200, 33, 667));
    for (int target = 1; target <= 1000; target++) {
      int expected = 0;
      int cumulative = weights[0];
      while (cumulative < target) {
        cumulative += weights[++expected];
      }
      assertThat(a.variantOf((target - 1) / 1000.0)).as("target %d", target).isEqualTo(expected);
    }
  }
}
