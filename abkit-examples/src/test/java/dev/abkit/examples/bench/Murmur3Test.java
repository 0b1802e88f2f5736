package dev.abkit.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.optimizely.ab.bucketing.internal.MurmurHash3;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Murmur3Test {
  /** Published MurmurHash3_x86_32 vectors (SMHasher-derived test sets). */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|0|0x00000000",
        "''|1|0x514e28b7",
        "''|0xffffffff|0x81f16f39",
        "hello|0|0x248bfa47",
        "hello, world|0|0x149bbb7f",
        "The quick brown fox jumps over the lazy dog|0|0x2e4ff723",
        "aaaa|0x9747b28c|0x5a97808a",
        "abc|0x9747b28c|0xc84a62dd",
        "Hello, world!|0x9747b28c|0x24884cba"
      })
  void hash32_publishedVectors(String text, String seed, String expected) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);

    assertThat(
            Murmur3.hash32(
                b,
                0,
                b.length,
                Integer.parseUnsignedInt(seed.replace("0x", ""), seed.startsWith("0x") ? 16 : 10)))
        .isEqualTo(Integer.parseUnsignedInt(expected.substring(2), 16));
  }

  @Test
  void hash32_matchesOptimizelysMurmurHash3_onEveryPoolKeyAndTailLength() {
    for (String id : BenchUsers.ids()) {
      for (String key : new String[] {"bench_exp:" + id, id, id + "3", id + "30", id + "300"}) {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        for (int seed : new int[] {0, 1}) {
          assertThat(Murmur3.hash32(b, 0, b.length, seed))
              .as("%s seed %d", key, seed)
              .isEqualTo(MurmurHash3.murmurhash3_x86_32(b, 0, b.length, seed));
        }
      }
    }
  }

  @Test
  void hash32_honoursOffsetAndLength() {
    byte[] padded = "xxhelloyy".getBytes(StandardCharsets.UTF_8);

    assertThat(Murmur3.hash32(padded, 2, 5, 0)).isEqualTo(0x248bfa47);
  }
}
