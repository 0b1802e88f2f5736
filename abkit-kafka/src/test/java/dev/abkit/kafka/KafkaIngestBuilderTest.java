package dev.abkit.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abkit.store.memory.InMemoryEventStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The ingest's settings are checked where they are given, each error naming the setting. */
class KafkaIngestBuilderTest {
  private final KafkaIngest.Builder builder =
      KafkaIngest.builder("127.0.0.1:9092", new InMemoryEventStore());

  @Test
  void badSettings_refusedNamingTheSetting() {
    assertThatThrownBy(() -> KafkaIngest.builder(" ", new InMemoryEventStore()))
        .hasMessage("Kafka bootstrap servers must not be blank");
    assertThatThrownBy(() -> builder.group(" ")).hasMessage("consumer group must not be blank");
    assertThatThrownBy(() -> builder.partitions(0))
        .hasMessage("partitions must be at least 1, was 0");
    assertThatThrownBy(() -> builder.batchSize(0))
        .hasMessage("batch size must be at least 1, was 0");
    assertThatThrownBy(() -> builder.sessionTimeout(Duration.ofMillis(999)))
        .hasMessageStartingWith("session timeout must be at least 1 s");
    assertThatThrownBy(() -> builder.retryBackoff(Duration.ofMillis(-1)))
        .hasMessageStartingWith("retry backoff must not be negative");
  }

  /**
   * A setting given twice is refused naming the first value, on the ingest's and the store's
   * builders; a client property is named but its value (credentials, say) never shown.
   */
  @Test
  void settingGivenTwice_refusedNamingTheFirstValue() {
    builder.group("workers").property("sasl.jaas.config", "secret");
    assertThatThrownBy(() -> builder.group("others"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("group was already set to workers");
    assertThatThrownBy(() -> builder.property("sasl.jaas.config", "other"))
        .hasMessage("property sasl.jaas.config was already set to a value");
    KafkaEventStore.Builder store = KafkaEventStore.builder("127.0.0.1:9092").topic("records");
    assertThatThrownBy(() -> store.topic("others")).hasMessage("topic was already set to records");
    assertThatThrownBy(() -> store.timeout(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(2)))
        .hasMessage("timeout was already set to PT1S");
  }
}
