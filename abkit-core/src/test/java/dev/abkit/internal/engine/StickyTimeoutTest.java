package dev.abkit.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.abkit.Assignment;
import dev.abkit.Reason;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Manifest;
import dev.abkit.spi.AssignmentStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A sticky store that hangs must not hold the request: the deadline serves the hashed variant. */
class StickyTimeoutTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

  /** Hangs every call until released; then stores "B" for everyone (an earlier assignment). */
  static final class HangingStore implements AssignmentStore {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();
    final Map<String, String> stored = new ConcurrentHashMap<>();

    @Override
    public String getOrPut(String experiment, String unit, String salt, String proposed)
        throws Exception {
      calls.incrementAndGet();
      release.await();
      return stored.computeIfAbsent(experiment + "/" + unit, k -> "B");
    }
  }

  @Test
  @Timeout(20)
  void hangingStore_requestGetsTheHashedVariant_theStoredOneOnceItAnswers() {
    HangingStore store = new HangingStore();
    Experiment exp = Experiment.of("exp", "kpi", "A", "B");
    Engine engine = new Engine(Manifest.of(exp), CLOCK, store, Map.of(), Duration.ofMillis(20));
    try {
      Engine plain = new Engine(Manifest.of(exp), CLOCK, null, Map.of());
      String unit = firstUnitHashedTo(plain, "A");

      Assignment served = engine.assign("exp", unit, Map.of());
      assertThat(served.variant()).isEqualTo("A");
      assertThat(served.reason()).isEqualTo(Reason.HASHED);
      // Concurrent requests for the same unit share the one call that is waiting.
      engine.assign("exp", unit, Map.of());
      assertThat(store.calls).hasValue(1);

      store.release.countDown();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(engine.assign("exp", unit, Map.of()).variant()).isEqualTo("B"));
      assertThat(engine.assign("exp", unit, Map.of()).reason()).isEqualTo(Reason.STICKY);
      assertThat(store.stored).containsEntry("exp/" + unit, "B");
    } finally {
      store.release.countDown();
      engine.close();
    }
  }

  private static String firstUnitHashedTo(Engine plain, String variant) {
    for (int i = 0; ; i++) {
      String unit = "u" + i;
      if (variant.equals(plain.assign("exp", unit, Map.of()).variant())) {
        return unit;
      }
    }
  }
}
