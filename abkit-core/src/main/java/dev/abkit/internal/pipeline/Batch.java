package dev.abkit.internal.pipeline;

import dev.abkit.event.Observation;
import java.util.ArrayList;
import java.util.List;

/**
 * Queue items sorted for the writer: the records to store, the durable acknowledgements to complete
 * once they are journaled, and the flush requests to release once all is done. Reused from batch to
 * batch; single-threaded.
 */
final class Batch {
  final List<Observation> records;
  final List<QueueItem.Durable> acks = new ArrayList<>();
  final List<QueueItem.Flush> flushes = new ArrayList<>();
  boolean stop;

  Batch(int capacity) {
    this.records = new ArrayList<>(capacity);
  }

  /** Completes the durable acknowledgements with {@code journaled}. */
  void acknowledge(boolean journaled) {
    for (QueueItem.Durable d : acks) {
      d.journaled().complete(journaled);
    }
    acks.clear();
  }

  /** Releases the flush requests collected so far. */
  void releaseFlushes() {
    for (QueueItem.Flush f : flushes) {
      f.done().countDown();
    }
    flushes.clear();
  }

  /** Forgets the records and acknowledgements (flush requests and stop are kept). */
  void clearRecords() {
    records.clear();
    acks.clear();
  }
}
