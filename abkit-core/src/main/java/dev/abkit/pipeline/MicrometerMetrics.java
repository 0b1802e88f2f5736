package dev.abkit.pipeline;

import dev.abkit.AbKit;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Exposes the recording pipeline's {@link PipelineMetrics} as Micrometer meters. Needs {@code
 * io.micrometer:micrometer-core} on the class path (an optional dependency of abkit-core); abkit
 * never loads this class otherwise.
 *
 * <pre>{@code
 * MicrometerMetrics.bind(abkit, registry);
 * }</pre>
 *
 * <p>Meters (read lazily from the live counters, so they cost nothing between scrapes):
 *
 * <ul>
 *   <li>{@code abkit.pipeline.records} (function counter) with tag {@code outcome} = {@code
 *       queued}, {@code written}, {@code spilled}, {@code replayed}, {@code dropped}, {@code
 *       quarantined}, {@code skipped} (journal lines a replay could not decode), {@code duplicate}
 *   <li>{@code abkit.pipeline.batches} (function counter) with tag {@code outcome} = {@code
 *       retried}, {@code failed}
 *   <li>{@code abkit.pipeline.queue.depth} (gauge, records)
 *   <li>{@code abkit.pipeline.journal.size} (gauge, bytes)
 * </ul>
 *
 * <p>Thread-safe; binding the same source to one registry twice registers nothing new.
 */
public final class MicrometerMetrics implements MeterBinder {
  private final Supplier<PipelineMetrics> source;
  private final Tags tags;

  private MicrometerMetrics(Supplier<PipelineMetrics> source, Tags tags) {
    this.source = source;
    this.tags = tags;
  }

  /** A binder reading {@code abkit}'s pipeline counters. */
  public static MicrometerMetrics of(AbKit abkit) {
    Objects.requireNonNull(abkit, "abkit");
    return new MicrometerMetrics(abkit::metrics, Tags.empty());
  }

  /** A binder reading counters from any source (e.g. one recorder of several), with extra tags. */
  public static MicrometerMetrics of(Supplier<PipelineMetrics> source, Tags tags) {
    return new MicrometerMetrics(
        Objects.requireNonNull(source, "source"), Objects.requireNonNull(tags, "tags"));
  }

  /** Binds {@code abkit}'s pipeline counters to {@code registry}. */
  public static void bind(AbKit abkit, MeterRegistry registry) {
    of(abkit).bindTo(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    records(registry, "queued", PipelineMetrics::queued);
    records(registry, "written", PipelineMetrics::written);
    records(registry, "spilled", PipelineMetrics::spilled);
    records(registry, "replayed", PipelineMetrics::replayed);
    records(registry, "dropped", PipelineMetrics::dropped);
    records(registry, "quarantined", PipelineMetrics::quarantined);
    records(registry, "skipped", PipelineMetrics::skipped);
    records(registry, "duplicate", PipelineMetrics::duplicates);
    batches(registry, "retried", PipelineMetrics::retriedBatches);
    batches(registry, "failed", PipelineMetrics::failedBatches);
    // Micrometer holds a meter's state object weakly, and `source` is often a lambda nobody else
    // references: the gauges hold it strongly, which keeps it alive for the counters too (they
    // would otherwise read 0 after the first garbage collection).
    Gauge.builder("abkit.pipeline.queue.depth", source, s -> s.get().queueDepth())
        .strongReference(true)
        .tags(tags)
        .baseUnit("records")
        .description("records waiting in the pipeline queue")
        .register(registry);
    Gauge.builder("abkit.pipeline.journal.size", source, s -> s.get().journalBytes())
        .strongReference(true)
        .tags(tags)
        .baseUnit("bytes")
        .description("bytes in the local journal, waiting for the store")
        .register(registry);
  }

  private void records(MeterRegistry r, String outcome, ToLongFunction<PipelineMetrics> f) {
    FunctionCounter.builder("abkit.pipeline.records", source, s -> f.applyAsLong(s.get()))
        .tags(tags)
        .tag("outcome", outcome)
        .baseUnit("records")
        .description("records through the abkit recording pipeline, by outcome")
        .register(r);
  }

  private void batches(MeterRegistry r, String outcome, ToLongFunction<PipelineMetrics> f) {
    FunctionCounter.builder("abkit.pipeline.batches", source, s -> f.applyAsLong(s.get()))
        .tags(tags)
        .tag("outcome", outcome)
        .baseUnit("batches")
        .description("store write attempts that failed, by what followed")
        .register(r);
  }
}
