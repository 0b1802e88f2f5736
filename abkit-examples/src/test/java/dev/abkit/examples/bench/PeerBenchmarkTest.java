package dev.abkit.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.optimizely.ab.config.Variation;
import io.getunleash.UnleashContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The peers' fixtures are what peer-performance.md describes: their setups pass their own sanity
 * checks, and Optimizely buckets exactly by MurmurHash3 (seed 1) of {@code userId + "30000"} over
 * the traffic allocation 3000/6000/9000.
 */
class PeerBenchmarkTest {
  @Test
  void optimizely_bucketsEveryPoolUserAsTheReferenceMurmur3Does() {
    PeerBenchmark.OptimizelyState s = new PeerBenchmark.OptimizelyState();
    s.setUp();
    try {
      List<String> keys = List.of("control", "treatment_a", "treatment_b");
      for (String id : BenchUsers.ids()) {
        byte[] b = (id + "30000").getBytes(StandardCharsets.UTF_8);
        long bucket = (Integer.toUnsignedLong(Murmur3.hash32(b, 0, b.length, 1)) * 10000) >>> 32;
        String expected = bucket < 9000 ? keys.get((int) (bucket / 3000)) : null;

        Variation v = s.client.getVariation("bench_exp", id);

        assertThat(v == null ? null : v.getKey()).as(id).isEqualTo(expected);
      }
    } finally {
      s.tearDown();
    }
  }

  @Test
  void unleash_bootstrappedOffline_givesAnEnabledVariantToEveryPoolUser() throws Exception {
    PeerBenchmark.UnleashState s = new PeerBenchmark.UnleashState();
    s.setUp();
    try {
      for (String id : BenchUsers.ids()) {
        var v = s.client.getVariant("bench_toggle", UnleashContext.builder().userId(id).build());
        assertThat(v.isEnabled()).as(id).isTrue();
        assertThat(PeerBenchmark.VARIANTS).contains(v.getName());
      }
    } finally {
      s.tearDown();
    }
  }
}
