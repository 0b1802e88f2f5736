package dev.abkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MockAdminClient;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A write whose producer is stuck or broken starts the store over with a new producer (a new
 * producer id), so the pipeline's retry of the batch goes through: kafka-clients' MockProducer
 * stands in for the broken producer, MockAdminClient for the cluster.
 */
class KafkaEventStoreRecoveryTest {
  private static final String TOPIC = "recovery";
  private static final Node NODE = new Node(0, "localhost", 9092);

  private final List<MockProducer<String, byte[]>> made = new ArrayList<>();

  private static List<Observation> batch(int n) {
    Instant t = Instant.parse("2026-11-23T10:00:00Z");
    List<Observation> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Exposure("u" + i, "exp", "A", t));
    }
    return out;
  }

  private static Admin cluster() {
    MockAdminClient admin = new MockAdminClient(List.of(NODE), NODE);
    admin.addTopic(
        false,
        TOPIC,
        List.of(new TopicPartitionInfo(0, NODE, List.of(NODE), List.of(NODE))),
        Map.of());
    admin.updateEndOffsets(Map.of(new TopicPartition(TOPIC, 0), 0L));
    return admin;
  }

  /** A store whose producers come from {@code next}, in order; every one made is kept. */
  private KafkaEventStore store(List<Function<Integer, MockProducer<String, byte[]>>> next) {
    return KafkaEventStore.builder("localhost:9092")
        .topic(TOPIC)
        .timeout(Duration.ofMillis(200))
        .admins(config -> cluster())
        .producers(
            config -> {
              MockProducer<String, byte[]> p = next.get(made.size()).apply(made.size());
              made.add(p);
              return p;
            })
        .build();
  }

  private static MockProducer<String, byte[]> acknowledging(int unused) {
    return new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  }

  /** Sends nothing, as a producer retrying a refused batch until its delivery timeout. */
  private static MockProducer<String, byte[]> stuck(int unused) {
    return new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  }

  /** Fails every record with {@code error}, as the broker's answer would. */
  private static Function<Integer, MockProducer<String, byte[]>> failing(RuntimeException error) {
    return unused ->
        new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer()) {
          @Override
          public synchronized Future<RecordMetadata> send(
              ProducerRecord<String, byte[]> record, Callback callback) {
            Future<RecordMetadata> f = super.send(record, callback);
            errorNext(error);
            return f;
          }
        };
  }

  @Test
  void aWriteStuckOnItsProducerFailsAndTheRetryGoesThroughANewProducer() throws Exception {
    try (KafkaEventStore store =
        store(
            List.of(
                KafkaEventStoreRecoveryTest::stuck, KafkaEventStoreRecoveryTest::acknowledging))) {
      assertThatThrownBy(() -> store.write(batch(10)))
          .isInstanceOf(KafkaUnavailableException.class)
          .hasMessageContaining("did not acknowledge the batch");
      await().atMost(Duration.ofSeconds(30)).until(made.get(0)::closed);
      assertThat(store.producersReplaced()).isEqualTo(1);

      store.write(batch(10)); // the pipeline's retry
      assertThat(made).hasSize(2);
      assertThat(made.get(1).history()).hasSize(10);
      assertThat(made.get(1).history().get(3).key()).isEqualTo("u3");
      store.write(batch(5)); // and the new producer stays
      assertThat(made).hasSize(2);
      assertThat(store.producersReplaced()).isEqualTo(1);
    }
  }

  static Stream<RuntimeException> producerErrors() {
    return Stream.of(
        new OutOfOrderSequenceException("out of order sequence number: 0 (incoming), 38 (end)"),
        new UnknownProducerIdException("unknown producer id"),
        new ProducerFencedException("fenced"),
        new InvalidProducerEpochException("invalid epoch"));
  }

  @ParameterizedTest
  @MethodSource("producerErrors")
  void aProducerErrorStartsOverWithANewProducer(RuntimeException error) throws Exception {
    try (KafkaEventStore store =
        store(List.of(failing(error), KafkaEventStoreRecoveryTest::acknowledging))) {
      assertThatThrownBy(() -> store.write(batch(3)))
          .isInstanceOf(KafkaUnavailableException.class)
          .hasCause(error);
      assertThat(made.get(0).history()).hasSize(1); // the batch's first failed record ends it
      await().atMost(Duration.ofSeconds(30)).until(made.get(0)::closed);
      store.write(batch(3));
      assertThat(made.get(1).history()).hasSize(3);
      assertThat(store.producersReplaced()).isEqualTo(1);
    }
  }

  @Test
  void aProducerThatRefusesToSendIsReplacedToo() throws Exception {
    Function<Integer, MockProducer<String, byte[]>> refusing =
        unused -> {
          MockProducer<String, byte[]> p = stuck(0);
          p.sendException = new KafkaException("producer is in a fatal state");
          return p;
        };
    Function<Integer, MockProducer<String, byte[]>> closed =
        unused -> {
          MockProducer<String, byte[]> p = stuck(0);
          p.close();
          return p;
        };
    try (KafkaEventStore store =
        store(List.of(refusing, closed, KafkaEventStoreRecoveryTest::acknowledging))) {
      assertThatThrownBy(() -> store.write(batch(2)))
          .isInstanceOf(KafkaUnavailableException.class)
          .hasMessageContaining("did not take a record");
      assertThatThrownBy(() -> store.write(batch(2)))
          .isInstanceOf(KafkaUnavailableException.class)
          .hasCauseInstanceOf(IllegalStateException.class);
      store.write(batch(2));
      assertThat(made.get(2).history()).hasSize(2);
      assertThat(store.producersReplaced()).isEqualTo(2);
    }
  }

  /** As KafkaProducer waiting for metadata of an unreachable cluster, max.block.ms per record. */
  private static MockProducer<String, byte[]> blocking(int unused) {
    return new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer()) {
      @Override
      public synchronized Future<RecordMetadata> send(
          ProducerRecord<String, byte[]> record, Callback callback) {
        try {
          Thread.sleep(60);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.send(record, callback);
      }
    };
  }

  @Test
  void aProducerBlockingOnEverySendGivesUpTheBatchAtTheTimeoutNotPerRecord() throws Exception {
    try (KafkaEventStore store =
        store(
            List.of(
                KafkaEventStoreRecoveryTest::blocking,
                KafkaEventStoreRecoveryTest::acknowledging))) {
      assertThatThrownBy(() -> store.write(batch(100)))
          .isInstanceOf(KafkaUnavailableException.class)
          .hasMessageContaining("did not take the batch");
      // 200 ms of 60 ms sends: the write stopped after a handful, not after 100 x 60 ms
      assertThat(made.get(0).history().size()).isBetween(1, 5);
      store.write(batch(100));
      assertThat(made.get(1).history()).hasSize(100);
    }
  }

  @Test
  void anEmptyBatchSendsNothingAndCloseClosesTheProducer() throws Exception {
    try (KafkaEventStore store = store(List.of(KafkaEventStoreRecoveryTest::stuck))) {
      store.write(List.of());
    }
    assertThat(made.get(0).history()).isEmpty();
    await().atMost(Duration.ofSeconds(30)).until(made.get(0)::closed);
  }
}
