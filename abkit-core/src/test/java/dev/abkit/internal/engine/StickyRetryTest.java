package dev.abkit.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.abkit.spi.AssignmentStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A sticky write that fails while the store is down is retried in the background until the store
 * takes it: the unit's assignment is stored without the unit coming back (issue 11, item 9).
 */
class StickyRetryTest {

  /** Down for the first {@code failures} calls, then stores the first proposal per key. */
  static final class RecoveringStore implements AssignmentStore {
    final AtomicInteger calls = new AtomicInteger();
    final Map<String, String> stored = new ConcurrentHashMap<>();
    private final int failures;

    RecoveringStore(int failures) {
      this.failures = failures;
    }

    @Override
    public String getOrPut(String experiment, String unit, String salt, String proposed)
        throws Exception {
      if (calls.incrementAndGet() <= failures) {
        throw new java.sql.SQLException("connection refused");
      }
      return stored.computeIfAbsent(experiment + "/" + unit, k -> proposed);
    }
  }

  @Test
  @Timeout(20)
  void failedWrite_retriedUntilTheStoreTakesIt_andCached() throws Exception {
    RecoveringStore store = new RecoveringStore(3);
    Cache<Engine.StickyKey, String> cache = Caffeine.newBuilder().build();
    Engine.StickyKey key = new Engine.StickyKey("exp", "exp", "u1");
    try (StickyLookups lookups =
        new StickyLookups(store, Duration.ofSeconds(1), cache, Duration.ofMillis(50))) {
      assertThatThrownBy(() -> lookups.getOrPut(key, "B")).hasMessage("connection refused");

      await().atMost(Duration.ofSeconds(10)).until(() -> store.stored.containsKey("exp/u1"));
      assertThat(store.stored).containsEntry("exp/u1", "B");
      assertThat(store.calls.get()).isEqualTo(4); // the request's call and three retries
      await().atMost(Duration.ofSeconds(2)).until(() -> cache.getIfPresent(key) != null);
      assertThat(cache.getIfPresent(key)).isEqualTo("B");
    }
  }

  @Test
  @Timeout(20)
  void closed_retriesStop() throws Exception {
    RecoveringStore store = new RecoveringStore(Integer.MAX_VALUE);
    Cache<Engine.StickyKey, String> cache = Caffeine.newBuilder().build();
    StickyLookups lookups =
        new StickyLookups(store, Duration.ofSeconds(1), cache, Duration.ofMillis(20));
    assertThatThrownBy(() -> lookups.getOrPut(new Engine.StickyKey("exp", "exp", "u1"), "A"))
        .hasMessage("connection refused");
    await().atMost(Duration.ofSeconds(5)).until(() -> store.calls.get() >= 2);
    lookups.close();
    int after = store.calls.get();
    Thread.sleep(300);
    assertThat(store.calls.get()).isLessThanOrEqualTo(after + 1);
  }
}
