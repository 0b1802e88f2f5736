package dev.abkit.kafka;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Exposes one ingest worker's progress as Micrometer meters, tagged with its {@code topic}. Needs
 * {@code io.micrometer:micrometer-core} on the class path (an optional dependency); abkit never
 * loads this class otherwise.
 *
 * <pre>{@code
 * new KafkaIngestMetrics(ingest).bindTo(registry);
 * }</pre>
 *
 * <ul>
 *   <li>{@code abkit.ingest.lag} (gauge, records): records on the worker's partitions not yet
 *       stored, as of its last poll; summed over the group's workers, the group's lag, the figure
 *       to alert on
 *   <li>{@code abkit.ingest.partitions} (gauge): partitions the worker owns now
 *   <li>{@code abkit.ingest.records} (function counter) with tag {@code outcome} = {@code stored}
 *       (redelivered ones included), {@code dead_lettered}
 *   <li>{@code abkit.ingest.failures} (function counter) with tag {@code kind} = {@code store}
 *       (each retried), {@code commit} (the batch was stored; its records may come again)
 * </ul>
 */
public final class KafkaIngestMetrics implements MeterBinder {
  private final KafkaIngest ingest;

  /** A binder reading {@code ingest}'s counters, lazily, at each scrape. */
  public KafkaIngestMetrics(KafkaIngest ingest) {
    this.ingest = Objects.requireNonNull(ingest, "ingest");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Tags topic = Tags.of("topic", ingest.topic());
    Gauge.builder("abkit.ingest.lag", ingest, KafkaIngest::lag)
        .tags(topic)
        .baseUnit("records")
        .description("records on this worker's partitions not yet stored")
        .register(registry);
    Gauge.builder("abkit.ingest.partitions", ingest, KafkaIngest::partitionsOwned)
        .tags(topic)
        .description("partitions this worker owns")
        .register(registry);
    counter(registry, "abkit.ingest.records", topic.and("outcome", "stored"), KafkaIngest::stored);
    counter(
        registry,
        "abkit.ingest.records",
        topic.and("outcome", "dead_lettered"),
        KafkaIngest::deadLettered);
    counter(
        registry, "abkit.ingest.failures", topic.and("kind", "store"), KafkaIngest::storeFailures);
    counter(
        registry,
        "abkit.ingest.failures",
        topic.and("kind", "commit"),
        KafkaIngest::commitFailures);
  }

  private void counter(
      MeterRegistry registry, String name, Tags tags, ToDoubleFunction<KafkaIngest> value) {
    FunctionCounter.builder(name, ingest, value).tags(tags).register(registry);
  }
}
