package dev.abkit.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abkit.event.Event;
import dev.abkit.event.Observation;
import dev.abkit.internal.io.FaultyFileChannel;
import dev.abkit.internal.io.SmallTmpfs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 3: a write that fails on a full disk must not leave a fragment that the re-sent
 * batch is glued to. The pipeline re-sends a failed batch whole, so each test does what it does:
 * write batches until one fails, make room, write the failed batch again, go on; then every
 * acknowledged record must be readable and no line malformed.
 */
class FileEventStoreFullDiskTest {
  /**
   * One record of about 3 KB a batch: the write that hits the full disk then cuts inside the
   * batch's first record, the one glued to the fragment (and lost) if the fragment stays.
   */
  static final int BATCH = 1;

  static final String PADDING = "x".repeat(3000);

  @TempDir Path tmp;

  static List<Observation> batch(int n) {
    List<Observation> list = new ArrayList<>();
    for (int i = n * BATCH; i < (n + 1) * BATCH; i++) {
      list.add(
          new Event(
              "event-" + i,
              "unit-" + i,
              "kpi_click",
              Instant.parse("2026-11-23T10:00:00Z").plusMillis(i),
              1.0,
              Map.of("page", "dashboard", "padding", PADDING)));
    }
    return list;
  }

  static Set<String> ids(List<Observation> records) {
    Set<String> ids = new HashSet<>();
    for (Observation o : records) {
      ids.add(((Event) o).id());
    }
    return ids;
  }

  /** What a read finds: the ids of the events, and how many lines were skipped. */
  record Read(Set<String> ids, long skipped) {}

  static Read read(Path dir) throws IOException {
    Set<String> ids = new HashSet<>();
    long skipped;
    try (FileEventStore s = FileEventStore.open(dir)) {
      skipped = s.scan(o -> ids.add(((Event) o).id()));
    }
    return new Read(ids, skipped);
  }

  /** Writes until one batch fails, runs {@code makeRoom}, re-sends it and writes 3 more. */
  static Set<String> fillThenRetry(FileEventStore store, ThrowingRunnable makeRoom)
      throws Exception {
    Set<String> acknowledged = new HashSet<>();
    int n = 0;
    while (true) {
      List<Observation> b = batch(n++);
      try {
        store.write(b);
        acknowledged.addAll(ids(b));
        assertThat(n).as("the disk never filled").isLessThan(10_000);
      } catch (IOException e) {
        makeRoom.run();
        store.write(b); // the pipeline's retry of the same batch
        acknowledged.addAll(ids(b));
        break;
      }
    }
    for (int i = 0; i < 3; i++) {
      List<Observation> b = batch(n++);
      store.write(b);
      acknowledged.addAll(ids(b));
    }
    return acknowledged;
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void realFullDisk_failedBatchResentAfterSpaceIsFreed_everyRecordReadableNoLineMalformed()
      throws Exception {
    try (SmallTmpfs fs = SmallTmpfs.mount(tmp.resolve("small"), 64)) {
      Set<String> acknowledged;
      try (FileEventStore store = FileEventStore.open(fs.dir())) {
        acknowledged = fillThenRetry(store, () -> fs.resize(1024));
      }
      Read read = read(fs.dir());
      assertThat(read.skipped()).as("malformed lines").isZero();
      assertThat(read.ids()).containsAll(acknowledged);
    }
  }

  @Test
  void injectedFullDisk_shortWriteThenEnospc_fragmentIsTakenBack() throws Exception {
    FaultyFileChannel.Disk disk = new FaultyFileChannel.Disk(20_000);
    Set<String> acknowledged;
    try (FileEventStore store = FileEventStore.open(tmp, FaultyFileChannel.opener(disk)::open)) {
      acknowledged = fillThenRetry(store, () -> disk.free(Long.MAX_VALUE));
    }
    Read read = read(tmp);
    assertThat(read.skipped()).as("malformed lines").isZero();
    assertThat(read.ids()).containsAll(acknowledged);
  }

  @Test
  void injectedFullDisk_truncationFailsToo_fragmentStaysOneSkippedLineNotJoinedToARecord()
      throws Exception {
    FaultyFileChannel.Disk disk = new FaultyFileChannel.Disk(20_000);
    disk.truncateFails(true);
    Set<String> acknowledged;
    try (FileEventStore store = FileEventStore.open(tmp, FaultyFileChannel.opener(disk)::open)) {
      acknowledged = fillThenRetry(store, () -> disk.free(Long.MAX_VALUE));
    }
    Read read = read(tmp);
    assertThat(read.skipped()).as("the fragment, on a line of its own").isEqualTo(1);
    assertThat(read.ids()).containsAll(acknowledged);
  }

  @Test
  void injectedFullDisk_noRoomEvenToEndTheTornLine_retryFailsCleanlyThenSucceeds()
      throws Exception {
    FaultyFileChannel.Disk disk = new FaultyFileChannel.Disk(20_000);
    disk.truncateFails(true);
    Set<String> acknowledged = new HashSet<>();
    try (FileEventStore store = FileEventStore.open(tmp, FaultyFileChannel.opener(disk)::open)) {
      int n = 0;
      List<Observation> failed;
      while (true) {
        List<Observation> b = batch(n++);
        try {
          store.write(b);
          acknowledged.addAll(ids(b));
        } catch (IOException e) {
          failed = b;
          break;
        }
      }
      // the disk is still full: not even the newline that ends the fragment fits
      assertThatThrownBy(() -> store.write(failed)).isInstanceOf(IOException.class);
      disk.free(Long.MAX_VALUE);
      store.write(failed);
      acknowledged.addAll(ids(failed));
      store.write(batch(n));
      acknowledged.addAll(ids(batch(n)));
    }
    Read read = read(tmp);
    assertThat(read.skipped()).as("the fragment, on a line of its own").isEqualTo(1);
    assertThat(read.ids()).containsAll(acknowledged);
  }
}
