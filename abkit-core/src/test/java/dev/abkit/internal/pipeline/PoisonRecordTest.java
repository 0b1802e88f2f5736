package dev.abkit.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.event.Event;
import dev.abkit.event.Observation;
import dev.abkit.pipeline.Acceptance;
import dev.abkit.pipeline.PipelineMetrics;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.spi.EventStore;
import dev.abkit.spi.RecordRejectedException;
import dev.abkit.store.file.FileEventStore;
import dev.abkit.store.memory.InMemoryEventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 2b: a record the store refuses as bad data is bisected out of its batch and set
 * aside in the dead-letter file; every other record is stored and the pipeline keeps moving.
 *
 * <p>The in-memory and file stores can hold any record {@link Event} lets through, so they never
 * refuse one themselves: here they are wrapped in {@link Refusing}, which refuses the batches that
 * hold the poison record the way a database refuses a row it cannot store (nothing of the batch
 * kept). The JDBC store is tested against real database refusals in abkit-jdbc-store.
 */
class PoisonRecordTest {
  private static final String POISON = "e1234";
  private static final int TOTAL = 5_000;

  @TempDir Path journalDir;
  @TempDir Path storeDir;

  /** Refuses, as bad data, every batch that holds the event with id {@link #POISON}. */
  static final class Refusing implements EventStore {
    final EventStore inner;
    final AtomicInteger refusals = new AtomicInteger();

    Refusing(EventStore inner) {
      this.inner = inner;
    }

    @Override
    public void write(List<Observation> batch) throws Exception {
      for (Observation o : batch) {
        if (o instanceof Event e && e.id().equals(POISON)) {
          refusals.incrementAndGet();
          throw new RecordRejectedException("value out of range (test): " + e.id(), null);
        }
      }
      inner.write(batch);
    }
  }

  private PipelineMetrics trackAll(EventStore store, boolean durable) {
    PipelineSettings settings =
        PipelineSettings.builder()
            .batchSize(500)
            .flushInterval(Duration.ofMillis(5))
            .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(50))
            .journalDir(journalDir)
            .durable(durable)
            .build();
    try (Recorder r = new Recorder(store, settings, RecorderTest.CLOCK)) {
      for (int i = 0; i < TOTAL; i++) {
        Event e = new Event("e" + i, "u" + i % 97, "click", RecorderTest.NOW, null, Map.of());
        assertThat(r.event(e)).isEqualTo(Acceptance.ACCEPTED);
      }
      r.flush();
      return r.metrics();
    }
  }

  private void assertOnlyPoisonQuarantined(PipelineMetrics m, List<Event> stored) throws Exception {
    Set<String> ids = new HashSet<>();
    stored.forEach(e -> ids.add(e.id()));
    assertThat(ids).hasSize(TOTAL - 1).doesNotContain(POISON);
    assertThat(m.quarantined()).isEqualTo(1);
    assertThat(m.written()).isEqualTo(TOTAL - 1);
    assertThat(m.dropped()).isZero();
    assertThat(m.spilled()).as("the poison never makes the store look down").isZero();
    List<String> lines = Files.readAllLines(journalDir.resolve(DeadLetters.FILE_NAME));
    assertThat(lines).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(lines.get(0));
    assertThat(line.get("error").asText()).isEqualTo("value out of range (test): " + POISON);
    assertThat(line.get("record").get("id").asText()).isEqualTo(POISON);
    assertThat(line.get("quarantined").asText()).isEqualTo(RecorderTest.NOW.toString());
    assertThat(JsonLines.decode(line.get("record").toString()).toString()).contains("id=" + POISON);
  }

  @Test
  void inMemoryStore_poisonAmongThousands_onlyPoisonQuarantined() throws Exception {
    InMemoryEventStore inner = new InMemoryEventStore();
    Refusing store = new Refusing(inner);
    PipelineMetrics m = trackAll(store, false);
    assertOnlyPoisonQuarantined(m, inner.events());
    // bisection: about 2 log2(500) refused writes, not one per record
    assertThat(store.refusals.get()).isBetween(2, 20);
  }

  @Test
  void inMemoryStore_durableMode_poisonQuarantinedAndJournalEmptied() throws Exception {
    InMemoryEventStore inner = new InMemoryEventStore();
    PipelineMetrics m = trackAll(new Refusing(inner), true);
    assertOnlyPoisonQuarantined(m, inner.events());
    assertThat(m.journalBytes()).isZero();
  }

  @Test
  void fileStore_poisonAmongThousands_onlyPoisonQuarantined() throws Exception {
    try (FileEventStore inner = FileEventStore.open(storeDir)) {
      PipelineMetrics m = trackAll(new Refusing(inner), false);
      List<Event> stored = new ArrayList<>();
      inner.scan(
          o -> {
            if (o instanceof Event e) {
              stored.add(e);
            }
          });
      assertOnlyPoisonQuarantined(m, stored);
    }
  }

  @Test
  void poisonInTheJournal_isQuarantinedOnReplay_andTheRestLands() throws Exception {
    // a poison record spilled while the store was down must not block the replay forever
    InMemoryEventStore inner = new InMemoryEventStore();
    Refusing refusing = new Refusing(inner);
    RecorderTest.FlakyStore flaky = new RecorderTest.FlakyStore();
    flaky.down = true;
    EventStore store =
        new EventStore() {
          @Override
          public void write(List<Observation> batch) throws Exception {
            if (flaky.down) {
              throw new java.io.IOException("down (test)");
            }
            refusing.write(batch);
          }
        };
    PipelineSettings settings =
        PipelineSettings.builder()
            .batchSize(500)
            .flushInterval(Duration.ofMillis(5))
            .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
            .spillAfterFailures(1)
            .journalDir(journalDir)
            .build();
    try (Recorder r = new Recorder(store, settings, RecorderTest.CLOCK)) {
      for (int i = 0; i < TOTAL; i++) {
        r.event(new Event("e" + i, "u", "click", RecorderTest.NOW, null, Map.of()));
      }
      r.flush();
      assertThat(r.metrics().spilled()).isPositive();
      flaky.down = false;
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(inner.events()).hasSize(TOTAL - 1));
      PipelineMetrics m = r.metrics();
      assertThat(m.quarantined()).isEqualTo(1);
      assertThat(m.written() + m.replayed()).isEqualTo(TOTAL - 1);
    }
    assertThat(Files.readAllLines(journalDir.resolve(DeadLetters.FILE_NAME))).hasSize(1);
  }
}
