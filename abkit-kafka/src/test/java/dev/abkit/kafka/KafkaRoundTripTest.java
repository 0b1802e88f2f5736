package dev.abkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.spi.EventStore;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.store.memory.InMemoryEventStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** KafkaEventStore and KafkaIngest against a real single-node KRaft broker in this JVM. */
class KafkaRoundTripTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final AtomicInteger names = new AtomicInteger();
  private static InProcessKafka kafka;

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = InProcessKafka.start();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static String fresh(String what) {
    return what + "-" + names.incrementAndGet();
  }

  private static List<Observation> records(int units, String experiment) {
    Instant t = Instant.parse("2026-11-23T10:00:00.123Z");
    List<Observation> out = new ArrayList<>();
    for (int i = 0; i < units; i++) {
      out.add(new Exposure("u" + i, experiment, i % 2 == 0 ? "A" : "B", t.plusMillis(i)));
      out.add(
          new Event(
              experiment + "-e" + i,
              "u" + i,
              "kpi_click",
              t.plusSeconds(5).plusNanos(i),
              i % 3 == 0 ? null : i * 0.5,
              i % 5 == 0 ? Map.of("page", "home \"q\"", "n", 3, "ok", true) : Map.of()));
    }
    return out;
  }

  /**
   * Writes as abkit's pipeline does: a failed batch is sent again (on this busy machine a batch to
   * a new topic sometimes times out; the store then starts over with a new producer). Records of a
   * failed attempt may be on the topic too, which the ingest's store keeps once.
   */
  private static void writeAsThePipelineDoes(KafkaEventStore out, List<Observation> batch)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        out.write(batch);
        return;
      } catch (KafkaUnavailableException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private KafkaEventStore store(String topic, int partitions) {
    return KafkaEventStore.builder(kafka.bootstrapServers())
        .topic(topic)
        .partitions(partitions)
        .timeout(Duration.ofSeconds(30)) // this machine is shared and often busy
        .build();
  }

  private KafkaIngest.Builder ingest(String topic, String group, EventStore into) {
    return KafkaIngest.builder(kafka.bootstrapServers(), into)
        .topic(topic)
        .group(group)
        .sessionTimeout(Duration.ofSeconds(3))
        .retryBackoff(Duration.ofMillis(100));
  }

  @Test
  void everyRecordWrittenReachesTheIngestStoreOnceAndUnchanged() throws Exception {
    String topic = fresh("roundtrip");
    List<Observation> sent = records(500, "exp");
    InMemoryEventStore into = new InMemoryEventStore();
    try (KafkaEventStore out = store(topic, 3)) {
      out.ping();
      writeAsThePipelineDoes(out, sent.subList(0, 400));
      writeAsThePipelineDoes(
          out, sent.subList(300, 1000)); // 100 records twice, as after a retried batch
      try (KafkaIngest in = ingest(topic, fresh("g"), into).build().start()) {
        await().atMost(WAIT).until(() -> in.stored() >= 1100 && into.size() == 1000);
        await().atMost(WAIT).until(() -> in.lag() == 0);
        assertThat(into.size()).isEqualTo(1000);
        assertThat(into.all()).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(in.deadLettered()).isZero();
      }
      assertThatThrownBy(() -> out.read(ExperimentQuery.of("exp", List.of("kpi_click"))))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("the store the ingest fills");
    }
  }

  /**
   * The broker takes a just-created partition on a moment after the cluster's metadata names it
   * leader; a first write in between got NOT_LEADER_OR_FOLLOWER for its first batch while the next
   * ones appended, and then hung until its timeout (about half of all first writes here, before the
   * store waited for the partitions to be served). Every first write is acknowledged now, by the
   * producer it started with.
   */
  @Test
  void theFirstWriteToEachNewTopicIsAcknowledgedWithoutStartingOver() throws Exception {
    for (int i = 0; i < 6; i++) {
      try (KafkaEventStore out = store(fresh("first"), 12)) {
        out.write(records(200, "exp"));
        assertThat(out.producersReplaced()).isZero();
      }
    }
  }

  @Test
  void batchStoredButNotCommittedIsRedeliveredAndStoredOnce() throws Exception {
    String topic = fresh("redeliver");
    String group = fresh("g");
    List<Observation> sent = records(300, "exp");
    InMemoryEventStore into = new InMemoryEventStore();
    // A worker that dies after its store has the batch but before it commits: the store write
    // goes through, then fails, so the worker never commits anything.
    EventStore crashesBeforeCommit =
        batch -> {
          into.write(batch);
          throw new IllegalStateException("crash before commit");
        };
    try (KafkaEventStore out = store(topic, 2)) {
      writeAsThePipelineDoes(out, sent);
    }
    KafkaIngest first = ingest(topic, group, crashesBeforeCommit).build().start();
    await().atMost(WAIT).until(() -> into.size() == sent.size());
    await().atMost(WAIT).until(() -> first.storeFailures() > 0);
    first.close();
    assertThat(first.stored()).isZero();

    try (KafkaIngest second = ingest(topic, group, into).build().start()) {
      await().atMost(WAIT).until(() -> second.stored() >= sent.size());
      await().atMost(WAIT).until(() -> second.lag() == 0);
    }
    assertThat(into.size()).isEqualTo(sent.size());
    assertThat(into.all()).containsExactlyInAnyOrderElementsOf(sent);
    // and a third worker in the group finds everything committed
    try (KafkaIngest third = ingest(topic, group, into).build().start()) {
      await().atMost(WAIT).until(() -> third.partitionsOwned() == 2);
      Thread.sleep(1000);
      assertThat(third.stored()).isZero();
    }
  }

  @Test
  void poisonRecordsGoToTheDeadLetterTopicAndTheRestIsStored() throws Exception {
    String topic = fresh("poison");
    List<Observation> sent = records(50, "exp");
    InMemoryEventStore into = new InMemoryEventStore();
    try (KafkaEventStore out = store(topic, 1)) {
      writeAsThePipelineDoes(out, sent.subList(0, 50));
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, byte[]> raw =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(topic, "x", bytes("not json"))).get();
      raw.send(new ProducerRecord<>(topic, "y", bytes("{\"type\":\"exposure\",\"unit\":\"u\"}")))
          .get();
    }
    try (KafkaEventStore out = store(topic, 1)) {
      writeAsThePipelineDoes(out, sent.subList(50, 100));
    }
    try (KafkaIngest in = ingest(topic, fresh("g"), into).build().start()) {
      await().atMost(WAIT).until(() -> into.size() == 100 && in.deadLettered() == 2);
      assertThat(into.all()).containsExactlyInAnyOrderElementsOf(sent);

      List<ConsumerRecord<String, byte[]>> dead = readAll(in.deadLetterTopic(), 2);
      assertThat(dead)
          .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
          .containsExactly("not json", "{\"type\":\"exposure\",\"unit\":\"u\"}");
      assertThat(new String(dead.get(1).headers().lastHeader("abkit.error").value(), UTF8))
          .isEqualTo("missing \"ts\"");
      assertThat(new String(dead.get(0).headers().lastHeader("abkit.source").value(), UTF8))
          .startsWith(topic + "-0@");

      // the same figures as meters, read at scrape time
      io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
          new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
      new KafkaIngestMetrics(in).bindTo(registry);
      assertThat(
              registry
                  .get("abkit.ingest.records")
                  .tags("topic", topic, "outcome", "stored")
                  .functionCounter()
                  .count())
          .isEqualTo(in.stored())
          .isGreaterThanOrEqualTo(100);
      assertThat(
              registry
                  .get("abkit.ingest.records")
                  .tag("outcome", "dead_lettered")
                  .functionCounter()
                  .count())
          .isEqualTo(2);
      await().atMost(WAIT).until(() -> in.lag() == 0);
      assertThat(registry.get("abkit.ingest.lag").gauge().value()).isZero();
      assertThat(registry.get("abkit.ingest.partitions").gauge().value()).isEqualTo(1);
      assertThat(
              registry.get("abkit.ingest.failures").tag("kind", "store").functionCounter().count())
          .isZero();
    }
  }

  @Test
  void twoWorkersShareThePartitionsAndStoreEverythingOnce() throws Exception {
    String topic = fresh("shared");
    String group = fresh("g");
    InMemoryEventStore into = new InMemoryEventStore();
    List<Observation> sent = records(2000, "exp");
    try (KafkaEventStore out = store(topic, 4);
        KafkaIngest a = ingest(topic, group, into).partitions(4).build().start();
        KafkaIngest b = ingest(topic, group, into).partitions(4).build().start()) {
      // the ingest creates the topic with 4 partitions; the group gives each worker 2
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(List.of(a.partitionsOwned(), b.partitionsOwned()))
                      .containsExactly(2, 2));
      writeAsThePipelineDoes(out, sent);
      await().atMost(WAIT).until(() -> into.size() == sent.size());
      await().atMost(WAIT).until(() -> a.stored() + b.stored() >= sent.size());
      assertThat(a.stored()).isPositive();
      assertThat(b.stored()).isPositive();
    }
    assertThat(into.all()).containsExactlyInAnyOrderElementsOf(sent);
  }

  @Test
  void aStoreFailureIsRetriedUntilTheStoreTakesTheBatch() throws Exception {
    String topic = fresh("retry");
    InMemoryEventStore into = new InMemoryEventStore();
    AtomicInteger failuresLeft = new AtomicInteger(3);
    EventStore flaky =
        batch -> {
          if (failuresLeft.getAndDecrement() > 0) {
            throw new IllegalStateException("database down");
          }
          into.write(batch);
        };
    List<Observation> sent = records(100, "exp");
    try (KafkaEventStore out = store(topic, 1)) {
      writeAsThePipelineDoes(out, sent);
    }
    try (KafkaIngest in = ingest(topic, fresh("g"), flaky).build().start()) {
      await().atMost(WAIT).until(() -> into.size() == sent.size());
      assertThat(in.storeFailures()).isEqualTo(3);
    }
    assertThat(into.all()).containsExactlyInAnyOrderElementsOf(sent);
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static byte[] bytes(String s) {
    return s.getBytes(UTF8);
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int n) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, fresh("reader"));
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (out.size() < n && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
