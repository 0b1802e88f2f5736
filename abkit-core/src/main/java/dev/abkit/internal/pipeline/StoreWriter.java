package dev.abkit.internal.pipeline;

import dev.abkit.event.Observation;
import dev.abkit.spi.EventStore;
import dev.abkit.spi.RecordRejectedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands batches to the {@link EventStore} and keeps the log quiet while it fails: the first failure
 * of a streak is logged with its stack trace, the rest at debug, and the recovery once. A batch the
 * store refuses as bad data ({@link RecordRejectedException}) is bisected until the refused records
 * are isolated; those go to the {@link DeadLetters} and the rest is stored, so that one poison
 * record cannot stall the pipeline. Writer thread only.
 */
final class StoreWriter {
  private static final Logger log = LoggerFactory.getLogger(Recorder.class);

  private final EventStore store;
  private final Path journalDir; // null without a journal; named in the failure message
  private final DeadLetters deadLetters;
  private boolean failureLogged;
  private long failuresInStreak;

  StoreWriter(EventStore store, Path journalDir, DeadLetters deadLetters) {
    this.store = store;
    this.journalDir = journalDir;
    this.deadLetters = deadLetters;
  }

  EventStore store() {
    return store;
  }

  /**
   * Writes the batch; returns how many records were stored (the rest quarantined), or -1 (logged)
   * if the store failed.
   */
  int tryWrite(List<Observation> batch) {
    try {
      return write(batch);
    } catch (Exception e) {
      failed(e);
      return -1;
    }
  }

  /**
   * Writes the batch, noting a recovery; returns how many records were stored, the others having
   * been quarantined as bad data. A failure other than bad data is thrown, not yet noted (records
   * quarantined before it stay quarantined; the rest is re-sent whole later, which stores take
   * idempotently).
   */
  int write(List<Observation> batch) throws Exception {
    int quarantined;
    try {
      store.write(Collections.unmodifiableList(batch)); // the caller reuses the list afterwards
      quarantined = 0;
    } catch (RecordRejectedException e) {
      quarantined = bisect(batch, e);
    }
    recovered();
    return batch.size() - quarantined;
  }

  /**
   * Finds the records of a refused batch that the store refuses on their own: halves are written
   * separately, a refused half is split again, and a single refused record is quarantined. One
   * poison record in a batch of n costs about 2 log2(n) extra writes. Returns how many were
   * quarantined.
   */
  private int bisect(List<Observation> refused, RecordRejectedException e) throws Exception {
    if (refused.size() == 1) {
      deadLetters.quarantine(refused.get(0), e);
      return 1;
    }
    int mid = refused.size() / 2;
    int quarantined = 0;
    for (List<Observation> half :
        List.of(refused.subList(0, mid), refused.subList(mid, refused.size()))) {
      List<Observation> copy = Collections.unmodifiableList(new ArrayList<>(half));
      try {
        store.write(copy);
      } catch (RecordRejectedException again) {
        quarantined += bisect(copy, again);
      }
    }
    return quarantined;
  }

  /** Notes a failure of the store (a write or a probe). */
  void failed(Exception e) {
    failuresInStreak++;
    if (!failureLogged) {
      failureLogged = true;
      log.warn(
          "abkit event store {} failed; retrying{} (further failures are not logged until it"
              + " recovers)",
          store,
          journalDir == null ? "" : ", then spilling to the journal " + journalDir,
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
}
