package dev.abkit.kafka;

import dev.abkit.event.Observation;
import dev.abkit.spi.EventStore;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventStore} that produces every exposure and event to a Kafka topic, for apps that run
 * on many machines: the records go through the topic, and {@link KafkaIngest} workers write them
 * into the store that results are read from (DESIGN.md section 13).
 *
 * <p>Each record is one message in the file store's JSON line format, keyed by unit (so one unit's
 * records stay in order on one partition). The producer is idempotent with {@code acks=all} and
 * compresses its batches. {@link #write} returns only once Kafka has acknowledged every record of
 * the batch, and throws otherwise; so when Kafka is unreachable abkit's pipeline does what it does
 * for any store that is down: it retries the batch, journals new records, and replays the journal
 * once {@link #ping} succeeds. Re-sent records are harmless, since the ingest's store keeps one per
 * unique key.
 *
 * <p>The topic is created on first use when missing (with {@link Builder#partitions} partitions);
 * an existing topic is used as it is. Results cannot be read from Kafka: {@link #read} throws,
 * naming where they are read instead.
 *
 * <p>Thread-safe, as the SPI requires ({@code ping} runs beside {@code write}).
 */
public final class KafkaEventStore implements EventStore {
  private static final Logger log = LoggerFactory.getLogger(KafkaEventStore.class);

  /** The topic used when none is given. */
  public static final String DEFAULT_TOPIC = "abkit.records";

  private final String topic;
  private final String identity;
  private final int partitions;
  private final Duration timeout;
  private final Map<String, Object> producerConfig;
  private final Function<Map<String, Object>, Producer<String, byte[]>> producers;
  private volatile Producer<String, byte[]> producer;
  private final AtomicLong producersReplaced = new AtomicLong();
  private final Admin admin;
  private volatile boolean topicReady;

  private KafkaEventStore(Builder b) {
    this.topic = b.topic;
    this.identity = "kafka:" + b.bootstrapServers.strip() + "/" + b.topic;
    this.partitions = b.partitions;
    this.timeout = b.timeout;
    Map<String, Object> common = new HashMap<>(b.properties);
    common.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers);
    Map<String, Object> p = new HashMap<>(common);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // No linger: the pipeline has already batched, and write() waits for the whole batch, so a
    // tail left lingering (Kafka 4's default is 5 ms) is pure wait on every write. Alternating
    // runs, 1000-record writes to a broker in its own JVM: 131k records/s at 0 vs 121k at 5 ms.
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    // A write waits at most the timeout (see write); send() blocks at most that long for metadata
    // or buffer space. Request and delivery timeouts keep Kafka's defaults: expiring batches that
    // may be in flight client-side, as short ones would, breaks the idempotent producer's
    // sequence numbers on a slow broker (seen here as OutOfOrderSequenceException).
    int ms = (int) timeout.toMillis();
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
    this.producerConfig = Map.copyOf(p);
    this.producers = b.producers;
    this.producer = producers.apply(producerConfig);
    Map<String, Object> a = new HashMap<>(common);
    a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    this.admin = b.admins.apply(a);
  }

  /**
   * {@code kafka:<bootstrap servers>/<topic>}: the pipeline replays a journal only into the store
   * it was written for.
   */
  @Override
  public Optional<String> identity() {
    return Optional.of(identity);
  }

  /**
   * Starts a store producing to the cluster at {@code bootstrapServers} ({@code host:port[,...]}).
   */
  public static Builder builder(String bootstrapServers) {
    return new Builder(bootstrapServers);
  }

  /** The topic records go to. */
  public String topic() {
    return topic;
  }

  /** Produces the batch and waits until Kafka has acknowledged every record. */
  @Override
  public void write(List<Observation> batch) throws Exception {
    if (batch.isEmpty()) {
      return;
    }
    ensureTopic();
    Producer<String, byte[]> used = producer;
    try {
      send(used, batch);
    } catch (KafkaUnavailableException e) {
      replaceProducer(used, e);
      throw e;
    }
  }

  /**
   * How many times a failed write started over with a new producer: a count that only grows while
   * Kafka is unreachable or refuses batches.
   */
  public long producersReplaced() {
    return producersReplaced.get();
  }

  private void send(Producer<String, byte[]> producer, List<Observation> batch)
      throws KafkaUnavailableException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
    try {
      for (Observation o : batch) {
        Future<RecordMetadata> ack =
            producer.send(new ProducerRecord<>(topic, o.unit(), RecordCodec.encode(o)));
        // send() blocks up to max.block.ms for metadata, then returns an already failed future
        // instead of throwing: without these checks a batch of 500 to an unreachable broker held
        // the writer for minutes, 2 s per record, while the app's queue filled.
        if (ack.isDone()) {
          awaitAck(ack, deadline);
        } else if (System.nanoTime() - deadline > 0) {
          throw new KafkaUnavailableException(
              "Kafka did not take the batch for topic " + topic + " within " + timeout);
        }
        acks.add(ack);
      }
    } catch (KafkaException | IllegalStateException e) {
      // e.g. a producer left in a fatal state (fenced, or closed under a racing write)
      throw new KafkaUnavailableException(
          "Kafka did not take a record for topic " + topic + ": " + e, e);
    }
    for (Future<RecordMetadata> f : acks) {
      awaitAck(f, deadline);
    }
  }

  private void awaitAck(Future<RecordMetadata> ack, long deadline)
      throws KafkaUnavailableException, InterruptedException {
    try {
      ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new KafkaUnavailableException(
          "Kafka did not acknowledge a record for topic " + topic + ": " + e.getCause(),
          e.getCause());
    } catch (TimeoutException e) {
      // Records still in flight may yet be stored; the pipeline's re-send is harmless.
      throw new KafkaUnavailableException(
          "Kafka did not acknowledge the batch for topic " + topic + " within " + timeout, e);
    }
  }

  private static Producer<String, byte[]> kafkaProducer(Map<String, Object> config) {
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * After a failed write, starts over with a new producer (a new producer id, fresh sequence
   * numbers). An idempotent producer retries a batch the broker refuses as out of sequence (or for
   * an unknown producer id) until its delivery timeout, two minutes by default, so every write
   * would fail meanwhile; and one that hit a fatal error (fenced, say) never sends again. Records
   * the old one still held are dropped; the pipeline sends the batch again, and the ingest's store
   * keeps one copy of any record that did land twice.
   */
  private synchronized void replaceProducer(Producer<String, byte[]> failed, Exception why) {
    if (producer != failed) {
      return; // another write replaced it already
    }
    producer = producers.apply(producerConfig);
    long n = producersReplaced.incrementAndGet();
    log.warn(
        "Kafka write to {} failed; starting over with a new producer (#{}): {}",
        topic,
        n,
        why.toString());
    // Closed on a thread of its own: after forcing the close, KafkaProducer.close joins its I/O
    // thread without a bound, and the writer must go on (journaling, if Kafka is down) meanwhile.
    Thread closing = new Thread(() -> failed.close(Duration.ZERO), "abkit-kafka-producer-close");
    closing.setDaemon(true);
    closing.start();
  }

  /** Throws unless the cluster answers within the timeout. */
  @Override
  public void ping() throws Exception {
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
          .nodes()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new KafkaUnavailableException("Kafka is unreachable: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      // the admin client's own timeout and this wait are the same length: either may end first
      throw new KafkaUnavailableException("Kafka did not answer within " + timeout, e);
    }
  }

  /** Always throws: results are read from the store the ingest fills, never from the topic. */
  @Override
  public ExperimentData read(ExperimentQuery query) {
    throw new UnsupportedOperationException(
        "results cannot be read from Kafka (topic "
            + topic
            + "): read them from the store the ingest fills (abkit ingest --jdbc-url or"
            + " --data-dir), e.g. abkit results --jdbc-url URL");
  }

  @Override
  public void close() {
    try {
      producer.close(timeout);
    } finally {
      admin.close(timeout);
    }
  }

  private void ensureTopic() throws Exception {
    if (!topicReady) {
      try {
        Topics.ensure(admin, topic, partitions, timeout);
      } catch (ExecutionException e) {
        throw new KafkaUnavailableException(
            "could not check or create topic " + topic + ": " + e.getCause(), e.getCause());
      }
      topicReady = true;
    }
  }

  /** Settings of a {@link KafkaEventStore}; {@link #build} connects lazily (never fails on I/O). */
  public static final class Builder {
    private final String bootstrapServers;
    private String topic = DEFAULT_TOPIC;
    private int partitions = 12;
    private Duration timeout = Duration.ofSeconds(10);
    private final Map<String, Object> properties = new HashMap<>();
    private final GivenSettings given = new GivenSettings();
    private Function<Map<String, Object>, Producer<String, byte[]>> producers =
        KafkaEventStore::kafkaProducer;
    private Function<Map<String, Object>, Admin> admins = Admin::create;

    private Builder(String bootstrapServers) {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      if (bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("Kafka bootstrap servers must not be blank");
      }
      this.bootstrapServers = bootstrapServers;
    }

    /** The topic, {@value #DEFAULT_TOPIC} by default. */
    public Builder topic(String topic) {
      String name = Topics.requireName(topic, "Kafka topic");
      given.once("topic", name);
      this.topic = name;
      return this;
    }

    /** Partitions of the topic when abkit creates it (12 by default); ignored if it exists. */
    public Builder partitions(int partitions) {
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
      }
      given.once("partitions", partitions);
      this.partitions = partitions;
      return this;
    }

    /**
     * How long a write waits for Kafka's acknowledgement, and a ping for an answer, before failing
     * (10 s by default).
     */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.toMillis() < 100) {
        throw new IllegalArgumentException("timeout must be at least 100 ms, was " + timeout);
      }
      given.once("timeout", timeout);
      this.timeout = timeout;
      return this;
    }

    /**
     * A Kafka client property (security settings, say) passed to the producer and admin client.
     * abkit's guarantees are not negotiable: idempotence and {@code acks=all} are always set.
     */
    public Builder property(String name, Object value) {
      given.property(Objects.requireNonNull(name, "name"));
      properties.put(name, Objects.requireNonNull(value, "value"));
      return this;
    }

    /** For tests: how a producer is made from its settings (a new one after a failed write). */
    Builder producers(Function<Map<String, Object>, Producer<String, byte[]>> producers) {
      this.producers = Objects.requireNonNull(producers, "producers");
      return this;
    }

    /** For tests: how the admin client is made from its settings. */
    Builder admins(Function<Map<String, Object>, Admin> admins) {
      this.admins = Objects.requireNonNull(admins, "admins");
      return this;
    }

    public KafkaEventStore build() {
      return new KafkaEventStore(this);
    }
  }
}
