package dev.abkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.analysis.ExperimentResult;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.store.file.FileEventStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline behind the public API: assign, log exposures, track, analyze from the file store.
 */
class AbKitRecordingTest {
  private static final String MANIFEST =
      """
      {"experiments": [
        {"id": "layout", "target_event": "click",
         "variants": [{"key": "A"}, {"key": "B"}]}
      ]}
      """;

  @TempDir Path data;
  @TempDir Path journal;

  @Test
  void recordThenResults_fileStore_countsEachUnitOnceAndSurvivesReopening() throws Exception {
    int[] exposed = new int[2];
    int[] clicked = new int[2];
    try (AbKit abkit =
        AbKit.builder()
            .manifestJson(MANIFEST)
            .eventStore(FileEventStore.open(data))
            .pipeline(PipelineSettings.builder().journalDir(journal).build())
            .build()) {
      for (int i = 0; i < 300; i++) {
        String unit = "user-" + i;
        Assignment a = abkit.assign("layout", unit);
        int v = a.is("A") ? 0 : 1;
        assertThat(abkit.logExposure(unit, a)).isTrue();
        assertThat(abkit.logExposure(unit, a)).isFalse();
        exposed[v]++;
        // B users click twice, every third A user once
        if (v == 1 || i % 3 == 0) {
          abkit.track(unit, "click");
          clicked[v]++;
          if (v == 1) {
            abkit.track(unit, "click");
          }
        }
      }
      ExperimentResult r = abkit.results("layout");
      assertThat(r.variant("A").orElseThrow().exposures()).isEqualTo(exposed[0]);
      assertThat(r.variant("B").orElseThrow().exposures()).isEqualTo(exposed[1]);
      assertThat(r.variant("A").orElseThrow().conversions()).isEqualTo(clicked[0]);
      assertThat(r.variant("B").orElseThrow().conversions()).isEqualTo(clicked[1]);
      assertThat(abkit.metrics().written()).isEqualTo(300 + clicked[0] + 2L * clicked[1]);
    }
    try (FileEventStore reopened = FileEventStore.open(data)) {
      ExperimentData d = reopened.read(ExperimentQuery.of("layout", List.of("click")));
      assertThat(d.variant("B").orElseThrow().metric("click").sum()).isEqualTo(2.0 * clicked[1]);
      assertThat(d.variant("B").orElseThrow().metric("click").sumSquares())
          .isEqualTo(4.0 * clicked[1]);
    }
    assertThat(exposed[0]).isPositive();
    assertThat(exposed[1]).isPositive();
  }
}
