package dev.abkit.internal.pipeline;

import dev.abkit.Assignment;
import dev.abkit.event.Event;
import dev.abkit.pipeline.Acceptance;
import dev.abkit.pipeline.PipelineMetrics;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.spi.EventStore;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records exposures (deduplicated per experiment, unit and variant) and events (per unit and id)
 * through an asynchronous pipeline into an {@link EventStore}.
 *
 * <p>Request threads only run the in-memory dedupe (Caffeine, bounded) and a non-blocking offer
 * onto a bounded lock-free queue ({@link Intake}, {@link RecordQueue}); one writer thread ({@code
 * abkit-writer}, {@link WriterLoop}) drains it in batches, writes them with retries and exponential
 * backoff, and spills to a {@link Journal} when the store stays down, replaying the journal when
 * the store answers again ({@link Probe}, {@link JournalReplay}) and at startup, for records a
 * crash left behind. The full contract, including what {@code kill -9} can lose in each mode, is on
 * {@link PipelineSettings}.
 *
 * <p>The in-memory dedupe is an optimisation that keeps duplicates off the queue; exactly-once
 * storage rests on the store's unique keys, since records can be re-sent (retries, replays) and
 * other instances have their own caches.
 *
 * <p>Thread-safe. {@link #exposure} and {@link #event} never throw.
 */
public final class Recorder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Recorder.class);

  /** How often flush() checks that the writer is still alive while it waits. */
  private static final long FLUSH_POLL_MILLIS = 10;

  private final PipelineSettings settings;
  private final RecordQueue queue;
  private final Journal journal; // null without a journal
  private final Counters counters = new Counters();
  private final Probe probe;
  private final WriterLoop loop;
  private final Intake intake;
  private final Thread writer;
  private final AtomicBoolean closeStarted = new AtomicBoolean();

  /**
   * Starts the pipeline (and its writer thread, which first replays any journal left by an earlier
   * run).
   */
  public Recorder(EventStore store, PipelineSettings settings, Clock clock) {
    Objects.requireNonNull(store, "store");
    this.settings = Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    this.queue = new RecordQueue(settings.queueCapacity());
    this.journal = settings.journalDir().map(d -> new Journal(d, store.identity())).orElse(null);
    JournalBreaker breaker =
        new JournalBreaker(
            new Backoff(
                settings.retryInitialBackoff().toNanos(), settings.retryMaxBackoff().toNanos()),
            System::nanoTime);
    this.probe =
        new Probe(
            store,
            new Backoff(
                settings.retryInitialBackoff().toNanos(), settings.retryMaxBackoff().toNanos()),
            System::nanoTime);
    this.loop =
        new WriterLoop(
            settings,
            queue,
            journal,
            counters,
            breaker,
            new StoreWriter(
                store,
                journal == null ? null : journal.dir(),
                new DeadLetters(journal == null ? null : journal.dir(), clock, counters)),
            probe);
    this.writer = new Thread(loop, "abkit-writer");
    writer.setDaemon(true);
    this.intake =
        new Intake(
            settings,
            clock,
            queue,
            journal,
            breaker,
            counters,
            loop::overflowSpilled,
            writer::isAlive,
            this::journalLeftovers);
    queue.consumer(writer);
    writer.start();
  }

  /**
   * Logs an exposure of {@code unit} to an enrolled assignment, timed by the clock. Returns true if
   * a new exposure was accepted (queued; journaled in durable mode); false if not enrolled, already
   * seen by this recorder, or not accepted (dropped by the overflow policy, or after close). Never
   * throws.
   */
  public boolean exposure(String unit, Assignment assignment) {
    return intake.exposure(unit, assignment, Map::of);
  }

  /**
   * {@link #exposure(String, Assignment)} recording {@code attributes} (the unit's values of the
   * experiment's dimensions) with the exposure, asked for only when the exposure is a new one.
   */
  public boolean exposure(
      String unit, Assignment assignment, Supplier<Map<String, String>> attributes) {
    return intake.exposure(unit, assignment, attributes);
  }

  /**
   * Accepts an event for recording: {@link Acceptance#ACCEPTED} when queued (journaled in durable
   * mode), {@link Acceptance#DUPLICATE} for an id this recorder accepted recently, {@link
   * Acceptance#REFUSED} for null, or when dropped by the overflow policy or after close. Never
   * throws.
   */
  public Acceptance event(Event event) {
    return intake.event(event);
  }

  /** Blocks until everything accepted before the call is stored or journaled. */
  public void flush() {
    flush(Long.MAX_VALUE);
  }

  /** Like {@link #flush()}, giving up after {@code timeoutNanos}; true if it completed. */
  public boolean flush(long timeoutNanos) {
    long deadline = System.nanoTime() + Math.min(timeoutNanos, Long.MAX_VALUE / 4);
    QueueItem.Flush flush = new QueueItem.Flush();
    try {
      while (!queue.offer(flush, TimeUnit.MILLISECONDS.toNanos(FLUSH_POLL_MILLIS))) {
        if (!writer.isAlive() || System.nanoTime() > deadline) {
          return !writer.isAlive();
        }
      }
      queue.wake(); // the writer may be napping over a partial batch
      while (!flush.done().await(FLUSH_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (!writer.isAlive()) {
          journalLeftovers();
          return true;
        }
        if (System.nanoTime() > deadline) {
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A snapshot of the counters. */
  public PipelineMetrics metrics() {
    return counters.snapshot(queue.size(), journal == null ? 0 : journal.bytes());
  }

  /**
   * Flushes (within {@link PipelineSettings#closeTimeout()}) and stops the writer. Whatever cannot
   * be stored in time is journaled (or, with no journal, dropped, counted and logged). Later
   * recording calls return false. Idempotent.
   */
  @Override
  public void close() {
    if (!closeStarted.compareAndSet(false, true)) {
      return;
    }
    intake.close();
    long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
    try {
      boolean stopQueued = queue.offer(QueueItem.Stop.INSTANCE, remaining(deadline));
      if (stopQueued) {
        queue.wake();
        writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))));
      }
      if (writer.isAlive()) {
        log.warn(
            "abkit pipeline did not flush within {}: journaling what is left",
            settings.closeTimeout());
        loop.abandon();
        writer.interrupt();
        writer.join(2000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      loop.abandon();
      writer.interrupt();
    }
    probe.shutdown();
    if (writer.isAlive()) {
      log.error("abkit writer thread is stuck in the event store; its current batch may be lost");
      return; // the journal stays open for the writer
    }
    journalLeftovers();
    if (journal != null) {
      journal.close();
    }
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  /**
   * Moves whatever is still queued (the writer is gone) to the journal, else counts it dropped.
   * Synchronized: the queue has one consumer at a time.
   */
  private synchronized void journalLeftovers() {
    Batch rest = new Batch(16);
    while (queue.drainTo(rest, Integer.MAX_VALUE) > 0) {
      // drained everything the producers had finished queueing
    }
    rest.releaseFlushes();
    int n = rest.records.size();
    if (n == 0) {
      return;
    }
    boolean ok = false;
    if (journal != null) {
      try {
        journal.append(rest.records, true, false);
        counters.spilled.add(n);
        ok = true;
      } catch (IOException | RuntimeException e) {
        intake.logErrorOnce("journaling records left at close failed", e);
      }
    }
    if (!ok) {
      counters.dropped.add(n);
      log.error("abkit: {} records could not be stored or journaled at close and are lost", n);
    }
    rest.acknowledge(ok);
  }
}
