package dev.abkit.internal.pipeline;

import dev.abkit.event.Observation;
import dev.abkit.spi.EventStore;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands batches to the {@link EventStore} and keeps the log quiet while it fails: the first failure
 * of a streak is logged with its stack trace, the rest at debug, and the recovery once. Writer
 * thread only.
 */
final class StoreWriter {
  private static final Logger log = LoggerFactory.getLogger(Recorder.class);

  private final EventStore store;
  private final Path journalDir; // null without a journal; named in the failure message
  private boolean failureLogged;
  private long failuresInStreak;

  StoreWriter(EventStore store, Path journalDir) {
    this.store = store;
    this.journalDir = journalDir;
  }

  EventStore store() {
    return store;
  }

  /** Writes the batch; false (logged) if the store failed. */
  boolean tryWrite(List<Observation> batch) {
    try {
      write(batch);
      return true;
    } catch (Exception e) {
      failed(e);
      return false;
    }
  }

  /** Writes the batch, noting a recovery; a failure is thrown, not yet noted. */
  void write(List<Observation> batch) throws Exception {
    store.write(Collections.unmodifiableList(batch)); // the caller reuses the list afterwards
    recovered();
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
