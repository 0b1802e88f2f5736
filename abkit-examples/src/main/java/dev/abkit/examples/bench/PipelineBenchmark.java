package dev.abkit.examples.bench;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.internal.pipeline.Recorder;
import dev.abkit.jdbc.JdbcStore;
import dev.abkit.kafka.KafkaEventStore;
import dev.abkit.pipeline.Acceptance;
import dev.abkit.pipeline.PipelineMetrics;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.spi.EventStore;
import dev.abkit.store.file.FileEventStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * The recording pipeline's costs (DESIGN.md section 7): what a request thread pays to enqueue a
 * record, and how many records per second each store takes in batches.
 *
 * <p>Each benchmark keeps its fixtures in its own {@link State} class so that running one (e.g.
 * {@code PipelineBenchmark.fileStore}) sets up nothing for the others. Store benchmarks report
 * records per second through {@link OperationsPerInvocation} = the batch size.
 *
 * <p>{@code postgresBatched}: {@link JdbcStore#write} of batches of {@value #BATCH} events (one
 * transaction, multi-row idempotent inserts), as abkit's writer thread calls it. {@code
 * postgresNaive}: the writer abkit replaces, one {@code INSERT} per record on a plain JDBC
 * connection in auto-commit mode. Each runs against its own fresh table prefix, dropped afterwards.
 * {@code kafka}: {@link KafkaEventStore#write} into a running broker (see {@link KafkaState}).
 * PostgreSQL comes from {@code -Dabkit.bench.pg.url} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test}), {@code .user} (postgres) and {@code .password} (empty).
 */
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PipelineBenchmark {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  static final int BATCH = 1000;

  /**
   * A recorder in front of a no-op sink: the sink returns at once, so the single writer thread
   * always keeps up and the figure is the request thread's own cost (in-memory id dedupe + queue
   * offer), never back-pressure. The event (its id string and the name check of its constructor) is
   * built inside the measured call, as a caller of {@code AbKit.track} would.
   */
  @State(Scope.Benchmark)
  public static class EnqueueState {
    Recorder recorder;
    Path journal;
    long seq;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      journal = Files.createTempDirectory("abkit-bench-journal");
      EventStore sink = batch -> {};
      recorder =
          new Recorder(
              sink, PipelineSettings.builder().journalDir(journal).build(), Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      recorder.close();
      PipelineMetrics m = recorder.metrics();
      System.out.printf(
          "%n[enqueue] queued=%d written=%d spilled=%d dropped=%d%n",
          m.queued(), m.written(), m.spilled(), m.dropped());
      deleteTree(journal);
    }
  }

  /** Average time of one {@code Recorder.event} call on the request thread. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public Acceptance enqueue(EnqueueState s) {
    long n = s.seq++;
    return s.recorder.event(
        new Event(Long.toString(n), "u" + (n & 1023), "click", T0, null, Map.of()));
  }

  /**
   * Like {@link EnqueueState}, but with the events built beforehand (a ring of 2^18 distinct ids),
   * so the figure is the recorder's own cost: id dedupe and queue offer. The dedupe table is kept
   * small (1024 slots) so that an id coming round again after 2^18 others has long been forgotten
   * and every call takes the accepting path. Same no-op sink.
   */
  @State(Scope.Benchmark)
  public static class PrebuiltState {
    static final int RING = 1 << 18;
    Recorder recorder;
    Path journal;
    Event[] events;
    int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      events = new Event[RING];
      for (int i = 0; i < RING; i++) {
        events[i] =
            new Event(
                "00000000-0000-4000-8000-" + String.format("%012d", i),
                "visitor-" + (i & 1023),
                "kpi_click",
                T0,
                null,
                Map.of());
      }
      journal = Files.createTempDirectory("abkit-bench-journal");
      EventStore sink = batch -> {};
      recorder =
          new Recorder(
              sink,
              PipelineSettings.builder().journalDir(journal).eventIdDedupeSize(1024).build(),
              Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      recorder.close();
      PipelineMetrics m = recorder.metrics();
      System.out.printf(
          "%n[enqueuePrebuilt] queued=%d written=%d duplicates=%d spilled=%d dropped=%d%n",
          m.queued(), m.written(), m.duplicates(), m.spilled(), m.dropped());
      deleteTree(journal);
    }
  }

  /** Average time of one {@code Recorder.event} call for an event built beforehand. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public Acceptance enqueuePrebuilt(PrebuiltState s) {
    Event e = s.events[s.next];
    s.next = (s.next + 1) & (PrebuiltState.RING - 1);
    return s.recorder.event(e);
  }

  /** A file store in a fresh temp dir per iteration (deleted after), and one pre-built batch. */
  @State(Scope.Benchmark)
  public static class FileStoreState {
    final int batchSize = BATCH; // fixed: @OperationsPerInvocation needs a constant
    List<Observation> batch;
    Path dir;
    FileEventStore store;

    @Setup(Level.Trial)
    public void batch() {
      batch = new ArrayList<>(batchSize);
      for (int i = 0; i < batchSize; i++) {
        batch.add(
            new Event(
                "00000000-0000-4000-8000-" + String.format("%012d", i),
                "visitor-" + (i % 500),
                "kpi_click",
                T0.plusMillis(i),
                i % 3 == 0 ? 1.0 : null,
                Map.of()));
      }
    }

    @Setup(Level.Iteration)
    public void open() throws IOException {
      dir = Files.createTempDirectory("abkit-bench-files");
      store = FileEventStore.open(dir);
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
      store.close();
      deleteTree(dir);
    }
  }

  /** Records per second appended (and fsynced once per batch) to the file store. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public void fileStore(FileStoreState s) throws IOException {
    s.store.write(s.batch);
  }

  /**
   * A {@link KafkaEventStore} producing to a fresh topic (6 partitions) of the cluster at {@code
   * -Dabkit.bench.kafka.bootstrap} (default {@code 127.0.0.1:9092}), and one pre-built batch of
   * exposures and events with distinct units, so the records spread over the partitions.
   */
  @State(Scope.Benchmark)
  public static class KafkaState {
    List<Observation> batch;
    KafkaEventStore store;

    @Setup(Level.Trial)
    public void open() {
      batch = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        batch.add(
            i % 2 == 0
                ? new Exposure("visitor-" + i, "kpi_scorecard_layout", "B", T0.plusMillis(i))
                : new Event(
                    "00000000-0000-4000-8000-" + String.format("%012d", i),
                    "visitor-" + i,
                    "kpi_click",
                    T0.plusMillis(i),
                    null,
                    Map.of()));
      }
      store =
          KafkaEventStore.builder(kafkaBootstrap())
              .topic("abkit.bench." + UUID.randomUUID().toString().substring(0, 8))
              .partitions(6)
              .build();
    }

    @TearDown(Level.Trial)
    public void close() {
      store.close();
    }
  }

  static String kafkaBootstrap() {
    return System.getProperty("abkit.bench.kafka.bootstrap", "127.0.0.1:9092");
  }

  /**
   * Records per second from one app instance into Kafka: {@link KafkaEventStore#write} of batches
   * of {@value #BATCH}, each returning once the broker has acknowledged all of them ({@code
   * acks=all}, idempotent, lz4), as abkit's writer thread calls it.
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public void kafka(KafkaState s) throws Exception {
    s.store.write(s.batch);
  }

  static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  static String pgUrl() {
    return System.getProperty("abkit.bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
  }

  static String pgUser() {
    return System.getProperty("abkit.bench.pg.user", "postgres");
  }

  static String pgPassword() {
    return System.getProperty("abkit.bench.pg.password", "");
  }

  static String freshPrefix(String kind) {
    return "abkit_bench_"
        + kind
        + "_"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 8)
        + "_";
  }

  /** A plain connection to the benchmark's PostgreSQL. */
  static Connection pgConnection() throws SQLException {
    return DriverManager.getConnection(pgUrl(), pgUser(), pgPassword());
  }

  static void dropTables(String prefix) throws SQLException {
    try (Connection c = pgConnection();
        Statement s = c.createStatement()) {
      for (String table : JdbcStore.tables(dev.abkit.jdbc.Dialect.POSTGRESQL, prefix)) {
        s.execute("drop table if exists " + table);
      }
    }
  }

  /** The store, on a fresh table prefix. */
  @State(Scope.Benchmark)
  public static class PostgresStore {
    String prefix;
    JdbcStore store;
    long next;

    @Setup(Level.Trial)
    public void open() {
      prefix = freshPrefix("batched");
      store =
          JdbcStore.builder()
              .url(pgUrl())
              .username(pgUser())
              .password(pgPassword())
              .tablePrefix(prefix)
              .createSchema(true)
              .build();
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
      store.close();
      dropTables(prefix);
    }

    List<Observation> batch() {
      List<Observation> batch = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        long n = next++;
        batch.add(
            new Event("b" + n, "u" + (n % 100_000), "click", T0.plusMillis(n), null, Map.of()));
      }
      return batch;
    }
  }

  /** A plain JDBC connection in auto-commit mode, on a fresh table prefix. */
  @State(Scope.Benchmark)
  public static class PostgresNaive {
    String prefix;
    Connection connection;
    String insert;
    long next;

    @Setup(Level.Trial)
    public void open() throws SQLException {
      prefix = freshPrefix("naive");
      connection = DriverManager.getConnection(pgUrl(), pgUser(), pgPassword());
      connection.setAutoCommit(true);
      try (Statement s = connection.createStatement()) {
        for (String ddl :
            JdbcStore.schemaSql(dev.abkit.jdbc.Dialect.POSTGRESQL, prefix).split(";\n")) {
          if (!ddl.isBlank()) {
            s.execute(ddl);
          }
        }
      }
      insert =
          "insert into "
              + prefix
              + "events (id, unit, name, ts, value, props) values (?, ?, ?, ?, ?, null)"
              + " on conflict do nothing";
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
      connection.close();
      dropTables(prefix);
    }
  }

  /** Records per second through {@link JdbcStore#write}, in batches of {@value #BATCH}. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public void postgresBatched(PostgresStore s) throws Exception {
    s.store.write(s.batch());
  }

  /** Records per second, one auto-committed {@code INSERT} each: the writer abkit replaces. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public int postgresNaive(PostgresNaive s) throws SQLException {
    long n = s.next++;
    // What a request handler writing straight to the database does: one statement, one commit.
    try (PreparedStatement ps = s.connection.prepareStatement(s.insert)) {
      ps.setString(1, "n" + n);
      ps.setString(2, "u" + (n % 100_000));
      ps.setString(3, "click");
      ps.setTimestamp(4, Timestamp.from(T0.plusMillis(n)));
      ps.setNull(5, Types.DOUBLE);
      return ps.executeUpdate();
    }
  }
}
