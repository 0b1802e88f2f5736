package dev.abkit.examples.demo;

import dev.abkit.event.Observation;
import dev.abkit.kafka.KafkaEventStore;
import dev.abkit.spi.EventStore;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import java.util.List;
import java.util.Optional;

/**
 * The demo's store with {@code --kafka-bootstrap}: records go to Kafka, results are read from the
 * database that {@code abkit ingest} fills. Writes and pings are Kafka's, so the pipeline journals
 * when Kafka is down, not when the database is.
 */
final class KafkaDemoStore implements EventStore {
  private final KafkaEventStore kafka;
  private final EventStore results;

  KafkaDemoStore(KafkaEventStore kafka, EventStore results) {
    this.kafka = kafka;
    this.results = results;
  }

  @Override
  public void write(List<Observation> batch) throws Exception {
    kafka.write(batch);
  }

  @Override
  public ExperimentData read(ExperimentQuery query) throws Exception {
    return results.read(query);
  }

  /** The Kafka store's: records are written there. */
  @Override
  public Optional<String> identity() {
    return kafka.identity();
  }

  @Override
  public void ping() throws Exception {
    kafka.ping();
  }

  @Override
  public void close() throws Exception {
    try {
      kafka.close();
    } finally {
      results.close();
    }
  }
}
