package dev.abkit.kafka;

import dev.abkit.event.Observation;
import dev.abkit.spi.EventStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer-group member that writes the records {@link KafkaEventStore} produced into any {@link
 * EventStore} (PostgreSQL, the file store, ...). Start as many as there are partitions, on any
 * machines: the group shares the partitions among them, and a dead member's partitions move to the
 * others after the session timeout (10 s by default).
 *
 * <p><b>At least once into the store, exactly once in it.</b> Each polled batch is written to the
 * store and only then are its offsets committed. A worker that dies between the two leaves the
 * batch uncommitted, so it is delivered again, and the store's unique keys (an exposure per
 * experiment and unit, an event per id) keep one copy. When the store fails, the worker seeks back
 * to the batch and tries again after a pause, still polling so it stays in the group.
 *
 * <p><b>Poison records</b>, messages that are not an abkit record, go to the dead-letter topic
 * ({@code <topic>.dlq} by default) with headers naming the problem and where they came from, are
 * counted ({@link #deadLettered}), and are committed past, so one bad message never stops the
 * stream.
 *
 * <p>{@link #start} runs the loop on its own thread; {@link #close} stops it cleanly (the current
 * batch is finished or left uncommitted, never half committed) and leaves the group at once.
 */
public final class KafkaIngest implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaIngest.class);

  /** The consumer group used when none is given. */
  public static final String DEFAULT_GROUP = "abkit-ingest";

  private final Builder settings;
  private final EventStore store;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> deadLetters;
  private final AtomicLong stored = new AtomicLong();
  private final AtomicLong dead = new AtomicLong();
  private final AtomicLong storeFailures = new AtomicLong();
  private final AtomicLong commitFailures = new AtomicLong();
  private volatile long lag;
  private volatile int owned;
  private volatile boolean closing;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private Thread thread;

  private KafkaIngest(Builder b) {
    this.settings = b;
    this.store = b.store;
    Map<String, Object> c = new HashMap<>(b.properties);
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, b.group);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, b.batchSize);
    c.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) b.sessionTimeout.toMillis());
    c.putIfAbsent(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) b.sessionTimeout.toMillis() / 4);
    this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    Map<String, Object> p = new HashMap<>(b.properties);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrapServers);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    this.deadLetters = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** Starts an ingest reading the cluster at {@code bootstrapServers} into {@code store}. */
  public static Builder builder(String bootstrapServers, EventStore store) {
    return new Builder(bootstrapServers, store);
  }

  /** Records written to the store so far (redelivered ones included). */
  public long stored() {
    return stored.get();
  }

  /** Poison records sent to the dead-letter topic so far. */
  public long deadLettered() {
    return dead.get();
  }

  /** Failed store writes so far (each retried). */
  public long storeFailures() {
    return storeFailures.get();
  }

  /** Offset commits that failed after their batch was stored (the records may come again). */
  public long commitFailures() {
    return commitFailures.get();
  }

  /**
   * Records on this worker's partitions not yet stored, as of its last poll (0 before it has any
   * partitions). Summed over the group's workers, the group's lag.
   */
  public long lag() {
    return lag;
  }

  /** How many partitions this worker owns now (the group shares the topic's partitions). */
  public int partitionsOwned() {
    return owned;
  }

  /** The topic read. */
  public String topic() {
    return settings.topic;
  }

  /** The dead-letter topic. */
  public String deadLetterTopic() {
    return settings.deadLetterTopic;
  }

  /**
   * Creates the topics if missing and starts the loop on a daemon thread named {@code
   * abkit-kafka-ingest}. Called once.
   */
  public synchronized KafkaIngest start() throws Exception {
    if (thread != null) {
      throw new IllegalStateException("ingest already started");
    }
    Map<String, Object> a = new HashMap<>(settings.properties);
    a.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers);
    try (Admin admin = Admin.create(a)) {
      Duration t = Duration.ofSeconds(30);
      Topics.ensure(admin, settings.topic, settings.partitions, t);
      Topics.ensure(admin, settings.deadLetterTopic, 1, t);
    }
    consumer.subscribe(List.of(settings.topic));
    thread = new Thread(this::run, "abkit-kafka-ingest");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  private void run() {
    try {
      while (!closing) {
        ConsumerRecords<String, byte[]> records = consumer.poll(settings.pollTimeout);
        if (!records.isEmpty()) {
          handle(records);
        }
        updateLag();
      }
    } catch (WakeupException e) {
      if (!closing) {
        log.error("Kafka ingest woken up unexpectedly; stopping", e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("Kafka ingest stopped on an unexpected error", e);
    } finally {
      try {
        consumer.close(
            org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
      } catch (RuntimeException e) {
        log.warn("closing the Kafka consumer failed", e);
      }
      stopped.countDown();
    }
  }

  private void handle(ConsumerRecords<String, byte[]> records) throws InterruptedException {
    List<Observation> batch = new ArrayList<>(records.count());
    List<Future<RecordMetadata>> deadAcks = new ArrayList<>();
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    Map<TopicPartition, Long> first = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      first.putIfAbsent(tp, r.offset());
      commit.put(tp, new OffsetAndMetadata(r.offset() + 1));
      try {
        batch.add(RecordCodec.decode(r.value()));
      } catch (IllegalArgumentException e) {
        deadAcks.add(deadLetter(r, e));
      }
    }
    try {
      for (Future<RecordMetadata> f : deadAcks) {
        f.get();
      }
      if (!batch.isEmpty()) {
        store.write(batch);
      }
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      // Not stored (or not dead-lettered): read the batch again after a pause; nothing is
      // committed.
      storeFailures.incrementAndGet();
      log.warn("storing {} records failed; retrying: {}", batch.size(), e.toString());
      first.forEach(consumer::seek);
      Thread.sleep(settings.retryBackoff.toMillis());
      return;
    }
    stored.addAndGet(batch.size());
    dead.addAndGet(deadAcks.size());
    try {
      consumer.commitSync(commit);
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      // The store has the batch; only its offsets are not committed (the broker is down, or the
      // group moved the partitions on). The next commit covers them, or the next owner reads them
      // again and the store keeps one copy: no reason to stop the worker.
      commitFailures.incrementAndGet();
      log.warn(
          "committing offsets failed; the stored records may be delivered again: {}", e.toString());
    }
  }

  private Future<RecordMetadata> deadLetter(ConsumerRecord<String, byte[]> r, Exception problem) {
    log.warn(
        "poison record at {}-{}@{} to {}: {}",
        r.topic(),
        r.partition(),
        r.offset(),
        settings.deadLetterTopic,
        problem.getMessage());
    ProducerRecord<String, byte[]> out =
        new ProducerRecord<>(settings.deadLetterTopic, r.key(), r.value());
    out.headers().add("abkit.error", bytes(String.valueOf(problem.getMessage())));
    out.headers().add("abkit.source", bytes(r.topic() + "-" + r.partition() + "@" + r.offset()));
    return deadLetters.send(out);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void updateLag() {
    long sum = 0;
    Set<TopicPartition> assigned = consumer.assignment();
    owned = assigned.size();
    for (TopicPartition tp : assigned) {
      OptionalLong l = consumer.currentLag(tp);
      if (l.isPresent()) {
        sum += l.getAsLong();
      }
    }
    lag = sum;
  }

  /** Stops the loop (waiting for the batch in hand), leaves the group and closes the clients. */
  @Override
  public void close() throws InterruptedException {
    closing = true;
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      consumer.wakeup();
      stopped.await();
    } else {
      consumer.close();
    }
    deadLetters.close(Duration.ofSeconds(5));
  }

  /** Settings of a {@link KafkaIngest}. */
  public static final class Builder {
    private final String bootstrapServers;
    private final EventStore store;
    private String topic = KafkaEventStore.DEFAULT_TOPIC;
    private String deadLetterTopic;
    private String group = DEFAULT_GROUP;
    private int partitions = 12;
    private int batchSize = 5_000;
    private Duration pollTimeout = Duration.ofMillis(500);
    private Duration sessionTimeout = Duration.ofSeconds(10);
    private Duration retryBackoff = Duration.ofSeconds(1);
    private final Map<String, Object> properties = new HashMap<>();
    private final GivenSettings given = new GivenSettings();

    private Builder(String bootstrapServers, EventStore store) {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      if (bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("Kafka bootstrap servers must not be blank");
      }
      this.bootstrapServers = bootstrapServers;
      this.store = Objects.requireNonNull(store, "store");
    }

    /** The topic to read, {@value KafkaEventStore#DEFAULT_TOPIC} by default. */
    public Builder topic(String topic) {
      String name = Topics.requireName(topic, "Kafka topic");
      given.once("topic", name);
      this.topic = name;
      return this;
    }

    /** Where poison records go, {@code <topic>.dlq} by default. */
    public Builder deadLetterTopic(String topic) {
      String name = Topics.requireName(topic, "dead-letter topic");
      given.once("deadLetterTopic", name);
      this.deadLetterTopic = name;
      return this;
    }

    /** The consumer group, {@value KafkaIngest#DEFAULT_GROUP} by default. */
    public Builder group(String group) {
      if (group == null || group.isBlank()) {
        throw new IllegalArgumentException("consumer group must not be blank");
      }
      given.once("group", group);
      this.group = group;
      return this;
    }

    /** Partitions of the topic if the ingest creates it (12 by default). */
    public Builder partitions(int partitions) {
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
      }
      given.once("partitions", partitions);
      this.partitions = partitions;
      return this;
    }

    /** At most this many records per store write (5000 by default). */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
      }
      given.once("batchSize", batchSize);
      this.batchSize = batchSize;
      return this;
    }

    /** How soon a dead worker's partitions move to the others (10 s by default). */
    public Builder sessionTimeout(Duration timeout) {
      if (timeout.toMillis() < 1000) {
        throw new IllegalArgumentException("session timeout must be at least 1 s, was " + timeout);
      }
      given.once("sessionTimeout", timeout);
      this.sessionTimeout = timeout;
      return this;
    }

    /** The pause before a failed store write is tried again (1 s by default). */
    public Builder retryBackoff(Duration backoff) {
      if (backoff.isNegative()) {
        throw new IllegalArgumentException("retry backoff must not be negative, was " + backoff);
      }
      given.once("retryBackoff", backoff);
      this.retryBackoff = backoff;
      return this;
    }

    /**
     * A Kafka client property (security settings, say) for the consumer and dead-letter producer.
     */
    public Builder property(String name, Object value) {
      given.property(Objects.requireNonNull(name, "name"));
      properties.put(name, Objects.requireNonNull(value, "value"));
      return this;
    }

    public KafkaIngest build() {
      if (deadLetterTopic == null) {
        deadLetterTopic = topic + ".dlq";
      }
      if (deadLetterTopic.equals(topic)) {
        throw new IllegalArgumentException("dead-letter topic must differ from topic " + topic);
      }
      return new KafkaIngest(this);
    }
  }
}
