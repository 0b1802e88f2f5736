package dev.abkit.internal.pipeline;

import dev.abkit.event.Observation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * What travels on the queue from request threads to the writer: a record (plain, or durable with
 * its acknowledgement), a flush request, or the stop sentinel. Each item sorts itself into a {@link
 * Batch}, so the writer never asks what it holds.
 */
sealed interface QueueItem {

  /** Adds this item to the batch being collected. */
  void addTo(Batch batch);

  /** A record that is acknowledged as soon as it is queued. */
  record Plain(Observation record) implements QueueItem {
    @Override
    public void addTo(Batch batch) {
      batch.records.add(record);
    }
  }

  /** A durable-mode record: its caller waits for {@link #journaled} (true once journaled). */
  record Durable(Observation record, CompletableFuture<Boolean> journaled) implements QueueItem {
    Durable(Observation record) {
      this(record, new CompletableFuture<>());
    }

    @Override
    public void addTo(Batch batch) {
      batch.records.add(record);
      batch.acks.add(this);
    }
  }

  /** A flush request: done once everything queued before it is stored or journaled. */
  record Flush(CountDownLatch done) implements QueueItem {
    Flush() {
      this(new CountDownLatch(1));
    }

    @Override
    public void addTo(Batch batch) {
      batch.flushes.add(this);
    }
  }

  /** Tells the writer to finish: what is queued behind it is drained, then the writer exits. */
  enum Stop implements QueueItem {
    INSTANCE;

    @Override
    public void addTo(Batch batch) {
      batch.stop = true;
    }
  }
}
