package dev.abkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.event.Event;
import dev.abkit.event.Observation;
import dev.abkit.manifest.Manifest;
import dev.abkit.pipeline.Acceptance;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.spi.EventStore;
import dev.abkit.store.file.FileEventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 10: two apps whose journals share a directory (every app in one Tomcat writing
 * {@code ./abkit-journal}) must not replay each other's records into their own stores.
 */
class AbKitJournalOwnershipTest {
  @TempDir Path tmp;

  /** A file store that can be down, as the database of app A was. */
  static final class Downable implements EventStore {
    final FileEventStore inner;
    volatile boolean down;

    Downable(FileEventStore inner, boolean down) {
      this.inner = inner;
      this.down = down;
    }

    @Override
    public void write(List<Observation> batch) throws Exception {
      if (down) {
        throw new IOException("down (test)");
      }
      inner.write(batch);
    }

    @Override
    public void ping() throws Exception {
      if (down) {
        throw new IOException("down (test)");
      }
    }

    @Override
    public Optional<String> identity() {
      return inner.identity();
    }

    @Override
    public void close() throws IOException {
      inner.close();
    }
  }

  static AbKit app(EventStore store, Path journal) {
    return AbKit.builder()
        .manifest(Manifest.of())
        .eventStore(store)
        .pipeline(
            PipelineSettings.builder()
                .journalDir(journal)
                .flushInterval(Duration.ofMillis(5))
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(20))
                .spillAfterFailures(1)
                .build())
        .build();
  }

  static Set<String> ids(Path storeDir) throws IOException {
    Set<String> ids = new HashSet<>();
    try (FileEventStore s = FileEventStore.open(storeDir)) {
      s.scan(o -> ids.add(((Event) o).id()));
    }
    return ids;
  }

  long journalFiles(Path journal) throws IOException {
    try (Stream<Path> files = Files.list(journal)) {
      return files.filter(f -> f.getFileName().toString().startsWith("journal-")).count();
    }
  }

  @Test
  void twoAppsSharingAJournalDir_eachReplaysOnlyItsOwnRecords() throws Exception {
    Path journal = tmp.resolve("abkit-journal");
    Path dirA = tmp.resolve("store-a");
    Path dirB = tmp.resolve("store-b");

    // app A's store is down: its records stay in the shared journal when it stops
    try (AbKit a = app(new Downable(FileEventStore.open(dirA), true), journal)) {
      for (int i = 0; i < 39; i++) {
        Event e = new Event("a-" + i, "unit-" + i, "kpi_click", Instant.now(), null, Map.of());
        assertThat(a.track(e)).isEqualTo(Acceptance.ACCEPTED);
      }
      a.flush();
    }
    assertThat(journalFiles(journal)).isPositive();

    // app B starts on the same journal directory with its own, healthy store
    try (AbKit b = app(FileEventStore.open(dirB), journal)) {
      b.track(new Event("b-0", "unit-b", "kpi_click", Instant.now(), null, Map.of()));
      b.flush();
      Thread.sleep(300); // time enough for a replay it must not do
      b.flush();
      assertThat(b.metrics().replayed()).isZero();
    }
    assertThat(ids(dirB)).containsExactly("b-0");
    assertThat(journalFiles(journal)).as("A's journal kept for A").isPositive();

    // app A, back with its store up, replays its own records
    try (AbKit a = app(FileEventStore.open(dirA), journal)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (a.metrics().replayed() < 39 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(a.metrics().replayed()).isEqualTo(39);
    }
    assertThat(ids(dirA)).hasSize(39);
    assertThat(ids(dirB)).containsExactly("b-0");
    assertThat(journalFiles(journal)).isZero();
  }
}
