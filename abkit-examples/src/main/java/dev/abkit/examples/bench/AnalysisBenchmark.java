package dev.abkit.examples.bench;

import dev.abkit.analysis.Analyzer;
import dev.abkit.analysis.Breakdown;
import dev.abkit.analysis.ExperimentResult;
import dev.abkit.jdbc.JdbcStore;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Metric;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.VariantData;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Results over 1M exposures and 1M events on PostgreSQL (DESIGN.md section 7: at most 2 s): one
 * {@link JdbcStore#read} of the experiment's sufficient statistics plus {@link Analyzer#analyze}.
 *
 * <p>The data are loaded once per trial straight into a fresh table prefix with {@code INSERT ...
 * SELECT} over {@code generate_series} (not through the pipeline: its throughput has its own
 * benchmark), then {@code VACUUM ANALYZE}d (as autovacuum would after such an insert), and the
 * tables are dropped at the end:
 *
 * <ul>
 *   <li>1,000,000 exposures of experiment {@value #EXPERIMENT}: units {@code v0000000..v0999999},
 *       variant {@code A}, {@code B}, {@code C} by unit number mod 3, first seen 10 ms apart;
 *   <li>1,000,000 {@value #TARGET} events: 900,000 on units picked by {@code hashint4} (so some
 *       units have several events, about 40% none), 100,000 more on variant {@code C}'s units (a
 *       real lift to find); each 60 s before to 540 s after its unit's exposure, so one in ten is
 *       before it and must not count.
 * </ul>
 *
 * <p>The events index is dropped during the load and recreated afterwards with the store's own DDL,
 * as a bulk load would do; the read then sees exactly the schema {@link JdbcStore} creates.
 * Single-shot time: each call is a cold read of the whole experiment, as an analyst's page view.
 * PostgreSQL comes from {@code -Dabkit.bench.pg.url} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test}), {@code .user} (postgres) and {@code .password} (empty).
 */
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class AnalysisBenchmark {

  static final String EXPERIMENT = "bench_results";
  static final String TARGET = "kpi_click";
  static final int UNITS = 1_000_000;
  static final int EVENTS = 1_000_000;

  /** The loaded tables and a store reading them. */
  @State(Scope.Benchmark)
  public static class Loaded {
    final Experiment experiment = Experiment.of(EXPERIMENT, TARGET, "A", "B", "C");
    final ExperimentQuery query = Analyzer.query(experiment);

    /** The same goal counted only within a day of the first exposure and before an end. */
    final ExperimentQuery windowed =
        Analyzer.query(
            experiment.toBuilder()
                .goal(
                    new Metric(
                        TARGET,
                        TARGET,
                        Metric.Type.CONVERSION,
                        null,
                        null,
                        Duration.ofMinutes(1),
                        Duration.ofDays(1),
                        null,
                        Metric.Direction.INCREASE,
                        Metric.Role.GOAL,
                        false))
                .endAt(Instant.parse("2026-11-02T12:00:00Z"))
                .build());

    String prefix;
    JdbcStore store;

    @Setup(Level.Trial)
    public void load() throws SQLException {
      prefix = PipelineBenchmark.freshPrefix("results");
      store = storeWithTables(prefix);
      long start = System.nanoTime();
      try (Connection c = PipelineBenchmark.pgConnection();
          Statement s = c.createStatement()) {
        String indexDdl = eventsIndexDdl(prefix);
        s.execute("drop index " + prefix + "events_name_unit_ts");
        s.execute(
            "insert into "
                + prefix
                + "exposures (experiment, unit, variant, ts)"
                + " select '"
                + EXPERIMENT
                + "', 'v' || lpad(i::text, 7, '0'), chr(65 + i % 3),"
                + " timestamptz '2026-11-01 00:00:00Z' + i * interval '10 milliseconds'"
                + " from generate_series(0, "
                + (UNITS - 1)
                + ") i");
        s.execute(
            "insert into "
                + prefix
                + "events (id, unit, name, ts, value, props)"
                + " select 'e' || j, 'v' || lpad(u::text, 7, '0'), '"
                + TARGET
                + "', timestamptz '2026-11-01 00:00:00Z' + u * interval '10 milliseconds'"
                + " + (j % 600 - 60) * interval '1 second', null, null"
                + " from (select j, case when j < 900000"
                + " then (hashint4(j) & 2147483647) % "
                + UNITS
                + " else ((hashint4(j) & 2147483647) % 333333) * 3 + 2 end as u"
                + " from generate_series(0, "
                + (EVENTS - 1)
                + ") j) picked");
        s.execute(indexDdl);
        // What autovacuum does after a bulk insert: statistics, and the visibility map that lets
        // the planner read an index without visiting the table.
        s.execute("vacuum analyze " + prefix + "exposures");
        s.execute("vacuum analyze " + prefix + "events");
      }
      System.out.printf(
          "%n[resultsPostgres] loaded %d exposures + %d events into %s* in %.1f s%n",
          UNITS, EVENTS, prefix, (System.nanoTime() - start) / 1e9);
    }

    @TearDown(Level.Trial)
    public void drop() throws SQLException {
      System.out.printf("%n[resultsPostgres] last read: %s%n", read().variants());
      store.close();
      PipelineBenchmark.dropTables(prefix);
    }

    ExperimentData read() throws SQLException {
      return store.read(query);
    }
  }

  /** A store on the benchmark's PostgreSQL whose tables (the store's own schema) it creates. */
  static JdbcStore storeWithTables(String prefix) {
    return JdbcStore.builder()
        .url(PipelineBenchmark.pgUrl())
        .username(PipelineBenchmark.pgUser())
        .password(PipelineBenchmark.pgPassword())
        .tablePrefix(prefix)
        .createSchema(true)
        .build();
  }

  /** The store's own statement creating the events index, so the read sees its schema. */
  static String eventsIndexDdl(String prefix) {
    for (String ddl : JdbcStore.schemaSql(dev.abkit.jdbc.Dialect.POSTGRESQL, prefix).split(";\n")) {
      if (ddl.contains("create index") && ddl.contains("events_name_unit_ts")) {
        return ddl.strip();
      }
    }
    throw new IllegalStateException("the store's schema has no events_name_unit_ts index");
  }

  /**
   * {@link #resultsPostgres} with the counting rules of DESIGN.md section 9 on: a delay, a window
   * and the experiment's end, all conditions on the same merge join.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public ExperimentResult resultsPostgresWindowed(Loaded s) throws SQLException {
    ExperimentData data = s.store.read(s.windowed);
    return Analyzer.analyze(s.experiment, data);
  }

  /** One results computation: both aggregate queries, then the statistics. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public ExperimentResult resultsPostgres(Loaded s) throws SQLException {
    ExperimentData data = s.read();
    long exposed = 0;
    for (VariantData v : data.variants()) {
      exposed += v.exposures();
    }
    if (exposed != UNITS) {
      throw new IllegalStateException("read " + exposed + " exposed units, loaded " + UNITS);
    }
    return Analyzer.analyze(s.experiment, data);
  }

  /**
   * Results at scale (issue 13 item 8, target 3 s): by default 10M exposures and 30M events of one
   * experiment on PostgreSQL, with CUPED (14-day pre-period), a 7-day window and a breakdown by
   * {@code platform} (three values): one {@link JdbcStore#read} with the dimension, then the
   * analysis of the whole and of each segment. Loaded once per trial with {@code COPY} ({@link
   * ScaleData}), the events' primary key and index built after the load, as a bulk load would; the
   * trial's first read builds the per-unit rollup (its time is printed), and before each measured
   * read {@link #NEW_UNITS} units and {@link #NEW_EVENTS} events arrive, which the read brings into
   * the rollup. Runs only by name ({@code abkit bench AnalysisBenchmark.resultsAtScale}): the load
   * alone takes minutes. Sizes: {@code -Dabkit.bench.scale.units} and {@code
   * -Dabkit.bench.scale.events}.
   */
  @State(Scope.Benchmark)
  public static class AtScale {
    static final String SCALE_EXPERIMENT = "bench_scale";
    final Experiment experiment =
        dev.abkit.manifest.ManifestParser.parse(
                "{\"experiments\": [{\"id\": \""
                    + SCALE_EXPERIMENT
                    + "\", \"variants\": [{\"key\": \"A\"}, {\"key\": \"B\"}],"
                    + " \"target_event\": {\"event\": \"spend\", \"type\": \"sum\","
                    + " \"window\": \"P7D\"}, \"cuped\": {\"pre_period\": \"P14D\"},"
                    + " \"dimensions\": [\""
                    + ScaleData.PLATFORM
                    + "\"]}]}")
            .experiments()
            .get(0);
    final ExperimentQuery query = Analyzer.query(experiment).withDimension(ScaleData.PLATFORM);
    final int units = Integer.getInteger("abkit.bench.scale.units", 10_000_000);
    final long events = Long.getLong("abkit.bench.scale.events", 30_000_000L);

    /** Units and events that arrive before each read, as in a running experiment. */
    static final int NEW_UNITS = 1_000;

    static final int NEW_EVENTS = 10_000;

    String prefix;
    JdbcStore store;
    ScaleData data;
    long exposed;
    int round;

    @Setup(Level.Trial)
    public void load() throws Exception {
      prefix = PipelineBenchmark.freshPrefix("scale");
      store = storeWithTables(prefix);
      long start = System.nanoTime();
      try (Connection c = PipelineBenchmark.pgConnection();
          Statement s = c.createStatement()) {
        String indexDdl = eventsIndexDdl(prefix);
        s.execute("drop index " + prefix + "events_name_unit_ts");
        s.execute("alter table " + prefix + "events drop constraint " + prefix + "events_pkey");
        data = new ScaleData(prefix, SCALE_EXPERIMENT, "spend", units, events);
        data.load(c);
        s.execute("alter table " + prefix + "events add primary key (unit, id)");
        s.execute(indexDdl);
        for (String t : new String[] {"exposures", "exposure_attributes", "events"}) {
          s.execute("vacuum analyze " + prefix + t);
        }
      }
      System.out.printf(
          "%n[resultsAtScale] loaded %d exposures + %d events into %s* in %.1f s%n",
          units, events, prefix, (System.nanoTime() - start) / 1e9);
      exposed = units;
      long build = System.nanoTime();
      store.read(query);
      System.out.printf(
          "[resultsAtScale] first read (builds the per-unit rollup) in %.1f s%n",
          (System.nanoTime() - build) / 1e9);
    }

    /** Before each read: {@link #NEW_UNITS} new units and {@link #NEW_EVENTS} events arrive. */
    @Setup(Level.Invocation)
    public void newRecords() throws Exception {
      try (Connection c = PipelineBenchmark.pgConnection()) {
        data.more(c, round++, NEW_UNITS, NEW_EVENTS);
      }
      exposed += NEW_UNITS;
    }

    @TearDown(Level.Trial)
    public void drop() throws SQLException {
      store.close();
      PipelineBenchmark.dropTables(prefix);
    }
  }

  /** The read and the analysis of {@link AtScale}: the whole, then each platform's units. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Breakdown resultsAtScale(AtScale s) throws SQLException {
    ExperimentData data = s.store.read(s.query);
    long exposed = 0;
    for (VariantData v : data.variants()) {
      exposed += v.exposures();
    }
    if (exposed != s.exposed || data.segments().size() != 3) {
      throw new IllegalStateException(
          "read " + exposed + " units in " + data.segments().size() + " segments");
    }
    Analyzer.analyze(s.experiment, data);
    return Analyzer.breakdown(
        s.experiment, ScaleData.PLATFORM, data, dev.abkit.analysis.AnalysisSettings.defaults());
  }
}
