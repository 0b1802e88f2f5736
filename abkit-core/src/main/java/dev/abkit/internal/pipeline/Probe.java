package dev.abkit.internal.pipeline;

import dev.abkit.spi.EventStore;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * While the store is down, asks it {@link EventStore#ping()} on a schedule that backs off
 * exponentially, on a thread of its own ({@code abkit-probe}): a store that hangs until a timeout
 * must not hold up journaling, which durable callers wait on. Writer thread only (except {@link
 * #shutdown}).
 */
final class Probe {
  /** What {@link #poll()} found. */
  enum State {
    /** No probe running and none due yet. */
    WAITING,
    /** A probe is running (possibly just started). */
    RUNNING,
    /** The last probe succeeded: the store answers. */
    ANSWERED,
    /** The last probe failed: the next is scheduled after a longer delay. */
    FAILED
  }

  private final EventStore store;
  private final Backoff backoff;
  private final LongSupplier nanoTime;
  private final ExecutorService prober =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "abkit-probe");
            t.setDaemon(true);
            return t;
          });
  private CompletableFuture<Void> running;
  private Exception lastFailure;
  private long nextNanos;

  Probe(EventStore store, Backoff backoff, LongSupplier nanoTime) {
    this.store = store;
    this.backoff = backoff;
    this.nanoTime = nanoTime;
  }

  /** The next probe is due at once (a journal was found at startup). */
  void dueNow() {
    nextNanos = nanoTime.getAsLong();
  }

  /** A batch failed after a retry delay of {@code retryNanos}: the first probe waits as long. */
  void startAfter(long retryNanos) {
    backoff.resumeAt(retryNanos);
    nextNanos = nanoTime.getAsLong() + backoff.current();
  }

  /** The store failed again (a probe, or a replay): wait longer before the next probe. */
  void failedAgain() {
    nextNanos = nanoTime.getAsLong() + backoff.grow();
  }

  /** The next probe waits {@code nanos}, leaving the backoff as it is. */
  void retryAfter(long nanos) {
    nextNanos = nanoTime.getAsLong() + nanos;
  }

  /** The store answered and the journal is replayed: the next outage starts from the beginning. */
  void reset() {
    backoff.reset();
  }

  /**
   * How long the writer may sleep before the next probe is due; {@code otherwise} while one runs.
   */
  long waitNanos(long otherwise) {
    return running != null ? otherwise : Math.max(0, nextNanos - nanoTime.getAsLong());
  }

  /** Starts a due probe, or collects a finished one. */
  State poll() {
    if (running == null) {
      if (nanoTime.getAsLong() - nextNanos < 0) {
        return State.WAITING;
      }
      running = CompletableFuture.runAsync(this::ping, prober);
      return State.RUNNING;
    }
    if (!running.isDone()) {
      return State.RUNNING;
    }
    CompletableFuture<Void> done = running;
    running = null;
    try {
      done.join();
      return State.ANSWERED;
    } catch (CompletionException | CancellationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      lastFailure = cause instanceof Exception ? (Exception) cause : new RuntimeException(cause);
      failedAgain();
      return State.FAILED;
    }
  }

  /** Why the last probe failed (after {@link #poll()} returned {@link State#FAILED}). */
  Exception lastFailure() {
    return lastFailure;
  }

  void shutdown() {
    prober.shutdownNow();
  }

  /** On the probe thread: throws (wrapped) while the store is still unavailable. */
  private void ping() {
    try {
      store.ping();
    } catch (Exception e) {
      throw new CompletionException(e);
    }
  }
}
