package dev.abkit.internal.pipeline;

import dev.abkit.pipeline.PipelineMetrics;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pipeline's running totals. {@link LongAdder}s, because request threads bump {@code queued}
 * and {@code duplicates} concurrently on the hot path and contend on nothing else. Thread-safe.
 */
final class Counters {
  final LongAdder queued = new LongAdder();
  final LongAdder written = new LongAdder();
  final LongAdder retriedBatches = new LongAdder();
  final LongAdder failedBatches = new LongAdder();
  final LongAdder spilled = new LongAdder();
  final LongAdder replayed = new LongAdder();
  final LongAdder dropped = new LongAdder();
  final LongAdder quarantined = new LongAdder();
  final LongAdder skipped = new LongAdder();
  final LongAdder duplicates = new LongAdder();

  /** The totals with the current queue depth and journal size. */
  PipelineMetrics snapshot(long queueDepth, long journalBytes) {
    return new PipelineMetrics(
        queued.sum(),
        written.sum(),
        retriedBatches.sum(),
        failedBatches.sum(),
        spilled.sum(),
        replayed.sum(),
        dropped.sum(),
        quarantined.sum(),
        skipped.sum(),
        duplicates.sum(),
        queueDepth,
        journalBytes);
  }
}
