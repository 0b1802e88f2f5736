package dev.abkit.internal.pipeline;

import dev.abkit.event.Observation;
import dev.abkit.pipeline.PipelineSettings;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer thread ({@code abkit-writer}): takes batches off the {@link RecordQueue}, writes them
 * with retries and exponential backoff, and spills them to the {@link Journal} when the store stays
 * down; then, while {@link Probe} asks the store, everything arriving goes to the journal, which
 * {@link JournalReplay} re-sends once the store answers (and at startup, for records a crash left
 * behind). In durable mode each batch is journaled (fsynced) before its callers are released.
 */
final class WriterLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Recorder.class);

  private final PipelineSettings settings;
  private final RecordQueue queue;
  private final Journal journal; // null without a journal
  private final JournalBreaker breaker;
  private final Counters counters;
  private final StoreWriter store;
  private final Probe probe;
  private final JournalReplay replay; // null without a journal
  private final boolean durable;

  /** Set by close() when its timeout passed: stop trying the store and journal what is left. */
  private volatile boolean abandon;

  /** Set when a request thread spilled on overflow: replay once the store is fine. */
  private volatile boolean overflowSpilled;

  // writer-thread state
  private boolean spilling;
  private boolean journalFailureLogged;

  WriterLoop(
      PipelineSettings settings,
      RecordQueue queue,
      Journal journal,
      Counters counters,
      JournalBreaker breaker,
      StoreWriter store,
      Probe probe) {
    this.settings = settings;
    this.queue = queue;
    this.journal = journal;
    this.breaker = breaker;
    this.counters = counters;
    this.store = store;
    this.probe = probe;
    this.replay =
        journal == null ? null : new JournalReplay(journal, store, counters, settings.batchSize());
    this.durable = settings.durable();
  }

  /** Gives up on the store: what is queued or in flight goes to the journal (close timed out). */
  void abandon() {
    abandon = true;
  }

  /** A request thread spilled a record to the journal: replay it once the store is fine. */
  void overflowSpilled() {
    overflowSpilled = true;
  }

  @Override
  public void run() {
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
      probe.dueNow(); // replay at once
    }
  }

  private void loop() {
    int batchSize = settings.batchSize();
    long flushNanos = settings.flushInterval().toNanos();
    Batch batch = new Batch(batchSize);
    while (!batch.stop) {
      QueueItem first = queue.poll();
      if (first == null) {
        if (abandon) {
          return;
        }
        queue.awaitItem(spilling ? probe.waitNanos(flushNanos) : flushNanos);
        noteInterrupt();
        first = queue.poll();
        if (first == null) {
          housekeeping();
          continue;
        }
      }
      first.addTo(batch);
      fill(batch, batchSize, flushNanos);
      process(batch);
      batch.clearRecords();
      if (!batch.flushes.isEmpty()) {
        syncJournal();
        batch.releaseFlushes();
      }
      housekeeping();
    }
    // stop seen: take what raced in behind it, then try a last replay of overflow spills
    while (queue.drainTo(batch, batchSize) > 0) {
      process(batch);
      batch.clearRecords();
    }
    if (!spilling && overflowSpilled && !abandon) {
      overflowSpilled = false;
      replay();
    }
    syncJournal();
    batch.releaseFlushes();
  }

  /**
   * Adds to the batch until it is full, a flush or stop arrives, or the flush interval has passed.
   * Durable mode takes only what is queued already: callers are waiting (group commit).
   */
  private void fill(Batch batch, int batchSize, long flushNanos) {
    long deadline = System.nanoTime() + flushNanos;
    while (batch.records.size() < batchSize && batch.flushes.isEmpty() && !batch.stop && !abandon) {
      if (queue.drainTo(batch, batchSize - batch.records.size()) > 0) {
        continue;
      }
      long left = deadline - System.nanoTime();
      if (durable || left <= 0) {
        return;
      }
      queue.nap(left);
      noteInterrupt();
    }
  }

  /** close() interrupts a writer it has given up waiting for. */
  private void noteInterrupt() {
    if (Thread.interrupted()) {
      abandon = true;
    }
  }

  private void housekeeping() {
    syncJournal();
    if (abandon) {
      return;
    }
    if (spilling) {
      switch (probe.poll()) {
        case ANSWERED -> replay();
        case FAILED -> store.failed(probe.lastFailure());
        default -> {}
      }
    } else if (overflowSpilled) {
      overflowSpilled = false;
      replay();
    }
  }

  private void process(Batch batch) {
    List<Observation> records = batch.records;
    if (records.isEmpty()) {
      return;
    }
    int n = records.size();
    int stored;
    if (durable) {
      boolean toStore = !spilling && !abandon;
      boolean journaled = appendJournal(records, toStore);
      batch.acknowledge(journaled);
      if (journaled) {
        if (!toStore) {
          counters.spilled.add(n);
        } else if ((stored = store.tryWrite(records)) >= 0) {
          counters.written.add(stored);
          markStored();
        } else {
          journal.keepUnstored(n);
          counters.failedBatches.increment();
          counters.spilled.add(n);
          enterSpilling(settings.retryInitialBackoff().toNanos());
        }
        return;
      }
      // the journal failed: these records were not acknowledged; still try to store them
    } else if (spilling || abandon) {
      if (appendJournal(records, false)) {
        counters.spilled.add(n);
        return;
      }
      // the journal failed: hold the batch and retry the store instead
    }
    writeWithRetry(records);
  }

  private void writeWithRetry(List<Observation> records) {
    int n = records.size();
    long start = System.nanoTime();
    Backoff backoff =
        new Backoff(settings.retryInitialBackoff().toNanos(), settings.retryMaxBackoff().toNanos());
    int failures = 0;
    while (true) {
      int stored = abandon ? -1 : store.tryWrite(records);
      if (stored >= 0) {
        counters.written.add(stored);
        return;
      }
      failures++;
      boolean budgetSpent =
          abandon
              || failures >= settings.spillAfterFailures()
              || System.nanoTime() - start >= settings.spillAfter().toNanos();
      if (budgetSpent && journal != null && appendJournal(records, false)) {
        counters.failedBatches.increment();
        counters.spilled.add(n);
        enterSpilling(backoff.current());
        return;
      }
      if (abandon) {
        counters.dropped.add(n);
        log.error(
            "abkit: {} records could not be stored or journaled before close and are lost", n);
        return;
      }
      counters.retriedBatches.increment();
      try {
        TimeUnit.NANOSECONDS.sleep(backoff.current());
      } catch (InterruptedException e) {
        abandon = true;
        continue;
      }
      backoff.grow();
    }
  }

  private void enterSpilling(long backoffNanos) {
    spilling = true;
    probe.startAfter(backoffNanos);
  }

  /** Re-sends the journal; leaves spilling mode when all of it went through. */
  private void replay() {
    if (replay == null) {
      spilling = false;
      return;
    }
    try {
      if (replay.run()) {
        spilling = false;
        probe.reset();
      } else {
        spilling = true;
        probe.failedAgain();
      }
    } catch (IOException e) {
      if (!journalFailureLogged) {
        journalFailureLogged = true;
        log.error("abkit could not read its journal in {}; will retry", journal.dir(), e);
      }
      spilling = true;
      probe.retryAfter(settings.retryMaxBackoff().toNanos());
    }
  }

  private boolean appendJournal(List<Observation> records, boolean willBeStored) {
    if (journal == null) {
      return false;
    }
    try {
      journal.append(records, true, willBeStored);
      journalFailureLogged = false;
      breaker.succeeded();
      return true;
    } catch (IOException | RuntimeException e) {
      breaker.failed();
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
