package dev.abkit.internal.pipeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.abkit.Assignment;
import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.pipeline.Acceptance;
import dev.abkit.pipeline.PipelineSettings;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request threads' side of the pipeline: the in-memory dedupe, the queue offer, and the
 * overflow policy (wait for room, then spill to the journal from the calling thread, or drop). In
 * durable mode it waits for the writer to journal the record. Never throws; thread-safe.
 */
final class Intake {
  private static final Logger log = LoggerFactory.getLogger(Recorder.class);

  private record ExposureKey(String experiment, String unit, String variant) {}

  private final PipelineSettings settings;
  private final Clock clock;
  private final boolean durable;
  private final RecordQueue queue;
  private final Journal journal; // null without a journal
  private final JournalBreaker breaker;
  private final Counters counters;
  private final Cache<ExposureKey, Boolean> seenExposures; // null when disabled
  private final RecentIds seenEvents; // null when disabled
  private final Runnable overflowSpilled;
  private final BooleanSupplier writerAlive;
  private final Runnable writerGone;

  private final AtomicBoolean dropLogged = new AtomicBoolean();
  private final AtomicBoolean overflowLogged = new AtomicBoolean();
  private final AtomicBoolean errorLogged = new AtomicBoolean();
  private volatile boolean closed;

  /**
   * @param overflowSpilled told when a record was spilled on overflow (the writer replays it)
   * @param writerAlive whether the writer thread still runs
   * @param writerGone moves what is queued to the journal once the writer has exited
   */
  Intake(
      PipelineSettings settings,
      Clock clock,
      RecordQueue queue,
      Journal journal,
      JournalBreaker breaker,
      Counters counters,
      Runnable overflowSpilled,
      BooleanSupplier writerAlive,
      Runnable writerGone) {
    this.settings = settings;
    this.clock = clock;
    this.durable = settings.durable();
    this.queue = queue;
    this.journal = journal;
    this.breaker = breaker;
    this.counters = counters;
    this.seenExposures =
        settings.exposureDedupeSize() == 0
            ? null
            : Caffeine.newBuilder().maximumSize(settings.exposureDedupeSize()).build();
    this.seenEvents =
        settings.eventIdDedupeSize() == 0 ? null : new RecentIds(settings.eventIdDedupeSize());
    this.overflowSpilled = overflowSpilled;
    this.writerAlive = writerAlive;
    this.writerGone = writerGone;
  }

  /** Later records are refused (dropped and counted). */
  void close() {
    closed = true;
  }

  /** See {@link Recorder#exposure}. */
  boolean exposure(String unit, Assignment assignment, Supplier<Map<String, String>> attributes) {
    try {
      if (unit == null || unit.isBlank() || assignment == null || !assignment.enrolled()) {
        return false;
      }
      ExposureKey key = new ExposureKey(assignment.experiment(), unit, assignment.variant());
      if (seenExposures != null && seenExposures.asMap().putIfAbsent(key, Boolean.TRUE) != null) {
        counters.duplicates.increment();
        return false;
      }
      boolean accepted =
          accept(
              new Exposure(
                  unit,
                  assignment.experiment(),
                  assignment.variant(),
                  clock.instant(),
                  attributes.get()));
      if (!accepted && seenExposures != null) {
        seenExposures.invalidate(key); // not recorded: a later call may try again
      }
      return accepted;
    } catch (RuntimeException e) {
      logErrorOnce("recording an exposure failed", e);
      return false;
    }
  }

  /** See {@link Recorder#event}. */
  Acceptance event(Event event) {
    try {
      if (event == null) {
        return Acceptance.REFUSED;
      }
      if (seenEvents != null && !seenEvents.add(event.unit(), event.id())) {
        counters.duplicates.increment();
        return Acceptance.DUPLICATE;
      }
      boolean accepted = accept(event);
      if (!accepted && seenEvents != null) {
        seenEvents.remove(event.unit(), event.id());
      }
      return accepted ? Acceptance.ACCEPTED : Acceptance.REFUSED;
    } catch (RuntimeException e) {
      logErrorOnce("recording an event failed", e);
      return Acceptance.REFUSED;
    }
  }

  private boolean accept(Observation o) {
    if (closed) {
      drop(1, "abkit recorder is closed: records are dropped (and counted)");
      return false;
    }
    if (durable && breaker.isOpen()) {
      if (!breaker.allow()) {
        // the journal is known to fail (JournalBreaker logged it): refuse at once rather than
        // make the caller wait for a journal write that will fail
        counters.dropped.increment();
        return false;
      }
      return probeJournal(o);
    }
    QueueItem.Durable d = durable ? new QueueItem.Durable(o) : null;
    QueueItem item = durable ? d : new QueueItem.Plain(o);
    if (!queue.offer(item) && !overflow(item)) {
      return spillFromCaller(o);
    }
    counters.queued.increment();
    if (closed && !writerAlive.getAsBoolean()) {
      writerGone.run(); // raced with close(): do not leave it in a dead queue
    }
    return d == null || awaitJournaled(d);
  }

  /** The overflow policy; true if the item went onto the queue after all. */
  private boolean overflow(QueueItem item) {
    if (settings.overflow() == PipelineSettings.Overflow.DROP || !writerAlive.getAsBoolean()) {
      return false; // a dead writer will not make room: spill at once instead of waiting
    }
    long timeout = settings.overflowTimeout().toNanos();
    try {
      return timeout > 0 && queue.offer(item, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean spillFromCaller(Observation o) {
    if (settings.overflow() == PipelineSettings.Overflow.DROP || journal == null) {
      drop(
          1,
          "abkit event queue is full ("
              + queue.capacity()
              + " records): dropping records"
              + (journal == null ? " (no journal to spill to)" : " (overflow policy DROP)")
              + "; see PipelineMetrics.dropped");
      return false;
    }
    try {
      // durable mode fsyncs here; otherwise the writer fsyncs soon (the OS has it: kill-safe)
      try {
        journal.append(List.of(o), durable, false);
      } catch (IOException | RuntimeException e) {
        breaker.failed();
        throw e;
      }
      breaker.succeeded();
      overflowSpilled.run();
      counters.spilled.increment();
      if (overflowLogged.compareAndSet(false, true)) {
        log.warn(
            "abkit event queue is full ({} records): spilling records to the journal {}",
            queue.capacity(),
            journal.dir());
      }
      return true;
    } catch (IOException | RuntimeException e) {
      drop(1, "abkit event queue is full and the journal failed: dropping records");
      logErrorOnce("journal append failed", e);
      return false;
    }
  }

  /**
   * Journals a durable record from this thread, as the breaker's probe: the writer thread may be
   * stuck on a slow store behind the records it could not journal, and the probe must not wait for
   * it. The record is then replayed like an overflow spill.
   */
  private boolean probeJournal(Observation o) {
    try {
      journal.append(List.of(o), true, false);
    } catch (IOException | RuntimeException e) {
      breaker.failed();
      counters.dropped.increment();
      return false;
    }
    breaker.succeeded();
    counters.queued.increment();
    counters.spilled.increment();
    overflowSpilled.run();
    return true;
  }

  private boolean awaitJournaled(QueueItem.Durable d) {
    try {
      return d.journaled().get(settings.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      logErrorOnce("durable record not journaled within " + settings.closeTimeout(), e);
      return false;
    }
  }

  private void drop(long n, String message) {
    counters.dropped.add(n);
    if (dropLogged.compareAndSet(false, true)) {
      log.warn(message);
    }
  }

  /** Logs the first unexpected error only: a request path must not flood the log. */
  void logErrorOnce(String what, Throwable e) {
    if (errorLogged.compareAndSet(false, true)) {
      log.error("abkit: {} (further such errors are not logged)", what, e);
    }
  }
}
