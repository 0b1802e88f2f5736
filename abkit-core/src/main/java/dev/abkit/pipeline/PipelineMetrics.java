package dev.abkit.pipeline;

/**
 * A snapshot of the recording pipeline's counters. Counts are totals since the pipeline started,
 * except {@code queueDepth} and {@code journalBytes}, which are current levels. Immutable.
 *
 * @param queued records accepted into the in-memory queue
 * @param written records the store acknowledged from the queue (not counting replays)
 * @param retriedBatches store write attempts that failed and were retried
 * @param failedBatches batches given up on after the retry budget and spilled to the journal
 * @param spilled records written to the journal instead of the store (failed batches, records
 *     arriving while the store is down, and queue overflow)
 * @param replayed records re-sent from the journal to the store and stored (a replay cut off by a
 *     new failure resumes after what it stored, so each record counts once per process)
 * @param dropped records lost on purpose and logged: queue overflow under {@link
 *     PipelineSettings.Overflow#DROP}, or with no journal to spill to
 * @param quarantined records the store refused as bad data ({@link
 *     dev.abkit.spi.RecordRejectedException}), set aside in the dead-letter file beside the journal
 *     (or, without a journal, logged in full) so that the records around them could be stored
 * @param skipped journal lines a replay could not decode and skipped, logged with their file: a
 *     line torn by a crash or by a failed write that could not be taken back, or a corrupted one
 *     (the file store's reader counts its own skipped lines in {@code
 *     ExperimentData.skippedRecords()})
 * @param duplicates exposures and events not queued because the in-memory dedupe had seen them
 * @param queueDepth records waiting in the queue now
 * @param journalBytes bytes in journal files now (records waiting for the store, or durable-mode
 *     records not yet confirmed stored)
 */
public record PipelineMetrics(
    long queued,
    long written,
    long retriedBatches,
    long failedBatches,
    long spilled,
    long replayed,
    long dropped,
    long quarantined,
    long skipped,
    long duplicates,
    long queueDepth,
    long journalBytes) {

  /** All zero (no pipeline). */
  public static final PipelineMetrics EMPTY =
      new PipelineMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  public PipelineMetrics {
    if (queued < 0
        || written < 0
        || retriedBatches < 0
        || failedBatches < 0
        || spilled < 0
        || replayed < 0
        || dropped < 0
        || quarantined < 0
        || skipped < 0
        || duplicates < 0
        || queueDepth < 0
        || journalBytes < 0) {
      throw new IllegalArgumentException("pipeline counters must be >= 0");
    }
  }
}
