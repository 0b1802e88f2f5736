package dev.abkit.examples.reliability;

import static org.awaitility.Awaitility.await;

import dev.abkit.AbKit;
import dev.abkit.pipeline.PipelineMetrics;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Waits for a pipeline to have stored everything: queue empty and journal replayed away. */
final class Drain {
  private Drain() {}

  /**
   * Flushes {@code abkit} until its queue is empty and its journal holds nothing (every spilled
   * record replayed into the store), and returns the metrics then.
   */
  static PipelineMetrics drained(AbKit abkit, Duration atMost) {
    AtomicReference<PipelineMetrics> last = new AtomicReference<>();
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              abkit.flush();
              PipelineMetrics m = abkit.metrics();
              last.set(m);
              return m.queueDepth() == 0 && m.journalBytes() == 0;
            });
    return last.get();
  }
}
