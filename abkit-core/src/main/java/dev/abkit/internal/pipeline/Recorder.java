package dev.abkit.internal.pipeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.abkit.Assignment;
import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.pipeline.Acceptance;
import dev.abkit.pipeline.PipelineMetrics;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.spi.EventStore;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records exposures (deduplicated per unit and experiment) and events (deduplicated per id) through
 * an asynchronous pipeline into an {@link EventStore}.
 *
 * <p>Request threads only run the in-memory dedupe (Caffeine, bounded) and a non-blocking {@code
 * offer} onto a bounded {@link ArrayBlockingQueue}; one writer thread ({@code abkit-writer}) drains
 * it in batches, writes them with retries and exponential backoff, and spills to a {@link Journal}
 * when the store stays down, replaying the journal when the store answers again (and at startup,
 * for records a crash left behind). The full contract, including what {@code kill -9} can lose in
 * each mode, is on {@link PipelineSettings}.
 *
 * <p>The in-memory dedupe is an optimisation that keeps duplicates off the queue; exactly-once
 * storage rests on the store's unique keys, since records can be re-sent (retries, replays) and
 * other instances have their own caches.
 *
 * <p>Thread-safe. {@link #exposure} and {@link #event} never throw.
 */
public final class Recorder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Recorder.class);
  private static final Object STOP = new Object();

  private record ExposureKey(String experiment, String unit) {}

  /** A flush request: done once everything queued before it is stored or journaled. */
  private static final class Marker {
    final CountDownLatch done = new CountDownLatch(1);
  }

  /** A durable-mode record and its acknowledgement (true once journaled). */
  private static final class Durable {
    final Observation record;
    final CompletableFuture<Boolean> journaled = new CompletableFuture<>();

    Durable(Observation record) {
      this.record = record;
    }
  }

  /** Unchecked carrier of a store failure out of the journal reader's callback. */
  private static final class ReplayFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReplayFailed(Exception cause) {
      super(cause);
    }
  }

  private final EventStore store;
  private final PipelineSettings settings;
  private final Clock clock;
  private final boolean durable;
  private final ArrayBlockingQueue<Object> queue;
  private final Cache<ExposureKey, Boolean> seenExposures;
  private final RecentIds seenEvents;
  private final Journal journal;
  private final Thread writer;

  /**
   * Runs {@link EventStore#ping()} while the store is down, off the writer thread: a store that
   * hangs until a timeout must not hold up journaling (durable callers wait on it).
   */
  private final ExecutorService prober =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "abkit-probe");
            t.setDaemon(true);
            return t;
          });

  private CompletableFuture<Void> probe; // writer thread only

  private final LongAdder queued = new LongAdder();
  private final LongAdder written = new LongAdder();
  private final LongAdder retriedBatches = new LongAdder();
  private final LongAdder failedBatches = new LongAdder();
  private final LongAdder spilled = new LongAdder();
  private final LongAdder replayed = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder duplicates = new LongAdder();

  private final AtomicBoolean dropLogged = new AtomicBoolean();
  private final AtomicBoolean overflowLogged = new AtomicBoolean();
  private final AtomicBoolean errorLogged = new AtomicBoolean();
  private final AtomicBoolean closeStarted = new AtomicBoolean();
  private volatile boolean closed;

  /** Set by close() when its timeout passed: the writer stops trying the store and journals. */
  private volatile boolean abandon;

  /** Set when a request thread spilled on overflow: the writer replays once the store is fine. */
  private volatile boolean overflowSpilled;

  // writer-thread state
  private boolean spilling;
  private long nextProbeNanos;
  private long probeBackoffNanos;
  private boolean failureLogged;
  private long failuresInStreak;
  private boolean journalFailureLogged;

  /**
   * Starts the pipeline (and its writer thread, which first replays any journal left by an earlier
   * run).
   */
  public Recorder(EventStore store, PipelineSettings settings, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.durable = settings.durable();
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.seenExposures =
        settings.exposureDedupeSize() == 0
            ? null
            : Caffeine.newBuilder().maximumSize(settings.exposureDedupeSize()).build();
    this.seenEvents =
        settings.eventIdDedupeSize() == 0 ? null : new RecentIds(settings.eventIdDedupeSize());
    this.journal = settings.journalDir().map(Journal::new).orElse(null);
    this.probeBackoffNanos = settings.retryInitialBackoff().toNanos();
    this.writer = new Thread(this::runWriter, "abkit-writer");
    writer.setDaemon(true);
    writer.start();
  }

  // ---- request threads ----------------------------------------------------------------------

  /**
   * Logs an exposure of {@code unit} to an enrolled assignment, timed by the clock. Returns true if
   * a new exposure was accepted (queued; journaled in durable mode); false if not enrolled, already
   * seen by this recorder, or not accepted (dropped by the overflow policy, or after close). Never
   * throws.
   */
  public boolean exposure(String unit, Assignment assignment) {
    try {
      if (unit == null || unit.isBlank() || assignment == null || !assignment.enrolled()) {
        return false;
      }
      ExposureKey key = new ExposureKey(assignment.experiment(), unit);
      if (seenExposures != null && seenExposures.asMap().putIfAbsent(key, Boolean.TRUE) != null) {
        duplicates.increment();
        return false;
      }
      boolean accepted =
          accept(
              new Exposure(unit, assignment.experiment(), assignment.variant(), clock.instant()));
      if (!accepted && seenExposures != null) {
        seenExposures.invalidate(key); // not recorded: a later call may try again
      }
      return accepted;
    } catch (RuntimeException e) {
      logErrorOnce("recording an exposure failed", e);
      return false;
    }
  }

  /**
   * Accepts an event for recording: {@link Acceptance#ACCEPTED} when queued (journaled in durable
   * mode), {@link Acceptance#DUPLICATE} for an id this recorder accepted recently, {@link
   * Acceptance#REFUSED} for null, or when dropped by the overflow policy or after close. Never
   * throws.
   */
  public Acceptance event(Event event) {
    try {
      if (event == null) {
        return Acceptance.REFUSED;
      }
      if (seenEvents != null && !seenEvents.add(event.id())) {
        duplicates.increment();
        return Acceptance.DUPLICATE;
      }
      boolean accepted = accept(event);
      if (!accepted && seenEvents != null) {
        seenEvents.remove(event.id());
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
    Durable d = durable ? new Durable(o) : null;
    Object item = durable ? d : o;
    if (!queue.offer(item) && !overflow(item)) {
      return spillFromCaller(o);
    }
    queued.increment();
    if (closed && !writer.isAlive()) {
      journalLeftovers(); // raced with close(): do not leave it in a dead queue
    }
    return d == null || awaitJournaled(d);
  }

  /** Overflow policy; true if the item went onto the queue after all. */
  private boolean overflow(Object item) {
    if (settings.overflow() == PipelineSettings.Overflow.DROP || !writer.isAlive()) {
      return false; // a dead writer will not make room: spill at once instead of waiting
    }
    long timeout = settings.overflowTimeout().toNanos();
    try {
      return timeout > 0 && queue.offer(item, timeout, TimeUnit.NANOSECONDS);
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
              + settings.queueCapacity()
              + " records): dropping records"
              + (journal == null ? " (no journal to spill to)" : " (overflow policy DROP)")
              + "; see PipelineMetrics.dropped");
      return false;
    }
    try {
      // durable mode fsyncs here; otherwise the writer fsyncs soon (the OS has it: kill-safe)
      journal.append(List.of(o), durable, false);
      overflowSpilled = true;
      spilled.increment();
      if (overflowLogged.compareAndSet(false, true)) {
        log.warn(
            "abkit event queue is full ({} records): spilling records to the journal {}",
            settings.queueCapacity(),
            journal.dir());
      }
      return true;
    } catch (IOException | RuntimeException e) {
      drop(1, "abkit event queue is full and the journal failed: dropping records");
      logErrorOnce("journal append failed", e);
      return false;
    }
  }

  private boolean awaitJournaled(Durable d) {
    try {
      return d.journaled.get(settings.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      logErrorOnce("durable record not journaled within " + settings.closeTimeout(), e);
      return false;
    }
  }

  private void drop(long n, String message) {
    dropped.add(n);
    if (dropLogged.compareAndSet(false, true)) {
      log.warn(message);
    }
  }

  private void logErrorOnce(String what, Throwable e) {
    if (errorLogged.compareAndSet(false, true)) {
      log.error("abkit: {} (further such errors are not logged)", what, e);
    }
  }

  // ---- flush, metrics, close ----------------------------------------------------------------

  /** Blocks until everything accepted before the call is stored or journaled. */
  public void flush() {
    flush(Long.MAX_VALUE);
  }

  /** Like {@link #flush()}, giving up after {@code timeoutNanos}; true if it completed. */
  public boolean flush(long timeoutNanos) {
    long deadline = System.nanoTime() + Math.min(timeoutNanos, Long.MAX_VALUE / 4);
    Marker m = new Marker();
    try {
      while (!queue.offer(m, 10, TimeUnit.MILLISECONDS)) {
        if (!writer.isAlive() || System.nanoTime() > deadline) {
          return !writer.isAlive();
        }
      }
      while (!m.done.await(10, TimeUnit.MILLISECONDS)) {
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
    return new PipelineMetrics(
        queued.sum(),
        written.sum(),
        retriedBatches.sum(),
        failedBatches.sum(),
        spilled.sum(),
        replayed.sum(),
        dropped.sum(),
        duplicates.sum(),
        queue.size(),
        journal == null ? 0 : journal.bytes());
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
    closed = true;
    long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
    try {
      boolean stopQueued = queue.offer(STOP, remaining(deadline), TimeUnit.NANOSECONDS);
      if (stopQueued) {
        writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))));
      }
      if (writer.isAlive()) {
        log.warn(
            "abkit pipeline did not flush within {}: journaling what is left",
            settings.closeTimeout());
        abandon = true;
        writer.interrupt();
        writer.join(2000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abandon = true;
      writer.interrupt();
    }
    prober.shutdownNow();
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

  /** Moves whatever is still queued (the writer is gone) to the journal, else counts it dropped. */
  private synchronized void journalLeftovers() {
    List<Object> rest = new ArrayList<>();
    queue.drainTo(rest);
    List<Observation> records = new ArrayList<>();
    List<Durable> acks = new ArrayList<>();
    for (Object o : rest) {
      if (o instanceof Observation) {
        records.add((Observation) o);
      } else if (o instanceof Durable) {
        records.add(((Durable) o).record);
        acks.add((Durable) o);
      } else if (o instanceof Marker) {
        ((Marker) o).done.countDown();
      }
    }
    if (records.isEmpty()) {
      return;
    }
    boolean ok = false;
    if (journal != null) {
      try {
        journal.append(records, true, false);
        spilled.add(records.size());
        ok = true;
      } catch (IOException | RuntimeException e) {
        logErrorOnce("journaling records left at close failed", e);
      }
    }
    if (!ok) {
      dropped.add(records.size());
      log.error(
          "abkit: {} records could not be stored or journaled at close and are lost",
          records.size());
    }
    for (Durable d : acks) {
      d.journaled.complete(ok);
    }
  }

  // ---- writer thread ------------------------------------------------------------------------

  private void runWriter() {
    try {
      startup();
      loop();
    } catch (Throwable t) { // the writer must not die silently: close() journals what is left
      log.error("abkit writer thread failed; records left in the queue go to the journal", t);
    }
  }

  private void startup() {
    if (journal == null) {
      return;
    }
    try {
      int orphans = journal.adoptOrphans();
      if (orphans > 0) {
        log.info(
            "abkit found {} journal file(s) in {} left by an earlier run: replaying them",
            orphans,
            journal.dir());
      }
    } catch (IOException e) {
      log.error("abkit could not read its journal directory {}", journal.dir(), e);
    }
    if (journal.hasPending()) {
      spilling = true;
      nextProbeNanos = System.nanoTime(); // replay at once
    }
  }

  private void loop() throws InterruptedException {
    int batchSize = settings.batchSize();
    long flushNanos = settings.flushInterval().toNanos();
    List<Object> scratch = new ArrayList<>(batchSize);
    List<Observation> batch = new ArrayList<>(batchSize);
    List<Durable> acks = new ArrayList<>();
    List<Marker> markers = new ArrayList<>();
    boolean stop = false;
    while (!stop) {
      long wait =
          spilling && probe == null ? Math.max(0, nextProbeNanos - System.nanoTime()) : flushNanos;
      Object first;
      try {
        first = abandon ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        abandon = true;
        continue;
      }
      if (first == null) {
        if (abandon) {
          return;
        }
        housekeeping();
        continue;
      }
      scratch.add(first);
      long deadline = System.nanoTime() + flushNanos;
      while (true) {
        for (Object o : scratch) {
          stop |= route(o, batch, acks, markers);
        }
        scratch.clear();
        if (batch.size() >= batchSize || !markers.isEmpty() || stop || abandon) {
          break;
        }
        if (queue.drainTo(scratch, batchSize - batch.size()) > 0) {
          continue;
        }
        long left = deadline - System.nanoTime();
        if (durable || left <= 0) {
          break; // durable: callers are waiting, journal what we have (group commit)
        }
        Object next;
        try {
          next = queue.poll(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          abandon = true;
          break;
        }
        if (next == null) {
          break;
        }
        scratch.add(next);
      }
      process(batch, acks);
      batch.clear();
      acks.clear();
      if (!markers.isEmpty()) {
        syncJournal();
        markers.forEach(m -> m.done.countDown());
        markers.clear();
      }
      housekeeping();
    }
    // STOP seen: take what raced in behind it, then try a last replay of overflow spills
    List<Object> rest = new ArrayList<>();
    while (queue.drainTo(rest, batchSize) > 0) {
      for (Object o : rest) {
        route(o, batch, acks, markers);
      }
      rest.clear();
      process(batch, acks);
      batch.clear();
      acks.clear();
    }
    if (!spilling && overflowSpilled && !abandon) {
      overflowSpilled = false;
      replay();
    }
    syncJournal();
    markers.forEach(m -> m.done.countDown());
  }

  /**
   * Routes a queue item into the batch, the durable acknowledgements or the flush markers; true for
   * the stop sentinel.
   */
  private static boolean route(
      Object o, List<Observation> batch, List<Durable> acks, List<Marker> markers) {
    if (o instanceof Observation) {
      batch.add((Observation) o);
    } else if (o instanceof Durable) {
      batch.add(((Durable) o).record);
      acks.add((Durable) o);
    } else if (o instanceof Marker) {
      markers.add((Marker) o);
    }
    return o == STOP;
  }

  private void housekeeping() {
    syncJournal();
    if (abandon) {
      return;
    }
    if (spilling) {
      if (probe != null) {
        if (probe.isDone()) {
          probeDone();
        }
      } else if (System.nanoTime() - nextProbeNanos >= 0) {
        probe = CompletableFuture.runAsync(this::ping, prober);
      }
    } else if (overflowSpilled) {
      overflowSpilled = false;
      replay();
    }
  }

  /** On the probe thread: throws (wrapped) while the store is still unavailable. */
  private void ping() {
    try {
      store.ping();
    } catch (Exception e) {
      throw new CompletionException(e);
    }
  }

  /** The store answered the probe: replay the journal; or it did not: probe again later. */
  private void probeDone() {
    CompletableFuture<Void> done = probe;
    probe = null;
    try {
      done.join();
    } catch (CompletionException | CancellationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      storeFailed(cause instanceof Exception ? (Exception) cause : new RuntimeException(cause));
      probeBackoffNanos = Math.min(probeBackoffNanos * 2, settings.retryMaxBackoff().toNanos());
      nextProbeNanos = System.nanoTime() + probeBackoffNanos;
      return;
    }
    replay();
  }

  private void process(List<Observation> batch, List<Durable> acks) {
    if (batch.isEmpty()) {
      return;
    }
    int n = batch.size();
    if (durable) {
      boolean toStore = !spilling && !abandon;
      boolean journaled = appendJournal(batch, toStore);
      for (Durable d : acks) {
        d.journaled.complete(journaled);
      }
      if (journaled) {
        if (!toStore) {
          spilled.add(n);
        } else if (tryWrite(batch)) {
          written.add(n);
          markStored();
        } else {
          journal.keepUnstored(n);
          failedBatches.increment();
          spilled.add(n);
          enterSpilling(settings.retryInitialBackoff().toNanos());
        }
        return;
      }
      // the journal failed: these records were not acknowledged; still try to store them
    } else if (spilling || abandon) {
      if (appendJournal(batch, false)) {
        spilled.add(n);
        return;
      }
      // the journal failed: hold the batch and retry the store instead
    }
    writeWithRetry(batch);
  }

  private void writeWithRetry(List<Observation> batch) {
    int n = batch.size();
    long start = System.nanoTime();
    long backoff = settings.retryInitialBackoff().toNanos();
    long maxBackoff = settings.retryMaxBackoff().toNanos();
    int failures = 0;
    while (true) {
      if (!abandon && tryWrite(batch)) {
        written.add(n);
        return;
      }
      failures++;
      boolean budgetSpent =
          abandon
              || failures >= settings.spillAfterFailures()
              || System.nanoTime() - start >= settings.spillAfter().toNanos();
      if (budgetSpent && journal != null && appendJournal(batch, false)) {
        failedBatches.increment();
        spilled.add(n);
        enterSpilling(backoff);
        return;
      }
      if (abandon) {
        dropped.add(n);
        log.error(
            "abkit: {} records could not be stored or journaled before close and are lost", n);
        return;
      }
      retriedBatches.increment();
      try {
        TimeUnit.NANOSECONDS.sleep(backoff);
      } catch (InterruptedException e) {
        abandon = true;
        continue;
      }
      backoff = Math.min(backoff * 2, maxBackoff);
    }
  }

  private boolean tryWrite(List<Observation> batch) {
    try {
      store.write(Collections.unmodifiableList(batch)); // reused after the call
      recovered();
      return true;
    } catch (Exception e) {
      storeFailed(e);
      return false;
    }
  }

  private void storeFailed(Exception e) {
    failuresInStreak++;
    if (!failureLogged) {
      failureLogged = true;
      log.warn(
          "abkit event store {} failed; retrying{} (further failures are not logged until it"
              + " recovers)",
          store,
          journal == null ? "" : ", then spilling to the journal " + journal.dir(),
          e);
    } else if (log.isDebugEnabled()) {
      log.debug("abkit event store failed again ({} in a row): {}", failuresInStreak, e.toString());
    }
  }

  private void recovered() {
    if (failureLogged) {
      log.info("abkit event store writes succeed again after {} failure(s)", failuresInStreak);
    }
    failureLogged = false;
    failuresInStreak = 0;
  }

  private void enterSpilling(long backoffNanos) {
    spilling = true;
    probeBackoffNanos = Math.max(backoffNanos, settings.retryInitialBackoff().toNanos());
    nextProbeNanos = System.nanoTime() + probeBackoffNanos;
  }

  /** Re-sends every journal segment to the store; leaves spilling mode when all went through. */
  private void replay() {
    if (journal == null) {
      spilling = false;
      return;
    }
    long total = 0;
    try {
      journal.rotate();
      Journal.Segment s;
      while ((s = journal.nextSealed()) != null) {
        List<Observation> chunk = new ArrayList<>(settings.batchSize());
        Journal.read(
            s,
            o -> {
              chunk.add(o);
              if (chunk.size() >= settings.batchSize()) {
                resend(chunk);
              }
            });
        resend(chunk);
        journal.delete(s);
        journal.rotate(); // records spilled meanwhile (overflow) form the next segment
      }
      spilling = false;
      probeBackoffNanos = settings.retryInitialBackoff().toNanos();
    } catch (ReplayFailed e) {
      storeFailed((Exception) e.getCause());
      probeBackoffNanos = Math.min(probeBackoffNanos * 2, settings.retryMaxBackoff().toNanos());
      spilling = true;
      nextProbeNanos = System.nanoTime() + probeBackoffNanos;
    } catch (IOException e) {
      if (!journalFailureLogged) {
        journalFailureLogged = true;
        log.error("abkit could not read its journal in {}; will retry", journal.dir(), e);
      }
      spilling = true;
      nextProbeNanos = System.nanoTime() + settings.retryMaxBackoff().toNanos();
    }
    if (total > 0) {
      log.debug("replayed {} records", total);
    }
  }

  private void resend(List<Observation> chunk) {
    if (chunk.isEmpty()) {
      return;
    }
    try {
      store.write(Collections.unmodifiableList(chunk));
    } catch (Exception e) {
      throw new ReplayFailed(e);
    }
    recovered();
    replayed.add(chunk.size());
    chunk.clear();
  }

  private boolean appendJournal(List<Observation> batch, boolean willBeStored) {
    if (journal == null) {
      return false;
    }
    try {
      journal.append(batch, true, willBeStored);
      journalFailureLogged = false;
      return true;
    } catch (IOException | RuntimeException e) {
      if (!journalFailureLogged) {
        journalFailureLogged = true;
        log.error("abkit could not write its journal in {}", journal.dir(), e);
      }
      return false;
    }
  }

  private void markStored() {
    try {
      journal.markStored();
    } catch (IOException e) {
      // harmless: the stored records stay in the journal and are re-sent (idempotently) later
      log.warn("abkit could not empty its journal segment", e);
    }
  }

  private void syncJournal() {
    if (journal == null) {
      return;
    }
    try {
      journal.syncIfDirty();
    } catch (IOException e) {
      log.warn("abkit could not fsync its journal", e);
    }
  }
}
