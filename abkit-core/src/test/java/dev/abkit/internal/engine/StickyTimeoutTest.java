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

  /** Fails its first call at once (down); later calls wait until released, then store "B". */
  static final class DownThenBackStore implements AssignmentStore {
    final CountDownLatch back = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String getOrPut(String experiment, String unit, String salt, String proposed)
        throws Exception {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("the database is down");
      }
      back.await();
      return "B";
    }
  }

  /**
   * Once the store has failed, requests do not wait for it (a 30 s deadline here: a request that
   * waited would trip the 10 s test timeout); the first answer makes them wait again, so a new
   * unit's first request then gets its stored variant.
   */
  @Test
  @Timeout(10)
  void storeBehind_requestsDoNotWait_untilTheStoreAnswersAgain() {
    DownThenBackStore store = new DownThenBackStore();
    Experiment exp = Experiment.of("exp", "kpi", "A", "B");
    Engine engine = new Engine(Manifest.of(exp), CLOCK, store, Map.of(), Duration.ofSeconds(30));
    try {
      Engine plain = new Engine(Manifest.of(exp), CLOCK, null, Map.of());
      String first = unitHashedTo(plain, "A", 0);
      String second = unitHashedTo(plain, "A", 1);
      String third = unitHashedTo(plain, "A", 2);

      assertThat(engine.assign("exp", first, Map.of()).reason()).isEqualTo(Reason.HASHED);
      Assignment whileDown = engine.assign("exp", second, Map.of());
      assertThat(whileDown.variant()).isEqualTo("A");
      assertThat(whileDown.reason()).isEqualTo(Reason.HASHED);
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> assertThat(store.calls).as("the lookup was started").hasValueGreaterThan(1));

      store.back.countDown();
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> assertThat(engine.assign("exp", second, Map.of()).variant()).isEqualTo("B"));
      Assignment afterwards = engine.assign("exp", third, Map.of());
      assertThat(afterwards.variant()).isEqualTo("B");
      assertThat(afterwards.reason()).isEqualTo(Reason.STICKY);
    } finally {
      store.back.countDown();
      engine.close();
    }
  }

  private static String firstUnitHashedTo(Engine plain, String variant) {
    return unitHashedTo(plain, variant, 0);
  }

  /** The {@code skip}+1-th unit (u0, u1, ...) that hashes to {@code variant}. */
  private static String unitHashedTo(Engine plain, String variant, int skip) {
    int found = 0;
    for (int i = 0; ; i++) {
      String unit = "u" + i;
      if (variant.equals(plain.assign("exp", unit, Map.of()).variant()) && found++ == skip) {
        return unit;
      }
    }
  }
}
