package dev.abkit.internal.engine;

import com.github.benmanes.caffeine.cache.Cache;
import dev.abkit.spi.AssignmentStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sticky-store calls off the request thread, with a deadline. A request waits at most the deadline
 * for {@link AssignmentStore#getOrPut}; past it the caller serves the hashed variant while the call
 * goes on in the background, stores the unit's assignment when the store answers, and fills the
 * cache for the unit's next request. A store that is down or slow (or creating its schema on first
 * use) therefore costs a request at most the deadline, never the store's connection timeout, and
 * never a lock held by another request thread.
 *
 * <p>Concurrent requests for the same (experiment, salt, unit) share one call. At most {@link
 * #BACKLOG} calls wait for the store; beyond that a lookup fails at once (and the hashed variant is
 * served). Thread-safe.
 */
final class StickyLookups implements AutoCloseable {
  /** Calls that may wait for the store before new ones are refused. */
  static final int BACKLOG = 10_000;

  private static final int THREADS = 4;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final AssignmentStore store;
  private final long deadlineNanos;
  private final Cache<Engine.StickyKey, String> cache;
  private final ConcurrentHashMap<Engine.StickyKey, CompletableFuture<String>> inFlight =
      new ConcurrentHashMap<>();
  private final ThreadPoolExecutor executor;

  StickyLookups(AssignmentStore store, Duration deadline, Cache<Engine.StickyKey, String> cache) {
    this.store = store;
    this.deadlineNanos = deadline.toNanos();
    this.cache = cache;
    int pool = POOLS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(BACKLOG),
            r -> {
              Thread t = new Thread(r, "abkit-sticky-" + pool + "-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
  }

  /**
   * The stored variant for {@code key} (storing {@code proposed} if there is none), or {@code null}
   * when the store has not answered within the deadline.
   *
   * @throws Exception what the store threw, if it failed within the deadline
   */
  String getOrPut(Engine.StickyKey key, String proposed) throws Exception {
    CompletableFuture<String> call = inFlight.computeIfAbsent(key, k -> start(k, proposed));
    try {
      return call.get(deadlineNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      if (call.isDone()) {
        inFlight.remove(key, call);
      }
    }
  }

  private CompletableFuture<String> start(Engine.StickyKey key, String proposed) {
    CompletableFuture<String> call = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              String stored = store.getOrPut(key.experiment(), key.unit(), key.salt(), proposed);
              if (stored != null) {
                cache.put(key, stored);
              }
              call.complete(stored);
            } catch (Throwable t) {
              call.completeExceptionally(t);
            } finally {
              inFlight.remove(key, call);
            }
          });
    } catch (RejectedExecutionException e) {
      call.completeExceptionally(
          new IllegalStateException(
              "the assignment store is behind: " + BACKLOG + " lookups are waiting for it", e));
    }
    return call;
  }

  /** Stops taking lookups; those already waiting are abandoned with the pool's daemon threads. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
