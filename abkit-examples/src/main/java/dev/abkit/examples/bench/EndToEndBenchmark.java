package dev.abkit.examples.bench;

import dev.abkit.AbKit;
import dev.abkit.Assignment;
import dev.abkit.jdbc.JdbcStore;
import dev.abkit.kafka.KafkaEventStore;
import dev.abkit.kafka.KafkaIngest;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Manifest;
import dev.abkit.pipeline.Acceptance;
import dev.abkit.pipeline.PipelineMetrics;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.spi.EventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Records per second from one app instance, recorded as the demo records them (through the {@link
 * AbKit} facade and its pipeline: {@code assign} + {@code logExposure}, {@code track}), until they
 * are committed rows in PostgreSQL, by the two paths abkit offers:
 *
 * <ul>
 *   <li>{@code direct}: the pipeline's writer thread writes into a {@link JdbcStore};
 *   <li>{@code throughKafka}: the writer produces into a {@link KafkaEventStore}, and one {@link
 *       KafkaIngest} worker (in this benchmark's JVM, on threads of its own) consumes the topic
 *       into a {@link JdbcStore}.
 * </ul>
 *
 * <p>An invocation records {@value #UNITS} new units, one exposure and one event each ({@value
 * #RECORDS} records), and returns once all of them are stored: for {@code direct} when the pipeline
 * counts them written (its store write returns after the transaction commits), for {@code
 * throughKafka} when the ingest counts them stored (likewise after its store's commit). Each trial
 * uses a fresh table prefix (and a fresh topic and consumer group), checks at its end that the
 * tables hold exactly the rows recorded, and drops them (and deletes the topics and group).
 *
 * <p>{@code throughKafka} needs a broker at {@code -Dabkit.bench.kafka.bootstrap} (default {@code
 * 127.0.0.1:9092}) and runs only when {@code abkit bench}'s REGEX names it. PostgreSQL as in {@link
 * PipelineBenchmark} ({@code -Dabkit.bench.pg.url}, {@code .user}, {@code .password}).
 */
@Fork(1)
// throughKafka's first 1-2 iterations ran at a fifth to a tenth of its later rate in every run
@Warmup(iterations = 5, time = 5)
@Measurement(iterations = 3, time = 5)
public class EndToEndBenchmark {

  /** Units recorded per invocation: one exposure and one event each. */
  static final int UNITS = 10_000;

  /** Records per invocation. */
  static final int RECORDS = 2 * UNITS;

  static final String EXPERIMENT = "e2e_checkout";
  static final String EVENT = "kpi_click";

  /** Longest an invocation waits for its records to be stored before it fails. */
  private static final Duration STORE_DEADLINE = Duration.ofMinutes(2);

  /** One running experiment with every unit enrolled, so each unit records one exposure. */
  static Manifest manifest() {
    return new Manifest(
        List.of(
            Experiment.builder(EXPERIMENT)
                .description("end-to-end recording benchmark")
                .variants("control", "treatment")
                .traffic(1.0)
                .targetEvent(EVENT)
                .build()),
        List.of());
  }

  /**
   * The abkit instance of one app: the demo's pipeline settings (defaults, a journal directory of
   * its own) in front of {@code store}.
   */
  static AbKit app(EventStore store, Path journal) {
    return AbKit.builder()
        .manifest(manifest())
        .eventStore(store)
        .pipeline(PipelineSettings.builder().journalDir(journal).build())
        .build();
  }

  /**
   * What the demo does for {@value #UNITS} visitors: assigns each, logs the exposure and tracks one
   * event (fresh id, now). Fails if abkit did not take a record, so the counts waited for are
   * exact.
   */
  static void recordUnits(AbKit abkit, long firstUnit) {
    for (long u = firstUnit; u < firstUnit + UNITS; u++) {
      String unit = "visitor-" + u;
      Assignment a = abkit.assign(EXPERIMENT, unit);
      if (!abkit.logExposure(unit, a)) {
        throw new IllegalStateException("exposure of " + unit + " not recorded: " + a);
      }
      Acceptance t = abkit.track(unit, EVENT);
      if (t != Acceptance.ACCEPTED) {
        throw new IllegalStateException("event of " + unit + " not accepted: " + t);
      }
    }
  }

  /** Waits until {@code stored} reaches {@code target}. */
  static void awaitStored(LongSupplier stored, long target, String what) throws TimeoutException {
    long deadline = System.nanoTime() + STORE_DEADLINE.toNanos();
    while (stored.getAsLong() < target) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            what
                + ": "
                + stored.getAsLong()
                + " of "
                + target
                + " records stored after "
                + STORE_DEADLINE);
      }
      LockSupport.parkNanos(100_000);
    }
  }

  /** Rows in the trial's exposures and events tables. */
  static long rows(String prefix) throws SQLException {
    try (Connection c = PipelineBenchmark.pgConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "select (select count(*) from "
                    + prefix
                    + "exposures) + (select count(*) from "
                    + prefix
                    + "events)")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Fails unless the tables hold exactly the records recorded; prints the pipeline's counters. */
  static void checkRows(String label, String prefix, long recorded, PipelineMetrics m)
      throws SQLException {
    long rows = rows(prefix);
    System.out.printf(
        "%n[%s] recorded=%d rows in PostgreSQL=%d (pipeline: written=%d spilled=%d replayed=%d"
            + " dropped=%d)%n",
        label, recorded, rows, m.written(), m.spilled(), m.replayed(), m.dropped());
    if (rows != recorded) {
      throw new IllegalStateException(
          label + ": " + recorded + " records recorded but " + rows + " rows in PostgreSQL");
    }
  }

  /** The direct path: an app whose pipeline writes into PostgreSQL. */
  @State(Scope.Benchmark)
  public static class Direct {
    String prefix;
    Path journal;
    AbKit abkit;
    long recorded;

    @Setup(Level.Trial)
    public void open() throws IOException {
      prefix = PipelineBenchmark.freshPrefix("e2edirect");
      JdbcStore store =
          AnalysisBenchmark.storeWithTables(
              prefix); // first: a bad URL leaves no journal directory behind
      journal = Files.createTempDirectory("abkit-bench-e2e-journal");
      abkit = app(store, journal);
    }

    /** Records in PostgreSQL by the pipeline's count: its writes return after the commit. */
    long stored() {
      PipelineMetrics m = abkit.metrics();
      return m.written() + m.replayed();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      try {
        abkit.close(); // closes the store too
        checkRows("e2e direct", prefix, recorded, abkit.metrics());
      } finally {
        PipelineBenchmark.dropTables(prefix);
        PipelineBenchmark.deleteTree(journal);
      }
    }
  }

  /**
   * The Kafka path: an app whose pipeline produces into a fresh topic (12 partitions, the default),
   * and one ingest worker in a fresh consumer group writing it into PostgreSQL.
   */
  @State(Scope.Benchmark)
  public static class ThroughKafka {
    String prefix;
    String topic;
    Path journal;
    JdbcStore store;
    KafkaIngest ingest;
    AbKit abkit;
    long recorded;

    @Setup(Level.Trial)
    public void open() throws Exception {
      String bootstrap = PipelineBenchmark.kafkaBootstrap();
      prefix = PipelineBenchmark.freshPrefix("e2ekafka");
      topic = "abkit.bench.e2e." + UUID.randomUUID().toString().substring(0, 8);
      store = AnalysisBenchmark.storeWithTables(prefix);
      ingest = KafkaIngest.builder(bootstrap, store).topic(topic).group(topic).build().start();
      journal = Files.createTempDirectory("abkit-bench-e2e-journal");
      abkit = app(KafkaEventStore.builder(bootstrap).topic(topic).build(), journal);
      // the first invocation should not also pay for the group's first rebalance
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (ingest.partitionsOwned() == 0) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("the ingest got no partition of " + topic + " in 60 s");
        }
        Thread.sleep(50);
      }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      try {
        abkit.close();
        awaitStored(ingest::stored, recorded, "e2e kafka close");
        ingest.close();
        store.close(); // the ingest leaves its store open
        checkRows("e2e kafka", prefix, recorded, abkit.metrics());
      } finally {
        PipelineBenchmark.dropTables(prefix);
        PipelineBenchmark.deleteTree(journal);
        deleteTopicsAndGroup(topic, topic + ".dlq");
      }
    }
  }

  private static void deleteTopicsAndGroup(String topic, String deadLetters) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, PipelineBenchmark.kafkaBootstrap()))) {
      admin.deleteConsumerGroups(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      admin.deleteTopics(List.of(topic, deadLetters)).all().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Records per second recorded through abkit and committed in PostgreSQL by the app's own
   * pipeline.
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(RECORDS)
  public long direct(Direct s) throws TimeoutException {
    s.recorded += RECORDS; // counted before the wait: a trial that times out still checks its rows
    recordAndAwait(s.abkit, s.recorded, s::stored, "e2e direct");
    return s.recorded;
  }

  /**
   * Records per second recorded through abkit, produced to Kafka, and committed in PostgreSQL by
   * the ingest worker.
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(RECORDS)
  public long throughKafka(ThroughKafka s) throws TimeoutException {
    s.recorded += RECORDS;
    recordAndAwait(s.abkit, s.recorded, s.ingest::stored, "e2e kafka");
    return s.recorded;
  }

  /**
   * One invocation: the last {@value #UNITS} units of the {@code total} records, then the wait
   * until {@code stored} counts them all.
   */
  private static void recordAndAwait(AbKit abkit, long total, LongSupplier stored, String what)
      throws TimeoutException {
    recordUnits(abkit, (total - RECORDS) / 2);
    abkit.flush(); // the writer would otherwise wait up to flushInterval over the last batch
    awaitStored(stored, total, what);
  }
}
