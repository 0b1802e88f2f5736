package dev.abkit.internal.pipeline;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker on the journal for durable mode. Once a journal write has failed (a full or
 * read-only disk), waiting for the writer to journal each record only makes every request wait and
 * then fail; so, while the breaker is open, {@link Intake} refuses durable records at once. One
 * record is let through as a probe when the probe interval has passed (exponential backoff between
 * the pipeline's retry backoffs); the first journal write that succeeds closes the breaker, and a
 * failed one opens it again with a longer interval. Thread-safe: request threads ask {@link
 * #allow}, the writer thread (and callers spilling on overflow) report every journal write.
 */
final class JournalBreaker {
  private static final Logger log = LoggerFactory.getLogger(Recorder.class);

  private final LongSupplier nanoTime;
  private final Backoff backoff; // guarded by this
  private final AtomicLong probeAt = new AtomicLong();
  private volatile boolean open;
  private volatile long intervalNanos;

  JournalBreaker(Backoff backoff, LongSupplier nanoTime) {
    this.backoff = backoff;
    this.nanoTime = nanoTime;
  }

  /**
   * Whether a durable record may go to the journal now: always while the breaker is closed; while
   * it is open, only for the one caller that takes a due probe (the next probe is then due one
   * interval later, so a probe that never reports back cannot keep the breaker stuck).
   */
  boolean allow() {
    if (!open) {
      return true;
    }
    long at = probeAt.get();
    long now = nanoTime.getAsLong();
    return now - at >= 0 && probeAt.compareAndSet(at, now + intervalNanos);
  }

  /** Whether journal writes are known to fail now. */
  boolean isOpen() {
    return open;
  }

  /** A journal write succeeded: close the breaker. */
  synchronized void succeeded() {
    if (open) {
      open = false;
      log.info("abkit journal writes succeed again: durable records are accepted again");
    }
    backoff.reset();
  }

  /** A journal write failed: open the breaker (again), the next probe one interval from now. */
  synchronized void failed() {
    long interval;
    if (!open) {
      log.error(
          "abkit journal writes fail: durable records are refused at once until a probe write"
              + " succeeds");
      interval = backoff.current();
    } else {
      interval = backoff.grow();
    }
    intervalNanos = interval;
    probeAt.set(nanoTime.getAsLong() + interval);
    open = true;
  }
}
