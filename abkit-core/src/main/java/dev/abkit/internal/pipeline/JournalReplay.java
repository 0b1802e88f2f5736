package dev.abkit.internal.pipeline;

import dev.abkit.event.Observation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-sends the journal to the store, segment by segment in batches, deleting each segment once all
 * of it is stored. Records spilled meanwhile (by request threads on overflow) form the next segment
 * and go in the same run. A run cut off by a store failure is resumed after the records it stored
 * (which are neither re-sent nor counted again); re-sending would be harmless anyway, as stores are
 * idempotent. Lines of a segment that cannot be decoded are counted as skipped, once per segment.
 * Writer thread only.
 */
final class JournalReplay {

  /** Unchecked carrier of a store failure out of the journal reader's callback. */
  private static final class StoreFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreFailed(Exception cause) {
      super(cause);
    }
  }

  private final Journal journal;
  private final StoreWriter writer;
  private final Counters counters;
  private final int batchSize;

  JournalReplay(Journal journal, StoreWriter writer, Counters counters, int batchSize) {
    this.journal = journal;
    this.writer = writer;
    this.counters = counters;
    this.batchSize = batchSize;
  }

  /**
   * Replays every sealed segment; true if the journal is empty now, false if the store failed
   * (noted with the {@link StoreWriter}; what was not re-sent stays in the journal).
   *
   * @throws IOException if the journal could not be read (it stays as it is)
   */
  boolean run() throws IOException {
    try {
      journal.rotate();
      Journal.Segment s;
      while ((s = journal.nextSealed()) != null) {
        Journal.Segment segment = s;
        List<Observation> chunk = new ArrayList<>(batchSize);
        long[] read = {0};
        long skipped =
            Journal.read(
                segment,
                o -> {
                  if (read[0]++ < segment.replayed) {
                    return; // stored by an earlier run that the store cut off
                  }
                  chunk.add(o);
                  if (chunk.size() >= batchSize) {
                    resend(segment, chunk);
                  }
                });
        resend(segment, chunk);
        counters.skipped.add(skipped);
        journal.delete(segment);
        journal.rotate(); // records spilled meanwhile (overflow) form the next segment
      }
      return true;
    } catch (StoreFailed e) {
      writer.failed((Exception) e.getCause());
      return false;
    }
  }

  private void resend(Journal.Segment segment, List<Observation> chunk) {
    if (chunk.isEmpty()) {
      return;
    }
    int stored;
    try {
      stored = writer.write(chunk);
    } catch (Exception e) {
      throw new StoreFailed(e);
    }
    segment.replayed += chunk.size(); // including any quarantined: they are dealt with too
    counters.replayed.add(stored);
    chunk.clear();
  }
}
