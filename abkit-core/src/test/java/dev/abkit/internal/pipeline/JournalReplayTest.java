package dev.abkit.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.event.Event;
import dev.abkit.event.Observation;
import dev.abkit.spi.EventStore;
import dev.abkit.store.memory.InMemoryEventStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalReplayTest {
  @TempDir Path dir;
  Journal journal;
  final InMemoryEventStore inner = new InMemoryEventStore();
  final List<Integer> writes = new ArrayList<>();
  int failAfterWrites = Integer.MAX_VALUE;
  final Counters counters = new Counters();

  final EventStore store =
      batch -> {
        if (writes.size() >= failAfterWrites) {
          throw new IOException("down (test)");
        }
        writes.add(batch.size());
        inner.write(batch);
      };

  @AfterEach
  void close() {
    if (journal != null) {
      journal.close();
    }
  }

  static List<Observation> events(int from, int to) {
    List<Observation> list = new ArrayList<>();
    for (int i = from; i < to; i++) {
      list.add(
          new Event("e" + i, "u", "click", Instant.parse("2026-11-23T10:00:00Z"), null, Map.of()));
    }
    return list;
  }

  JournalReplay replay(int batchSize) {
    journal = new Journal(dir, Optional.empty());
    return new JournalReplay(
        journal,
        new StoreWriter(store, dir, new DeadLetters(dir, java.time.Clock.systemUTC(), counters)),
        counters,
        batchSize);
  }

  @Test
  void run_resendsEverySegmentInBatches_andEmptiesTheJournal() throws Exception {
    JournalReplay r = replay(2);
    journal.append(events(0, 3), true, false);
    journal.rotate();
    journal.append(events(3, 5), true, false); // the active segment: sealed by the replay
    assertThat(r.run()).isTrue();
    assertThat(writes).containsExactly(2, 1, 2);
    assertThat(inner.events()).hasSize(5);
    assertThat(counters.replayed.sum()).isEqualTo(5);
    assertThat(journal.bytes()).isZero();
    assertThat(journal.hasPending()).isFalse();
  }

  @Test
  void run_storeFailsMidway_keepsTheUnfinishedSegment() throws Exception {
    JournalReplay r = replay(2);
    journal.append(events(0, 2), true, false);
    journal.rotate();
    journal.append(events(2, 6), true, false);
    failAfterWrites = 2; // the first segment goes through, the second fails half-way
    assertThat(r.run()).isFalse();
    assertThat(counters.replayed.sum()).isEqualTo(4);
    assertThat(journal.hasPending()).isTrue();

    failAfterWrites = Integer.MAX_VALUE;
    assertThat(r.run()).isTrue(); // resumes after the 2 records of the segment it stored
    assertThat(inner.events()).hasSize(6);
    assertThat(journal.hasPending()).isFalse();
    assertThat(writes).containsExactly(2, 2, 2);
    assertThat(counters.replayed.sum()).as("each record counted once").isEqualTo(6);
  }

  @Test
  void run_segmentWithUndecodableLines_countsThemSkippedOnceEvenWhenRedone() throws Exception {
    JournalReplay r = replay(2);
    journal.append(events(0, 2), true, false);
    journal.rotate();
    Journal.Segment s = journal.nextSealed();
    s.channel.write(
        java.nio.ByteBuffer.wrap(
            "{\"type\":\"event\",\"id\":\"torn\n{\"type\":\"event\"}\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        s.channel.size());
    journal.append(events(2, 6), true, false);
    journal.rotate();
    failAfterWrites = 2; // cut off in the second segment
    assertThat(r.run()).isFalse();
    failAfterWrites = Integer.MAX_VALUE;
    assertThat(r.run()).isTrue();
    assertThat(inner.events()).hasSize(6);
    assertThat(counters.skipped.sum()).isEqualTo(2);
    assertThat(counters.replayed.sum()).isEqualTo(6);
  }

  @Test
  void run_emptyJournal_writesNothing() throws Exception {
    assertThat(replay(10).run()).isTrue();
    assertThat(writes).isEmpty();
  }
}
