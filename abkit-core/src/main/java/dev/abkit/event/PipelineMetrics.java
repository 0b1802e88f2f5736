package dev.abkit.event;

/** Counters of the recording pipeline. Placeholder: the pipeline work defines the counters. */
public record PipelineMetrics(long queued, long written) {}
