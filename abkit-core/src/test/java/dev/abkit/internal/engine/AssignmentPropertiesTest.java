package dev.abkit.internal.engine;

import static dev.abkit.internal.engine.TestExperiments.experiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.Assignment;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.HashAlgorithm;
import dev.abkit.manifest.Manifest;
import dev.abkit.manifest.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.apache.commons.statistics.inference.ChiSquareTest;

/**
 * Invariants of assignment: determinism, proportions, traffic monotonicity, independence of salts,
 * window and status. The statistical properties run with a fixed seed, so they are repeatable (a
 * failure is a real defect, not bad luck) while still covering many random weight vectors.
 */
class AssignmentPropertiesTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
  private static final int UNITS = 20_000;

  private static Engine engine(Experiment... e) {
    return new Engine(Manifest.of(e), CLOCK, null, Map.of());
  }

  private static Experiment weighted(
      String id, HashAlgorithm h, String salt, List<Integer> w, double t) {
    TestExperiments b = experiment(id).hash(h).salt(salt).traffic(t);
    for (int i = 0; i < w.size(); i++) {
      b.variant("v" + i, w.get(i));
    }
    return b.build();
  }

  @Provide
  Arbitrary<List<Integer>> weights() {
    return Arbitraries.integers().between(1, 20).list().ofMinSize(2).ofMaxSize(5);
  }

  @Provide
  Arbitrary<String> salts() {
    return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(16);
  }

  @Property(tries = 200)
  void assign_sameInput_sameAssignment_alsoAcrossEngines(
      @ForAll HashAlgorithm hash,
      @ForAll("salts") String salt,
      @ForAll("weights") List<Integer> weights,
      @ForAll @DoubleRange(min = 0, max = 1) double traffic,
      @ForAll @StringLength(min = 1, max = 40) String unit) {
    Experiment e = weighted("e", hash, salt, weights, traffic);
    Engine one = engine(e);
    Engine two = engine(e);
    Assignment a = one.assign("e", unit, Map.of());
    assertThat(one.assign("e", unit, Map.of())).isEqualTo(a);
    assertThat(two.assign("e", unit, Map.of())).isEqualTo(a);
  }

  /*
   * Fixed seed: 24 goodness-of-fit tests at p > 0.001 would fail now and then by chance. (Seed
   * 20261123 drew one such sample for eppo; its hashes matched MessageDigest MD5 exactly, and the
   * same salt is uniform over 400k ids, chi2(3) = 1.3.) Shrinking is off: it would hunt flukes.
   */
  @Property(tries = 24, seed = "4242", shrinking = ShrinkingMode.OFF)
  void assign_proportions_matchWeights(
      @ForAll HashAlgorithm hash,
      @ForAll("salts") String salt,
      @ForAll("weights") List<Integer> weights,
      @ForAll long idSeed) {
    Engine engine = engine(weighted("e", hash, salt, weights, 1));
    long[] observed = new long[weights.size()];
    Random ids = new Random(idSeed);
    for (int i = 0; i < UNITS; i++) {
      Assignment a = engine.assign("e", "user-" + Long.toHexString(ids.nextLong()), Map.of());
      observed[Integer.parseInt(a.variant().substring(1))]++;
    }
    double total = weights.stream().mapToInt(Integer::intValue).sum();
    double[] expected = weights.stream().mapToDouble(w -> w / total * UNITS).toArray();
    double p = ChiSquareTest.withDefaults().test(expected, observed).getPValue();
    assertThat(p)
        .as(
            "chi-square p for %s weights %s salt %s seed %s observed %s",
            hash, weights, salt, idSeed, java.util.Arrays.toString(observed))
        .isGreaterThan(0.001);
  }

  @Property(tries = 300)
  void assign_raisingTraffic_neverMovesAnEnrolledUnit(
      @ForAll HashAlgorithm hash,
      @ForAll("salts") String salt,
      @ForAll("weights") List<Integer> weights,
      @ForAll @DoubleRange(min = 0, max = 1) double t1,
      @ForAll @DoubleRange(min = 0, max = 1) double t2,
      @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 20) String unit) {
    double low = Math.min(t1, t2);
    double high = Math.max(t1, t2);
    Assignment before = engine(weighted("e", hash, salt, weights, low)).assign("e", unit, Map.of());
    Assignment after = engine(weighted("e", hash, salt, weights, high)).assign("e", unit, Map.of());
    if (before.enrolled()) {
      assertThat(after.variant()).isEqualTo(before.variant());
    }
  }

  /**
   * GrowthBook's version-1 hash is left out on purpose: FNV-1a's low bits are poorly mixed, so
   * {@code fnv(unit + salt1) mod 1000} and {@code fnv(unit + salt2) mod 1000} are strongly
   * correlated (salts "aaaa"/"zzzz" give p = 0). GrowthBook calls v1 "the original, biased"
   * algorithm and replaced it with v2; abkit reproduces it bit for bit for migrations only.
   */
  @Provide
  Arbitrary<HashAlgorithm> independentHashes() {
    return Arbitraries.of(HashAlgorithm.class).filter(h -> h != HashAlgorithm.GROWTHBOOK_V1);
  }

  @Property(tries = 12, seed = "20261123", shrinking = ShrinkingMode.OFF)
  void assign_differentSalts_areIndependent(
      @ForAll("independentHashes") HashAlgorithm hash,
      @ForAll @AlphaChars @StringLength(min = 4, max = 12) String salt1,
      @ForAll @AlphaChars @StringLength(min = 4, max = 12) String salt2,
      @ForAll @IntRange(min = 2, max = 4) int k,
      @ForAll long idSeed) {
    net.jqwik.api.Assume.that(!salt1.equals(salt2));
    List<Integer> equal = java.util.Collections.nCopies(k, 1);
    Engine engine =
        engine(weighted("x", hash, salt1, equal, 1), weighted("y", hash, salt2, equal, 1));
    long[][] table = new long[k][k];
    Random ids = new Random(idSeed);
    for (int i = 0; i < UNITS; i++) {
      String unit = "user-" + Long.toHexString(ids.nextLong());
      int x = Integer.parseInt(engine.assign("x", unit, Map.of()).variant().substring(1));
      int y = Integer.parseInt(engine.assign("y", unit, Map.of()).variant().substring(1));
      table[x][y]++;
    }
    double p = ChiSquareTest.withDefaults().test(table).getPValue();
    assertThat(p).as("independence p for %s salts %s/%s", hash, salt1, salt2).isGreaterThan(0.001);
  }

  @Property(tries = 300)
  void assign_enrollsExactlyWhenRunningAndInsideTheWindow(
      @ForAll Status status,
      @ForAll @IntRange(min = -1000, max = 1000) int startOffset,
      @ForAll @IntRange(min = -1000, max = 1000) int endOffset,
      @ForAll boolean open) {
    Instant now = CLOCK.instant();
    Instant start = open ? null : now.plusMillis(startOffset);
    Instant end = open ? null : now.plusMillis(Math.max(startOffset, endOffset));
    Experiment e = experiment("e").status(status).window(start, end).build();
    Assignment a = engine(e).assign("e", "u1", Map.of());
    boolean inWindow =
        (start == null || !now.isBefore(start)) && (end == null || now.isBefore(end));
    assertThat(a.enrolled()).isEqualTo(status == Status.RUNNING && inWindow);
    if (status != Status.RUNNING) {
      assertThat(a.reason()).isEqualTo(dev.abkit.Reason.NOT_RUNNING);
    } else if (!inWindow) {
      assertThat(a.reason()).isEqualTo(dev.abkit.Reason.OUTSIDE_WINDOW);
    }
  }
}
