package dev.abkit.event;

/**
 * How the recording pipeline queues, batches, retries and spills. Placeholder: the pipeline work
 * defines the settings and their defaults.
 */
public final class PipelineSettings {
  private PipelineSettings() {}

  /** The defaults. */
  public static PipelineSettings defaults() {
    return new PipelineSettings();
  }
}
