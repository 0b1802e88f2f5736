package dev.abkit.pipeline;

/** What became of an event handed to {@link dev.abkit.AbKit#track(Event)}. */
public enum Acceptance {
  /** Queued for the store (and already in the journal, fsynced, in durable mode). */
  ACCEPTED,
  /**
   * Its id was accepted recently: the event is already on its way and is stored once. An idempotent
   * success, e.g. a client retrying a request whose answer it lost.
   */
  DUPLICATE,
  /**
   * Not taken: dropped by the {@link PipelineSettings.Overflow#DROP} policy, recorded after {@code
   * close()}, or recording failed. Counted in {@link PipelineMetrics#dropped()} and logged. Also an
   * event whose {@code value} is beyond {@link dev.abkit.AbKit#maxEventValue()}: logged, never
   * queued, not counted as dropped.
   */
  REFUSED;

  /** Whether the event is (or already was) on its way to the store. */
  public boolean recorded() {
    return this != REFUSED;
  }
}
