package dev.abkit.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.MetricData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryStoresTest {
  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void eventStore_duplicates_firstWrittenKept() {
    InMemoryEventStore store = new InMemoryEventStore();
    Exposure first = new Exposure("u1", "exp", "A", T0);
    Event e = new Event("e1", "u1", "buy", T0.plusSeconds(1), 4.0, Map.of());
    store.write(List.of(first, e));
    store.write(
        List.of(
            new Exposure("u1", "exp", "B", T0.plusSeconds(5)),
            new Event("e1", "u1", "buy", T0.plusSeconds(9), 100.0, Map.of())));
    assertThat(store.all()).containsExactly(first, e);
    assertThat(store.exposures()).containsExactly(first);
    assertThat(store.events()).containsExactly(e);
  }

  @Test
  void eventStore_read_computesStatisticsLikeTheFileStore() {
    InMemoryEventStore store = new InMemoryEventStore();
    store.write(
        List.of(
            new Exposure("u1", "exp", "A", T0),
            new Exposure("u2", "exp", "A", T0),
            new Exposure("u3", "exp", "B", T0),
            new Event("e1", "u1", "buy", T0.plusSeconds(1), 4.0, Map.of()),
            new Event("e2", "u1", "buy", T0.plusSeconds(2), 1.0, Map.of()),
            new Event("e3", "u2", "buy", T0.minusSeconds(1), 7.0, Map.of()),
            new Event("e4", "u3", "buy", T0, null, Map.of())));
    ExperimentData data = store.read(new ExperimentQuery("exp", List.of("buy")));
    assertThat(data.variant("A").orElseThrow().exposures()).isEqualTo(2);
    assertThat(data.variant("A").orElseThrow().metric("buy")).isEqualTo(new MetricData(1, 5, 25));
    assertThat(data.variant("B").orElseThrow().metric("buy")).isEqualTo(new MetricData(1, 1, 1));
    store.clear();
    assertThat(store.size()).isZero();
  }

  @Test
  void eventStore_concurrentWrites_keepOnePerKey() throws Exception {
    InMemoryEventStore store = new InMemoryEventStore();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      fs.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 2000; i++) {
                  store.write(
                      List.of(
                          new Event("e" + i, "u", "x", T0, null, Map.of()),
                          new Exposure("u" + i, "exp", "A", T0)));
                }
              }));
    }
    for (Future<?> f : fs) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(store.events()).hasSize(2000);
    assertThat(store.exposures()).hasSize(2000);
  }

  @Test
  void assignmentStore_firstProposalSticks_untilTheSaltChanges() {
    InMemoryAssignmentStore store = new InMemoryAssignmentStore();
    assertThat(store.getOrPut("exp", "u1", "s1", "A")).isEqualTo("A");
    assertThat(store.getOrPut("exp", "u1", "s1", "B")).isEqualTo("A");
    assertThat(store.get("exp", "u1")).contains("A");
    assertThat(store.getOrPut("exp", "u1", "s2", "B")).isEqualTo("B");
    assertThat(store.getOrPut("exp", "u1", "s2", "A")).isEqualTo("B");
    assertThat(store.get("exp", "u2")).isEmpty();
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void assignmentStore_concurrentCallers_allGetTheSameAnswer() throws Exception {
    InMemoryAssignmentStore store = new InMemoryAssignmentStore();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    Set<String> answers = ConcurrentHashMap.newKeySet();
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      String proposal = "V" + t;
      fs.add(pool.submit(() -> answers.add(store.getOrPut("exp", "u", "s", proposal))));
    }
    for (Future<?> f : fs) {
      f.get(10, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(new HashSet<>(answers)).hasSize(1);
  }
}
