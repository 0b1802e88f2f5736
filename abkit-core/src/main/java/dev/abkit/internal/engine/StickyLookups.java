package dev.abkit.internal.engine;

import com.github.benmanes.caffeine.cache.Cache;
import dev.abkit.spi.AssignmentStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Sticky-store calls off the request thread, with a deadline. A request waits at most the deadline
 * for {@link AssignmentStore#getOrPut}; past it the caller serves the hashed variant while the call
 * goes on in the background, stores the unit's assignment when the store answers, and fills the
 * cache for the unit's next request. A store that is down or slow (or creating its schema on first
 * use) therefore costs a request at most the deadline, never the store's connection timeout, and
 * never a lock held by another request thread.
 *
 * <p>A call that fails (the store is down) is retried in the background, after {@link #FIRST_RETRY}
 * and then twice as long each time up to {@link #LAST_RETRY}, until the store takes it or abkit
 * closes: the unit's sticky assignment (the variant it was served) is written once the store is
 * back, whether or not the unit returns. Retries are kept in memory, not journaled: a restart while
 * the store is down forgets them, and the unit is then stored on its next visit.
 *
 * <p>While the store is behind (its last call failed, or a request gave up waiting for it, and no
 * call has succeeded since), a lookup does not wait at all: it starts the call and serves the
 * hashed variant at once. Without this a database that is down cost every new unit the whole
 * deadline once per experiment on its route (three experiments: 150 ms per request). The first call
 * that succeeds, a retry included, makes lookups wait again.
 *
 * <p>Concurrent requests for the same (experiment, salt, unit) share one call. At most {@link
 * #BACKLOG} calls wait for the store, retries included; beyond that a lookup fails at once (and the
 * hashed variant is served). Thread-safe.
 */
final class StickyLookups implements AutoCloseable {
  /** Calls that may wait for the store before new ones are refused. */
  static final int BACKLOG = 10_000;

  /** The wait before a failed call's first retry. */
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);

  /** The longest wait between retries. */
  static final Duration LAST_RETRY = Duration.ofSeconds(60);

  private static final int THREADS = 4;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final AssignmentStore store;
  private final long deadlineNanos;
  private final Cache<Engine.StickyKey, String> cache;
  private final ConcurrentHashMap<Engine.StickyKey, CompletableFuture<String>> inFlight =
      new ConcurrentHashMap<>();
  private final ThreadPoolExecutor executor;
  private final ScheduledExecutorService retries;
  private final AtomicInteger pendingRetries = new AtomicInteger();
  private final Duration firstRetry;
  private volatile boolean storeBehind;

  StickyLookups(AssignmentStore store, Duration deadline, Cache<Engine.StickyKey, String> cache) {
    this(store, deadline, cache, FIRST_RETRY);
  }

  /** With another first retry delay, for tests. */
  StickyLookups(
      AssignmentStore store,
      Duration deadline,
      Cache<Engine.StickyKey, String> cache,
      Duration firstRetry) {
    this.store = store;
    this.firstRetry = firstRetry;
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
    this.retries =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "abkit-sticky-retry-" + pool);
              t.setDaemon(true);
              return t;
            });
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
      return call.get(storeBehind ? 0 : deadlineNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      storeBehind = true;
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
              String stored =
                  answered(store.getOrPut(key.experiment(), key.unit(), key.salt(), proposed), key);
              call.complete(stored);
            } catch (Throwable t) {
              storeBehind = true;
              call.completeExceptionally(t);
              retryLater(key, proposed, firstRetry);
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

  /** What the store answered for {@code key}: cached, and lookups wait for the store again. */
  private @Nullable String answered(@Nullable String stored, Engine.StickyKey key) {
    storeBehind = false;
    if (stored != null) {
      cache.put(key, stored);
    }
    return stored;
  }

  /**
   * Stores {@code proposed} for {@code key} after {@code delay}, again later while the store fails;
   * dropped when the backlog is full or abkit closes.
   */
  private void retryLater(Engine.StickyKey key, String proposed, Duration delay) {
    if (pendingRetries.incrementAndGet() > BACKLOG || retries.isShutdown()) {
      pendingRetries.decrementAndGet();
      return;
    }
    try {
      // the task handles its own failures: nothing to read from the future
      ScheduledFuture<?> unused =
          retries.schedule(
              () -> retry(key, proposed, delay), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      pendingRetries.decrementAndGet();
    }
  }

  private void retry(Engine.StickyKey key, String proposed, Duration delay) {
    pendingRetries.decrementAndGet();
    try {
      executor.execute(
          () -> {
            try {
              answered(store.getOrPut(key.experiment(), key.unit(), key.salt(), proposed), key);
            } catch (Exception stillDown) {
              Duration next = delay.multipliedBy(2);
              retryLater(key, proposed, next.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : next);
            }
          });
    } catch (RejectedExecutionException busy) {
      retryLater(key, proposed, delay);
    }
  }

  /** Stops taking lookups and retries; those already waiting are abandoned (daemon threads). */
  @Override
  public void close() {
    retries.shutdownNow();
    executor.shutdownNow();
  }
}
