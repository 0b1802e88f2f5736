package dev.abkit.internal.engine;

import static dev.abkit.internal.engine.TestExperiments.experiment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.abkit.Assignment;
import dev.abkit.Reason;
import dev.abkit.manifest.Manifest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StickyAssignmentTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
  private final InMemoryStickyStore store = new InMemoryStickyStore();

  private Engine engine(Manifest m) {
    return new Engine(m, CLOCK, store, Map.of());
  }

  @Test
  void firstAssignment_isHashedAndStored() {
    Engine engine = engine(Manifest.of(experiment("e").build()));
    Assignment a = engine.assign("e", "u1", Map.of());
    assertThat(a.reason()).isEqualTo(Reason.HASHED);
    assertThat(store.entries).hasSize(1);
  }

  @Test
  void weightChange_keepsStickyUnits() {
    Engine engine = engine(Manifest.of(experiment("e").variant("A", 1).variant("B", 0).build()));
    for (int i = 0; i < 50; i++) {
      assertThat(engine.assign("e", "u" + i, Map.of()).variant()).isEqualTo("A");
    }
    engine.update(Manifest.of(experiment("e").variant("A", 0).variant("B", 1).build()));
    for (int i = 0; i < 50; i++) {
      Assignment a = engine.assign("e", "u" + i, Map.of());
      assertThat(a.variant()).isEqualTo("A");
      assertThat(a.reason()).isEqualTo(Reason.STICKY);
    }
    assertThat(engine.assign("e", "newcomer", Map.of()).variant()).isEqualTo("B");
  }

  @Test
  void weightChange_keepsStickyUnits_evenThroughAFreshEngine() {
    store.put("e", "u1", "e", "A");
    Engine engine = engine(Manifest.of(experiment("e").variant("A", 0).variant("B", 1).build()));
    Assignment a = engine.assign("e", "u1", Map.of());
    assertThat(a.variant()).isEqualTo("A");
    assertThat(a.reason()).isEqualTo(Reason.STICKY);
  }

  @Test
  void saltChange_reRandomizesStoredUnits() {
    Engine engine = engine(Manifest.of(experiment("e").variant("A", 1).variant("B", 0).build()));
    engine.assign("e", "u1", Map.of());
    engine.update(
        Manifest.of(experiment("e").salt("fresh").variant("A", 0).variant("B", 1).build()));
    Assignment a = engine.assign("e", "u1", Map.of());
    assertThat(a.variant()).isEqualTo("B");
    assertThat(a.reason()).isEqualTo(Reason.HASHED);
  }

  @Test
  void cache_consultsTheStoreOncePerUnit() {
    Engine engine = engine(Manifest.of(experiment("e").build()));
    for (int i = 0; i < 5; i++) {
      engine.assign("e", "u1", Map.of());
    }
    assertThat(store.calls.get()).isEqualTo(1);
  }

  @Test
  void unitOutsideTraffic_isNotStored() {
    Engine engine = engine(Manifest.of(experiment("e").traffic(0).build()));
    assertThat(engine.assign("e", "u1", Map.of()).reason()).isEqualTo(Reason.NOT_IN_TRAFFIC);
    assertThat(store.calls.get()).isZero();
  }

  @Test
  void storeFailure_servesTheHashedVariant() {
    store.failing = true;
    Engine withStore = engine(Manifest.of(experiment("e").build()));
    Engine without = new Engine(Manifest.of(experiment("e").build()), CLOCK, null, Map.of());
    for (int i = 0; i < 20; i++) {
      Assignment a = withStore.assign("e", "u" + i, Map.of());
      assertThat(a).isEqualTo(without.assign("e", "u" + i, Map.of()));
      assertThat(a.reason()).isEqualTo(Reason.HASHED);
    }
    store.failing = false;
    // the store failed last, so this request does not wait for it; its lookup stores the unit
    assertThat(withStore.assign("e", "u1", Map.of()))
        .isEqualTo(without.assign("e", "u1", Map.of()));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(store.entries).containsKey("e\u0000u1"));
  }

  @Test
  void storedVariantNoLongerInTheManifest_servesTheHashedVariant() {
    store.put("e", "u1", "e", "GONE");
    Engine engine = engine(Manifest.of(experiment("e").build()));
    Assignment a = engine.assign("e", "u1", Map.of());
    assertThat(a.reason()).isEqualTo(Reason.HASHED);
    assertThat(a.variant()).isIn("A", "B");
  }

  @Test
  void concurrentAssignments_agree() throws Exception {
    Engine engine = engine(Manifest.of(experiment("e").build()));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(
            pool.submit(
                () -> {
                  StringBuilder sb = new StringBuilder();
                  for (int i = 0; i < 200; i++) {
                    sb.append(engine.assign("e", "u" + i, Map.of()).variant());
                  }
                  return sb.toString();
                }));
      }
      String first = results.get(0).get();
      for (Future<String> f : results) {
        assertThat(f.get()).isEqualTo(first);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(store.entries).hasSize(200);
  }
}
