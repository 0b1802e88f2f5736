package dev.abkit.examples.bench;

import dev.abkit.event.Event;
import dev.abkit.event.Observation;
import dev.abkit.jdbc.JdbcStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * Throughput of the recording pipeline's sinks, in records per second (JMH's ops/s).
 *
 * <p>{@code postgresBatched}: {@link JdbcStore#write} of batches of {@value #BATCH} events (one
 * transaction, multi-row idempotent inserts), as abkit's writer thread calls it. {@code
 * postgresNaive}: the writer abkit replaces, one {@code INSERT} per record on a plain JDBC
 * connection in auto-commit mode. Each runs against its own fresh table prefix, dropped afterwards.
 * PostgreSQL comes from {@code -Dabkit.bench.pg.url} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test}), {@code .user} (postgres) and {@code .password} (empty).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
public class PipelineBenchmark {
  static final int BATCH = 1000;
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

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

  static void dropTables(String prefix) throws SQLException {
    try (Connection c = DriverManager.getConnection(pgUrl(), pgUser(), pgPassword());
        Statement s = c.createStatement()) {
      for (String t : List.of("exposures", "events", "assignments", "schema_version")) {
        s.execute("drop table if exists " + prefix + t);
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

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void postgresBatched(PostgresStore s) throws Exception {
    s.store.write(s.batch());
  }

  @Benchmark
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
