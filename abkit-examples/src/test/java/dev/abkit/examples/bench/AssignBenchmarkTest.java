package dev.abkit.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.AbKit;
import dev.abkit.Assignment;
import dev.abkit.Reason;
import dev.abkit.Unit;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark measures real work: abkit's assignment is the hash the floor computes. */
class AssignBenchmarkTest {
  @Test
  void sanityCheck_passesOnTheBenchmarkManifest() {
    try (AbKit abkit = AbKit.builder().manifest(BenchManifests.twenty()).build()) {
      AssignBenchmark.sanityCheck(abkit);
    }
  }

  @Test
  void assignOne_agreesWithTheFloorsMurmur3AndDesignRanges() {
    // DESIGN.md section 2: n = murmur3("bench_exp:" + u, seed 0) / 2^32; with 3 equal weights and
    // traffic 0.9, variant i owns [i/3, i/3 + 0.3).
    List<String> keys = List.of("control", "treatment_a", "treatment_b");
    try (AbKit abkit = AbKit.builder().manifest(BenchManifests.twenty()).build()) {
      for (String id : BenchUsers.ids()) {
        byte[] b = (BenchManifests.EXPERIMENT + ":" + id).getBytes(StandardCharsets.UTF_8);
        double n = Integer.toUnsignedLong(Murmur3.hash32(b, 0, b.length, 0)) / 0x1p32;
        int i = (int) (n * 3);
        String expected = n - i / 3.0 < 0.9 / 3 ? keys.get(i) : null;

        Assignment a = abkit.assign(BenchManifests.EXPERIMENT, id);

        assertThat(a.variant()).as("%s (n=%s)", id, n).isEqualTo(expected);
        assertThat(a.reason()).isEqualTo(expected == null ? Reason.NOT_IN_TRAFFIC : Reason.HASHED);
      }
    }
  }

  @Test
  void assignTwenty_coversEveryExperimentOfTheManifest() {
    try (AbKit abkit = AbKit.builder().manifest(BenchManifests.twenty()).build()) {
      Map<String, Assignment> all = abkit.assignAll(Unit.of("user-000001"));

      assertThat(all.keySet())
          .containsExactlyElementsOf(
              BenchManifests.twenty().experiments().stream().map(e -> e.id()).toList());
    }
  }
}
