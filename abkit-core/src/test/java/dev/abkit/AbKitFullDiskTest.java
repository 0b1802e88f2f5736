package dev.abkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.event.Event;
import dev.abkit.internal.io.SmallTmpfs;
import dev.abkit.manifest.Manifest;
import dev.abkit.pipeline.Acceptance;
import dev.abkit.pipeline.PipelineMetrics;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.store.file.FileEventStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 3, end to end: the file store's disk fills up under load (a real 64 KiB tmpfs), the
 * pipeline retries and journals, space comes back, and every accepted event must be readable, with
 * no malformed line. Before the fix, a batch's torn fragment and its re-sent first record merged
 * into one malformed line, and that acknowledged event was lost with {@code dropped=0}.
 */
class AbKitFullDiskTest {
  @TempDir Path tmp;

  @Test
  void fileStoreDiskFills_thenSpaceReturns_everyAcceptedEventIsReadable() throws Exception {
    String padding = "x".repeat(2000);
    try (SmallTmpfs fs = SmallTmpfs.mount(tmp.resolve("store"), 64)) {
      Set<String> accepted = new HashSet<>();
      PipelineMetrics m;
      try (AbKit abkit =
          AbKit.builder()
              .manifest(Manifest.of())
              .eventStore(FileEventStore.open(fs.dir()))
              .pipeline(
                  PipelineSettings.builder()
                      .journalDir(tmp.resolve("journal"))
                      .flushInterval(Duration.ofMillis(5))
                      .batchSize(7)
                      .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(20))
                      .spillAfterFailures(2)
                      .build())
              .build()) {
        for (int i = 0; i < 60; i++) {
          Event e =
              new Event(
                  "event-" + i,
                  "unit-" + i,
                  "kpi_click",
                  Instant.now(),
                  1.0,
                  Map.of("padding", padding));
          if (abkit.track(e) == Acceptance.ACCEPTED) {
            accepted.add(e.id());
          }
          if (i % 7 == 6) {
            abkit.flush(); // batches of 7, as a steady trickle would make
          }
        }
        abkit.flush();
        assertThat(abkit.metrics().failedBatches()).as("the disk filled").isPositive();
        fs.resize(1024);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (read(fs.dir()).ids().size() < accepted.size() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        abkit.flush();
        m = abkit.metrics();
      }
      Read read = read(fs.dir());
      System.out.printf(
          "[reliability] full disk (file store on a 64 KiB tmpfs, then 1 MiB): accepted=%d"
              + " readable=%d malformed=%d failedBatches=%d spilled=%d replayed=%d dropped=%d%n",
          accepted.size(),
          read.ids().size(),
          read.skipped(),
          m.failedBatches(),
          m.spilled(),
          m.replayed(),
          m.dropped());
      assertThat(accepted).hasSize(60);
      assertThat(read.skipped()).as("malformed lines").isZero();
      assertThat(read.ids()).containsExactlyInAnyOrderElementsOf(accepted);
      assertThat(m.dropped()).isZero();
    }
  }

  record Read(Set<String> ids, long skipped) {}

  static Read read(Path dir) throws IOException {
    Set<String> ids = new HashSet<>();
    long skipped;
    try (FileEventStore s = FileEventStore.open(dir)) {
      skipped = s.scan(o -> ids.add(((Event) o).id()));
    }
    return new Read(ids, skipped);
  }
}
