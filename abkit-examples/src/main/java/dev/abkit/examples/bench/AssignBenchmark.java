package dev.abkit.examples.bench;

import static dev.abkit.examples.bench.BenchManifests.EXPERIMENT;

import dev.abkit.AbKit;
import dev.abkit.Assignment;
import dev.abkit.Reason;
import dev.abkit.Unit;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of abkit's assignment against its floor, the bare MurmurHash3 of the same key (DESIGN.md
 * section 7: {@code assignOne} within 3x of {@code murmur3Hash}, {@code assignTwenty} under 2 µs).
 * Everything a caller builds per request from a user id (the key string, the {@link Unit}) is built
 * inside the measured method; the {@link AbKit} is built once per trial.
 *
 * <p>The annotations fix the heap as {@code abkit bench} does, so running this class through JMH's
 * own main gives comparable numbers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 2,
    jvmArgs = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AssignBenchmark {
  private static final String KEY_PREFIX = EXPERIMENT + ":";

  /**
   * One {@link AbKit} over {@link BenchManifests#twenty()} per trial, shared by the threads. Its
   * own state, so {@code murmur3Hash} does not build it.
   */
  @State(Scope.Benchmark)
  public static class Kit {
    AbKit abkit;

    @Setup(Level.Trial)
    public void setUp() {
      abkit = AbKit.builder().manifest(BenchManifests.twenty()).build();
      sanityCheck(abkit);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      abkit.close();
    }
  }

  /**
   * The floor: UTF-8 of {@code "bench_exp:user-NNNNNN"} (the key {@code assignOne} hashes) and
   * MurmurHash3 x86_32 with seed 0, by the reference implementation {@link Murmur3}.
   */
  @Benchmark
  public int murmur3Hash(BenchUsers users) {
    byte[] key = (KEY_PREFIX + users.next()).getBytes(StandardCharsets.UTF_8);
    return Murmur3.hash32(key, 0, key.length, 0);
  }

  /** One experiment, 3 variants, traffic 0.9. */
  @Benchmark
  public Assignment assignOne(Kit kit, BenchUsers users) {
    return kit.abkit.assign(EXPERIMENT, users.next());
  }

  /** All 20 running experiments of the manifest. */
  @Benchmark
  public Map<String, Assignment> assignTwenty(Kit kit, BenchUsers users) {
    return kit.abkit.assignAll(Unit.of(users.next()));
  }

  /**
   * Fails the trial loudly unless assignment does real work for the pool: every user hashed into a
   * variant or out of traffic (no error or other short cut), each variant used, about 10 % out of
   * traffic, and {@code assignAll} covering all 20 experiments.
   */
  static void sanityCheck(AbKit abkit) {
    Map<Reason, Integer> reasons = new EnumMap<>(Reason.class);
    Map<String, Integer> variants = new HashMap<>();
    for (String id : BenchUsers.ids()) {
      Assignment a = abkit.assign(EXPERIMENT, id);
      reasons.merge(a.reason(), 1, Integer::sum);
      if (a.variant() != null) {
        variants.merge(a.variant(), 1, Integer::sum);
      }
      int all = abkit.assignAll(Unit.of(id)).size();
      if (all != BenchManifests.EXPERIMENTS) {
        throw new IllegalStateException(
            "assignAll gave " + all + " assignments, expected " + BenchManifests.EXPERIMENTS);
      }
    }
    int outOfTraffic = reasons.getOrDefault(Reason.NOT_IN_TRAFFIC, 0);
    boolean ok =
        reasons.keySet().stream().allMatch(r -> r == Reason.HASHED || r == Reason.NOT_IN_TRAFFIC)
            && variants.size() == 3
            && outOfTraffic > BenchUsers.SIZE / 20
            && outOfTraffic < BenchUsers.SIZE / 5;
    if (!ok) {
      throw new IllegalStateException(
          "assignment sanity check failed over the pool: reasons "
              + reasons
              + ", variants "
              + variants);
    }
  }
}
