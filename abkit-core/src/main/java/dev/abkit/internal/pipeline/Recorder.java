package dev.abkit.internal.pipeline;

import dev.abkit.Assignment;
import dev.abkit.event.Event;
import dev.abkit.event.PipelineMetrics;
import dev.abkit.event.PipelineSettings;
import dev.abkit.spi.EventStore;
import java.time.Clock;

/**
 * Records exposures (deduplicated per unit and experiment) and events through the asynchronous
 * pipeline into an {@link EventStore}. Placeholder signatures: the pipeline work implements them.
 */
public final class Recorder implements AutoCloseable {

  public Recorder(EventStore store, PipelineSettings settings, Clock clock) {}

  /**
   * Logs an exposure of {@code unit} to an enrolled assignment; false if deduplicated or not
   * enrolled.
   */
  public boolean exposure(String unit, Assignment assignment) {
    throw new UnsupportedOperationException("implemented by the pipeline work");
  }

  /** Accepts an event for recording. */
  public boolean event(Event event) {
    throw new UnsupportedOperationException("implemented by the pipeline work");
  }

  /** Blocks until everything accepted so far is stored or journaled. */
  public void flush() {}

  public PipelineMetrics metrics() {
    return new PipelineMetrics(0, 0);
  }

  @Override
  public void close() {}
}
