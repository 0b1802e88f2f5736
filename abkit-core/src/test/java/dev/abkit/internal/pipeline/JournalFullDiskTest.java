package dev.abkit.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.event.Event;
import dev.abkit.event.Observation;
import dev.abkit.internal.io.FaultyFileChannel;
import dev.abkit.internal.io.SmallTmpfs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 3 for the journal: an append that fails on a full disk must leave no fragment for
 * the next append to be glued to. Each test appends (fsynced, as durable mode does) until an append
 * fails, makes room, appends the failed records again and goes on; then every appended record must
 * be read back and no line be malformed.
 */
class JournalFullDiskTest {
  /** About 3 KB a record, one a batch: a full disk cuts inside the record being appended. */
  static final String PADDING = "x".repeat(3000);

  @TempDir Path tmp;
  Journal journal;

  @AfterEach
  void close() {
    if (journal != null) {
      journal.close();
    }
  }

  static List<Observation> record(int i) {
    return List.of(
        new Event(
            "event-" + i,
            "unit-" + i,
            "kpi_click",
            Instant.parse("2026-11-23T10:00:00Z"),
            1.0,
            Map.of("padding", PADDING)));
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** Appends until one fails, runs {@code makeRoom}, appends it again and 3 more; their ids. */
  Set<String> fillThenRetry(ThrowingRunnable makeRoom) throws Exception {
    Set<String> appended = new HashSet<>();
    int i = 0;
    while (true) {
      try {
        journal.append(record(i), true, false);
        appended.add("event-" + i);
        i++;
        assertThat(i).as("the disk never filled").isLessThan(10_000);
      } catch (IOException e) {
        makeRoom.run();
        journal.append(record(i), true, false);
        appended.add("event-" + i);
        i++;
        break;
      }
    }
    for (int k = 0; k < 3; k++, i++) {
      journal.append(record(i), true, false);
      appended.add("event-" + i);
    }
    return appended;
  }

  record Read(Set<String> ids, long skipped) {}

  Read readAll() throws IOException {
    journal.rotate();
    Set<String> ids = new HashSet<>();
    long skipped = Journal.read(journal.nextSealed(), o -> ids.add(((Event) o).id()));
    return new Read(ids, skipped);
  }

  @Test
  void realFullDisk_failedAppendRedoneAfterSpaceIsFreed_everyRecordReadableNoLineMalformed()
      throws Exception {
    try (SmallTmpfs fs = SmallTmpfs.mount(tmp.resolve("small"), 64)) {
      journal = new Journal(fs.dir(), Optional.of("test-store"));
      Set<String> appended = fillThenRetry(() -> fs.resize(1024));
      Read read = readAll();
      assertThat(read.skipped()).as("malformed lines").isZero();
      assertThat(read.ids()).containsAll(appended);
      journal.close();
      journal = null;
    }
  }

  @Test
  void injectedFullDisk_shortWriteThenEnospc_fragmentIsTakenBack() throws Exception {
    FaultyFileChannel.Disk disk = new FaultyFileChannel.Disk(20_000);
    journal = new Journal(tmp, Optional.of("test-store"), FaultyFileChannel.opener(disk)::open);
    Set<String> appended = fillThenRetry(() -> disk.free(Long.MAX_VALUE));
    Read read = readAll();
    assertThat(read.skipped()).as("malformed lines").isZero();
    assertThat(read.ids()).containsAll(appended);
    assertThat(journal.bytes()).isEqualTo(java.nio.file.Files.size(journal.nextSealed().path));
  }

  @Test
  void injectedFullDisk_truncationFailsToo_fragmentStaysOneSkippedLineNotJoinedToARecord()
      throws Exception {
    FaultyFileChannel.Disk disk = new FaultyFileChannel.Disk(20_000);
    disk.truncateFails(true);
    journal = new Journal(tmp, Optional.of("test-store"), FaultyFileChannel.opener(disk)::open);
    Set<String> appended = fillThenRetry(() -> disk.free(Long.MAX_VALUE));
    Read read = readAll();
    assertThat(read.skipped()).as("the fragment, on a line of its own").isEqualTo(1);
    assertThat(read.ids()).containsAll(appended);
  }

  @Test
  void injectedFullDisk_firstAppendOfASegmentTorn_headerIsWrittenAgainAfterIt() throws Exception {
    FaultyFileChannel.Disk disk = new FaultyFileChannel.Disk(20);
    disk.truncateFails(true);
    journal = new Journal(tmp, Optional.of("test-store"), FaultyFileChannel.opener(disk)::open);
    Set<String> appended = fillThenRetry(() -> disk.free(Long.MAX_VALUE));
    journal.rotate();
    journal.close();
    // a later pipeline of the same store adopts the segment; one of another store does not
    Journal other = new Journal(tmp, Optional.of("other-store"));
    assertThat(other.adoptOrphans()).isZero();
    other.close();
    journal = new Journal(tmp, Optional.of("test-store"));
    assertThat(journal.adoptOrphans()).isEqualTo(1);
    Set<String> ids = new HashSet<>();
    Journal.read(journal.nextSealed(), o -> ids.add(((Event) o).id()));
    assertThat(ids).containsAll(appended);
  }
}
