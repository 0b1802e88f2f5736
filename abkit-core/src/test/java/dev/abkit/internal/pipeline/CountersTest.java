package dev.abkit.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.pipeline.PipelineMetrics;
import org.junit.jupiter.api.Test;

class CountersTest {

  @Test
  void snapshot_reportsEachCounterInItsOwnField() {
    Counters c = new Counters();
    c.queued.add(1);
    c.written.add(2);
    c.retriedBatches.add(3);
    c.failedBatches.add(4);
    c.spilled.add(5);
    c.replayed.add(6);
    c.dropped.add(7);
    c.quarantined.add(11);
    c.skipped.add(12);
    c.duplicates.add(8);
    assertThat(c.snapshot(9, 10))
        .isEqualTo(new PipelineMetrics(1, 2, 3, 4, 5, 6, 7, 11, 12, 8, 9, 10));
  }

  @Test
  void snapshot_ofNewCounters_isEmpty() {
    assertThat(new Counters().snapshot(0, 0)).isEqualTo(PipelineMetrics.EMPTY);
  }
}
