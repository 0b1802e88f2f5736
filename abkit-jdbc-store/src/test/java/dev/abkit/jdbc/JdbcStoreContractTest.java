package dev.abkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.MetricData;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The store's contract, run against PostgreSQL, MariaDB and H2 alike. */
class JdbcStoreContractTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final String EXP = "kpi_scorecard_layout";

  private final List<AutoCloseable> stores = new ArrayList<>();
  private TestDatabase db;
  private String prefix;

  private JdbcStore open(TestDatabase database) {
    if (db == null) {
      database.requireReachable();
      db = database;
      prefix = TestDatabase.freshPrefix();
    }
    JdbcStore store = db.store(prefix).build();
    stores.add(store);
    return store;
  }

  @AfterEach
  void dropTables() throws Exception {
    for (AutoCloseable s : stores) {
      s.close();
    }
    if (db != null) {
      db.dropTables(prefix);
    }
  }

  private static Exposure exposure(String unit, String variant, int second) {
    return new Exposure(unit, EXP, variant, T0.plusSeconds(second));
  }

  private static Event event(String id, String unit, String name, int second, Double value) {
    return new Event(id, unit, name, T0.plusSeconds(second), value, Map.of());
  }

  private long rows(String table) throws Exception {
    return db.count("select count(*) from " + prefix + table);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void write_thenRead_returnsExposuresAndConversionsPerVariant(TestDatabase database)
      throws Exception {
    JdbcStore store = open(database);
    store.write(
        List.of(
            exposure("u1", "A", 0),
            exposure("u2", "B", 0),
            exposure("u3", "B", 0),
            new Event("e1", "u2", "kpi_click", T0.plusSeconds(5), null, Map.of("k", "v")),
            event("e2", "u3", "kpi_click", 6, null)));

    ExperimentData data = store.read(new ExperimentQuery(EXP, List.of("kpi_click")));

    assertThat(data.variant("A").orElseThrow().exposures()).isEqualTo(1);
    assertThat(data.variant("A").orElseThrow().metric("kpi_click")).isEqualTo(MetricData.EMPTY);
    assertThat(data.variant("B").orElseThrow().exposures()).isEqualTo(2);
    assertThat(data.variant("B").orElseThrow().metric("kpi_click"))
        .isEqualTo(new MetricData(2, 2, 2));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void write_duplicateExposure_keepsTheFirst(TestDatabase database) throws Exception {
    JdbcStore store = open(database);
    store.write(List.of(exposure("u1", "A", 0), exposure("u1", "B", 1)));
    store.write(List.of(exposure("u1", "B", 2)));

    ExperimentData data = store.read(new ExperimentQuery(EXP, List.of()));

    assertThat(data.variants()).hasSize(1);
    assertThat(data.variant("A").orElseThrow().exposures()).isEqualTo(1);
    assertThat(rows("exposures")).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void write_sameEventIdTwice_storesOneRow(TestDatabase database) throws Exception {
    JdbcStore store = open(database);
    List<Observation> batch = List.of(event("same", "u1", "kpi_click", 1, 2.0));
    store.write(batch);
    store.write(batch);
    store.write(
        List.of(event("same", "u1", "kpi_click", 1, 2.0), event("same", "u2", "x", 3, 9.0)));

    assertThat(rows("events")).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void write_twoStoresSharingOneDatabase_storeEachRecordOnce(TestDatabase database)
      throws Exception {
    JdbcStore first = open(database);
    JdbcStore second = open(database);
    List<Observation> batch = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      batch.add(exposure("u" + i, i % 2 == 0 ? "A" : "B", i));
      batch.add(event("e" + i, "u" + i, "kpi_click", i + 1, null));
    }
    first.write(batch.subList(0, 1600));
    second.write(batch.subList(800, 2400));
    first.write(batch);

    assertThat(rows("exposures")).isEqualTo(1200);
    assertThat(rows("events")).isEqualTo(1200);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void write_concurrentWriters_storeExactCounts(TestDatabase database) throws Exception {
    JdbcStore store = open(database);
    int threads = 8;
    int perThread = 5000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  List<Observation> batch = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    // Half the units overlap with the next thread's, so dedupe races for real.
                    int unit = thread * perThread / 2 + i / 2;
                    batch.add(
                        i % 2 == 0
                            ? exposure("u" + unit, "A", i)
                            : event("t" + thread + "-" + i, "u" + unit, "kpi_click", i, null));
                    if (batch.size() == 1000) {
                      store.write(batch);
                      batch = new ArrayList<>();
                    }
                  }
                  store.write(batch);
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    // Thread t exposes units t*2500 .. t*2500+2499: 8 * 2500 distinct units in all.
    assertThat(rows("exposures")).isEqualTo(threads * perThread / 2);
    assertThat(rows("events")).isEqualTo(threads * perThread / 2);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void read_statistics_matchHandComputedSums(TestDatabase database) throws Exception {
    JdbcStore store = open(database);
    store.write(
        List.of(
            exposure("a1", "A", 10),
            exposure("a2", "A", 10),
            exposure("a3", "A", 10),
            exposure("b1", "B", 10),
            exposure("b2", "B", 10),
            // a1: 2.5 + 1.5 after exposure, 100 before (excluded) -> 4.0
            event("1", "a1", "revenue", 11, 2.5),
            event("2", "a1", "revenue", 12, 1.5),
            event("3", "a1", "revenue", 9, 100.0),
            // a2: exactly at exposure time counts -> 3.0
            event("4", "a2", "revenue", 10, 3.0),
            // a3: only before exposure -> not a conversion
            event("5", "a3", "revenue", 1, 7.0),
            // b1: two valueless clicks -> 2; b2: one click with value 5 -> 5
            event("6", "b1", "click", 20, null),
            event("7", "b1", "click", 21, null),
            event("8", "b2", "click", 22, 5.0),
            event("9", "b2", "revenue", 30, 10.0),
            // never exposed: ignored
            event("10", "zz", "click", 40, null)));

    ExperimentData data = store.read(new ExperimentQuery(EXP, List.of("revenue", "click")));

    var a = data.variant("A").orElseThrow();
    var b = data.variant("B").orElseThrow();
    assertThat(a.exposures()).isEqualTo(3);
    assertThat(b.exposures()).isEqualTo(2);
    assertMetric(a.metric("revenue"), 2, 4.0 + 3.0, 16.0 + 9.0);
    assertThat(a.metric("click")).isEqualTo(MetricData.EMPTY);
    assertMetric(b.metric("click"), 2, 2.0 + 5.0, 4.0 + 25.0);
    assertMetric(b.metric("revenue"), 1, 10.0, 100.0);
  }

  private static void assertMetric(MetricData m, long units, double sum, double squares) {
    assertThat(m.units()).isEqualTo(units);
    assertThat(m.sum()).isCloseTo(sum, within(1e-9));
    assertThat(m.sumSquares()).isCloseTo(squares, within(1e-9));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void read_unknownExperiment_hasNoVariants(TestDatabase database) throws Exception {
    JdbcStore store = open(database);
    assertThat(store.read(new ExperimentQuery("nope", List.of("x"))).variants()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void getOrPut_sameUnitAndSalt_keepsTheFirstVariant(TestDatabase database) throws Exception {
    JdbcStore store = open(database);
    assertThat(store.getOrPut(EXP, "u1", "s1", "A")).isEqualTo("A");
    assertThat(store.getOrPut(EXP, "u1", "s1", "B")).isEqualTo("A");
    assertThat(open(database).getOrPut(EXP, "u1", "s1", "B")).isEqualTo("A");
    assertThat(store.getOrPut(EXP, "u2", "s1", "B")).isEqualTo("B");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void getOrPut_differentSalt_storesTheNewProposal(TestDatabase database) throws Exception {
    JdbcStore store = open(database);
    store.getOrPut(EXP, "u1", "s1", "A");
    assertThat(store.getOrPut(EXP, "u1", "s2", "B")).isEqualTo("B");
    assertThat(store.getOrPut(EXP, "u1", "s2", "A")).isEqualTo("B");
    assertThat(rows("assignments")).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void getOrPut_concurrentCallersOnTwoStores_allGetTheSameVariant(TestDatabase database)
      throws Exception {
    JdbcStore first = open(database);
    JdbcStore second = open(database);
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (String salt : List.of("s1", "s2")) {
        for (int unit = 0; unit < 10; unit++) {
          String u = "u" + unit;
          List<Callable<String>> calls = new ArrayList<>();
          for (int t = 0; t < threads; t++) {
            JdbcStore store = t % 2 == 0 ? first : second;
            String proposed = "V" + t;
            calls.add(() -> store.getOrPut(EXP, u, salt, proposed));
          }
          Set<String> answers = new HashSet<>();
          for (Future<String> f : pool.invokeAll(calls)) {
            answers.add(f.get());
          }
          assertThat(answers).as("answers for %s under %s", u, salt).hasSize(1);
          assertThat(first.getOrPut(EXP, u, salt, "other")).isEqualTo(answers.iterator().next());
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void schemaSql_appliedTwice_isIdempotentAndUsableWithoutCreateSchema(TestDatabase database)
      throws Exception {
    database.requireReachable();
    db = database;
    prefix = TestDatabase.freshPrefix();
    String ddl = JdbcStore.schemaSql(database.dialect, prefix);
    for (int round = 0; round < 2; round++) {
      try (Connection c = database.connect();
          Statement s = c.createStatement()) {
        for (String statement : ddl.split(";\n")) {
          if (!statement.isBlank()) {
            s.execute(statement);
          }
        }
      }
    }
    JdbcStore store = database.store(prefix).createSchema(false).build();
    stores.add(store);
    store.write(List.of(exposure("u1", "A", 0)));

    assertThat(rows("exposures")).isEqualTo(1);
    assertThat(rows("schema_version")).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void build_newerSchemaVersionInDatabase_refusesWithClearError(TestDatabase database)
      throws Exception {
    open(database).close();
    db.execute(
        "insert into "
            + prefix
            + "schema_version (version, applied_at) values (99, current_timestamp)");

    assertThatThrownBy(() -> db.store(prefix).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("upgrade abkit");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void build_missingTablesWithoutCreateSchema_namesTheFix(TestDatabase database) {
    database.requireReachable();
    String fresh = TestDatabase.freshPrefix();

    assertThatThrownBy(() -> database.store(fresh).createSchema(false).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(fresh + "schema_version")
        .hasMessageContaining("createSchema(true)");
  }
}
