package dev.abkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.MetricQuery;
import dev.abkit.spi.MetricQuery.Amount;
import dev.abkit.spi.VariantData;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's per-unit rollups of the results reads (schema version 4): what the watermark must
 * get right beyond what the stores' contract checks (every PostgreSQL read there goes through the
 * rollups too). A transaction still open when a read refreshes is seen by a later read; a read with
 * nothing new keeps the rows; a rollup no read asked for in 30 days goes.
 */
class JdbcStoreRollupTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final TestDatabase DB = TestDatabase.POSTGRESQL;
  private static final ExperimentQuery QUERY =
      new ExperimentQuery(
          "exp",
          List.of(new MetricQuery("buy", "buy", Amount.VALUE_OR_ONE, Duration.ZERO, null)),
          null);

  private String prefix;
  private JdbcStore store;

  @BeforeEach
  void open() {
    DB.requireReachable();
    prefix = TestDatabase.freshPrefix();
    store = DB.store(prefix).build();
  }

  @AfterEach
  void drop() throws Exception {
    if (store != null) {
      store.close();
      DB.dropTables(prefix);
    }
  }

  @Test
  void transactionOpenDuringARefresh_isCountedByTheNextRead() throws Exception {
    store.write(List.of(new Exposure("u1", "exp", "A", T0)));
    assertThat(units(store.read(QUERY))).isEqualTo(1);
    try (Connection slow = DB.connect();
        Statement s = slow.createStatement()) {
      slow.setAutoCommit(false);
      // an older transaction: its id is below every later one's, and it commits last
      s.execute(
          "insert into "
              + prefix
              + "exposures (experiment, unit, variant, ts) values ('exp', 'slow', 'B', now())");
      s.execute(
          "insert into "
              + prefix
              + "events (id, unit, name, ts) values ('e1', 'slow', 'buy', now() + interval '1 minute')");
      store.write(
          List.of(
              new Exposure("u2", "exp", "B", T0),
              new Event("e2", "u2", "buy", T0.plusSeconds(60), null, Map.of())));
      ExperimentData meanwhile = store.read(QUERY);
      assertThat(units(meanwhile)).as("committed rows only").isEqualTo(2);
      assertThat(converted(meanwhile, "B")).isEqualTo(1);
      slow.commit();
    }
    ExperimentData after = store.read(QUERY);
    assertThat(units(after)).isEqualTo(3);
    assertThat(converted(after, "B")).as("the slow transaction's event counts").isEqualTo(2);
  }

  @Test
  void readWithNothingNew_keepsTheRowsAndMovesTheWatermark() throws Exception {
    store.write(
        List.of(
            new Exposure("u1", "exp", "A", T0),
            new Event("e1", "u1", "buy", T0.plusSeconds(1), null, Map.of())));
    store.read(QUERY);
    long rows = DB.count("select count(*) from " + prefix + "rollup_units");
    long watermark = DB.count("select max(watermark) from " + prefix + "rollups");
    store.write(List.of(new Exposure("other", "another_experiment", "A", T0)));

    ExperimentData again = store.read(QUERY);

    assertThat(converted(again, "A")).isEqualTo(1);
    assertThat(DB.count("select count(*) from " + prefix + "rollup_units")).isEqualTo(rows);
    assertThat(DB.count("select count(*) from " + prefix + "rollups")).isEqualTo(1);
    assertThat(DB.count("select max(watermark) from " + prefix + "rollups"))
        .isGreaterThan(watermark);
  }

  @Test
  void rollupUnreadFor30Days_isDeletedWhenAnotherIsBuilt() throws Exception {
    store.write(List.of(new Exposure("u1", "exp", "A", T0)));
    store.read(QUERY);
    try (Connection c = DB.connect();
        Statement s = c.createStatement()) {
      s.execute("update " + prefix + "rollups set refreshed_at = now() - interval '31 days'");
    }
    ExperimentQuery windowed =
        new ExperimentQuery(
            "exp",
            List.of(
                new MetricQuery(
                    "buy", "buy", Amount.VALUE_OR_ONE, Duration.ZERO, Duration.ofDays(1))),
            null);

    store.read(windowed);

    assertThat(DB.count("select count(*) from " + prefix + "rollups")).isEqualTo(1);
    assertThat(DB.count("select count(*) from " + prefix + "rollup_units")).isEqualTo(1);
    assertThat(units(store.read(QUERY))).as("rebuilt when read again").isEqualTo(1);
  }

  @Test
  void manyRefreshes_compactTheTotals_andReadTheSame() throws Exception {
    ExperimentQuery byPlatform = QUERY.withDimension("platform");
    dev.abkit.store.memory.InMemoryEventStore memory =
        new dev.abkit.store.memory.InMemoryEventStore();
    long peak = 0;
    for (int round = 0; round < 25; round++) {
      List<dev.abkit.event.Observation> batch = new java.util.ArrayList<>();
      for (int i = 0; i < 30; i++) {
        String unit = "u" + round + "_" + i;
        batch.add(
            new Exposure(unit, "exp", i % 2 == 0 ? "A" : "B", T0, Map.of("platform", "p" + i)));
        batch.add(new Event("e", unit, "buy", T0.plusSeconds(round), (double) i, Map.of()));
      }
      // a unit of the first round moves to another segment's variant: its old row is subtracted
      batch.add(new Exposure("u0_" + round, "exp", "A", T0.minusSeconds(1)));
      store.write(batch);
      memory.write(batch);
      assertThat(store.read(byPlatform).segments())
          .as("round %d", round)
          .usingRecursiveComparison()
          .withComparatorForType(
              (a, b) -> Math.abs(a - b) < 1e-6 ? 0 : Double.compare(a, b), Double.class)
          .isEqualTo(memory.read(byPlatform).segments());
      peak = Math.max(peak, DB.count("select count(*) from " + prefix + "rollup_totals"));
    }
    assertThat(peak).as("compacted once past 500 rows").isBetween(400L, 600L);
    assertThat(DB.count("select count(*) from " + prefix + "rollup_totals")).isLessThan(peak);
  }

  private static long units(ExperimentData data) {
    return data.variants().stream().mapToLong(VariantData::exposures).sum();
  }

  private static long converted(ExperimentData data, String variant) {
    return data.variants().stream()
        .filter(v -> v.variant().equals(variant))
        .mapToLong(v -> v.metric("buy").units())
        .sum();
  }
}
