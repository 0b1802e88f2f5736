package dev.abkit.spi;

/**
 * Thrown by {@link EventStore#write} when the store refuses a batch because of the data in it, not
 * because it is unavailable: a record the store can never hold (a value out of its range, text it
 * cannot encode, a constraint it breaks), so writing the same batch again would fail again.
 *
 * <p>Nothing of the batch may be stored when this is thrown (or only records that the store keeps
 * once, as with every write: the pipeline re-sends the rest). The pipeline then bisects the batch,
 * writing halves until it has isolated the records that are refused on their own; those go to the
 * dead-letter file beside the journal ({@code dead-letter.jsonl}, one JSON line per record with the
 * error), are counted in {@link dev.abkit.pipeline.PipelineMetrics#quarantined()} and logged, and
 * every other record is stored. A store that cannot tell bad data from an outage throws any other
 * exception, and the batch is retried and journaled as before.
 */
public class RecordRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what the store refused and why
   * @param cause the store's own error (e.g. the {@code SQLException}), or null
   */
  public RecordRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
