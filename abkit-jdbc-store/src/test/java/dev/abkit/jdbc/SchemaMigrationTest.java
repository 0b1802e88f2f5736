package dev.abkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.jdbc.internal.Sql;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.SegmentData;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tables of an older schema version, as the Flyway files up to that version create them and with
 * rows a store of that version wrote, are migrated to the current version by a store with {@code
 * createSchema(true)}, keeping the rows; without it the store refuses to start and names the
 * migration. Version 1 is a 0.1 store's; version 2 is the last without exposure attributes; version
 * 3 the last without PostgreSQL's change tracking ({@code txid}) and rollup tables.
 */
class SchemaMigrationTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private TestDatabase db;
  private String prefix;

  @AfterEach
  void dropTables() throws Exception {
    if (db != null) {
      db.dropTables(prefix);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void version1Tables_storeWithCreateSchema_migratesAndKeepsTheRows(TestDatabase database)
      throws Exception {
    version1Tables(database);

    try (JdbcStore store = database.store(prefix).build()) {
      assertThat(db.count("select max(version) from " + prefix + "schema_version")).isEqualTo(4);
      // 0.1 refused another unit's event with a stored id; version 2 keeps both
      store.write(
          List.of(
              new Exposure("u2", "exp", "B", T0),
              new Event("same", "u2", "click", T0.plusSeconds(5), null, Map.of()),
              new Exposure("u3", "exp", "A", T0),
              new Exposure("u3", "exp", "B", T0.plusSeconds(1))));
      ExperimentData data = store.read(ExperimentQuery.of("exp", List.of("click")));

      assertThat(data.variant("A").orElseThrow().exposures()).isEqualTo(1);
      assertThat(data.variant("A").orElseThrow().metric("click").units()).isEqualTo(1);
      assertThat(data.variant("B").orElseThrow().metric("click").units()).isEqualTo(1);
      assertThat(data.multipleExposures()).isEqualTo(1);
    }
    // a second start finds version 4 and changes nothing
    try (JdbcStore store = database.store(prefix).build()) {
      store.ping();
      assertThat(db.count("select count(*) from " + prefix + "events")).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void version1Tables_storeWithoutCreateSchema_refusesAndNamesTheMigration(TestDatabase database)
      throws Exception {
    version1Tables(database);

    assertThatThrownBy(() -> database.existingTables(prefix).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema version 1, older than the 4")
        .hasMessageContaining("JdbcStore.migrationSql");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void version2Tables_storeWithCreateSchema_addsTheAttributesAndKeepsTheRows(TestDatabase database)
      throws Exception {
    version2Tables(database);

    try (JdbcStore store = database.store(prefix).build()) {
      assertThat(db.count("select max(version) from " + prefix + "schema_version")).isEqualTo(4);
      store.write(
          List.of(
              new Exposure("u2", "exp", "A", T0, Map.of("platform", "ios")),
              new Exposure("u1", "exp", "A", T0.plusSeconds(1), Map.of("platform", "web")),
              new Event("e2", "u2", "click", T0.plusSeconds(5), null, Map.of())));
      ExperimentData data =
          store.read(ExperimentQuery.of("exp", List.of("click")).withDimension("platform"));

      assertThat(data.variant("A").orElseThrow().exposures()).isEqualTo(2);
      assertThat(data.variant("A").orElseThrow().metric("click").units()).isEqualTo(2);
      // u1, exposed before the migration, gets its value from its first exposure after it
      assertThat(data.segments()).extracting(SegmentData::value).containsExactly("ios", "web");
      assertThat(data.segments().get(1).variant("A").orElseThrow().metric("click").units())
          .isEqualTo(1);
    }
    try (JdbcStore store = database.store(prefix).build()) {
      store.ping();
      assertThat(db.count("select count(*) from " + prefix + "exposure_attributes")).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void version2Tables_storeWithoutCreateSchema_refusesAndNamesTheMigration(TestDatabase database)
      throws Exception {
    version2Tables(database);

    assertThatThrownBy(() -> database.existingTables(prefix).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema version 2, older than the 4")
        .hasMessageContaining("V4__");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void migrationSql_ofVersion2_isTheShippedFlywayScript(TestDatabase database) throws Exception {
    String vendor = database.dialect.name().toLowerCase(Locale.ROOT);
    String flyway = resource("db/abkit/flyway/" + vendor + "/V3__abkit_exposure_attributes.sql");
    String noComments =
        String.join("\n", flyway.lines().filter(l -> !l.startsWith("--")).toList()).strip();

    assertThat(noComments).isEqualTo(JdbcStore.migrationSql(database.dialect, "abkit_", 2).strip());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void version3Tables_storeWithCreateSchema_migratesTo4AndKeepsTheRows(TestDatabase database)
      throws Exception {
    version3Tables(database);

    try (JdbcStore store = database.store(prefix).build()) {
      assertThat(db.count("select max(version) from " + prefix + "schema_version")).isEqualTo(4);
      assertThat(db.count("select count(*) from " + prefix + "exposures")).isEqualTo(1);
      assertThat(db.count("select count(*) from " + prefix + "events")).isEqualTo(1);
      assertThat(db.count("select count(*) from " + prefix + "exposure_attributes")).isEqualTo(1);
      if (database.dialect == Dialect.POSTGRESQL) {
        // the rows from before have no transaction id; the tables and indexes are there, empty
        for (String t : List.of("exposures", "events", "exposure_attributes")) {
          assertThat(db.count("select count(*) from " + prefix + t + " where txid is null"))
              .as(t)
              .isEqualTo(1);
          assertThat(
                  db.count(
                      "select count(*) from pg_indexes where indexname = '"
                          + prefix
                          + t
                          + "_txid'"))
              .as(t + "_txid")
              .isEqualTo(1);
        }
        assertThat(db.count("select count(*) from " + prefix + "rollups")).isZero();
        assertThat(db.count("select count(*) from " + prefix + "rollup_units")).isZero();
      }

      boolean postgresql = database.dialect == Dialect.POSTGRESQL;
      long before = postgresql ? txidCurrent(database) : 0;
      store.write(
          List.of(
              new Exposure("u1", "exp", "A", T0, Map.of("platform", "web")),
              new Exposure("u2", "exp", "B", T0, Map.of("platform", "ios")),
              new Event("e2", "u2", "click", T0.plusSeconds(5), null, Map.of())));
      ExperimentData data =
          store.read(ExperimentQuery.of("exp", List.of("click")).withDimension("platform"));

      assertThat(data.variant("A").orElseThrow().exposures()).isEqualTo(1);
      assertThat(data.variant("A").orElseThrow().metric("click").units()).isEqualTo(1);
      assertThat(data.variant("B").orElseThrow().metric("click").units()).isEqualTo(1);
      // u1 keeps the value stored before the migration
      assertThat(data.segments()).extracting(SegmentData::value).containsExactly("ios");
      if (postgresql) {
        long after = txidCurrent(database);
        // u1's exposure moved to the earlier time: changed, so stamped by the store's write
        long u1 = txid(database, "exposures where unit = 'u1'");
        assertThat(u1).isGreaterThan(before).isLessThan(after);
        // inserts take the default, from the same transaction
        assertThat(txid(database, "exposures where unit = 'u2'")).isEqualTo(u1);
        assertThat(txid(database, "events where id = 'e2'")).isEqualTo(u1);
        assertThat(txid(database, "exposure_attributes where unit = 'u2'")).isEqualTo(u1);
        // u1's stored attribute was kept, so it was not written: still from before version 4
        assertThat(
                db.count(
                    "select count(*) from "
                        + prefix
                        + "exposure_attributes where unit = 'u1' and txid is null"))
            .isEqualTo(1);
        assertThat(db.count("select count(*) from " + prefix + "events where txid is null"))
            .isEqualTo(1);
      }
    }
    try (JdbcStore store = database.store(prefix).build()) {
      store.ping();
      assertThat(db.count("select count(*) from " + prefix + "schema_version")).isEqualTo(4);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void version3Tables_storeWithoutCreateSchema_refusesAndNamesTheMigration(TestDatabase database)
      throws Exception {
    version3Tables(database);

    assertThatThrownBy(() -> database.existingTables(prefix).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema version 3, older than the 4")
        .hasMessageContaining("V4__");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void migrationSql_ofVersion3_isTheShippedFlywayScript(TestDatabase database) throws Exception {
    String vendor = database.dialect.name().toLowerCase(Locale.ROOT);
    String flyway = resource("db/abkit/flyway/" + vendor + "/V4__abkit_rollups.sql");
    String noComments =
        String.join("\n", flyway.lines().filter(l -> !l.startsWith("--")).toList()).strip();

    assertThat(noComments).isEqualTo(JdbcStore.migrationSql(database.dialect, "abkit_", 3).strip());
    if (database.dialect != Dialect.POSTGRESQL) {
      assertThat(noComments).as("only the version recorded").doesNotContain("txid", "rollup");
    }
    assertThatThrownBy(() -> JdbcStore.migrationSql(database.dialect, "abkit_", 4))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * PostgreSQL, tables of the current version: a row inserted takes its transaction's id, an
   * exposure the upsert changes (earlier time, another variant) takes the id of the transaction
   * that changed it, and one it leaves alone keeps its id.
   */
  @ParameterizedTest
  @EnumSource(
      value = TestDatabase.class,
      names = {"POSTGRESQL"})
  void postgresql_exposureUpsert_stampsTheChangingTransaction(TestDatabase database)
      throws Exception {
    database.requireReachable();
    db = database;
    prefix = TestDatabase.freshPrefix();
    try (JdbcStore store = database.store(prefix).build()) {
      store.ping();
    }
    Sql sql = new Sql(Dialect.POSTGRESQL, prefix);

    long inserted = upsertExposure(database, sql, "A", T0.plusSeconds(10));
    assertThat(txid(database, "exposures where unit = 'u1'")).isEqualTo(inserted);

    upsertExposure(database, sql, "A", T0.plusSeconds(20)); // later, same variant
    assertThat(txid(database, "exposures where unit = 'u1'")).isEqualTo(inserted);

    long earlier = upsertExposure(database, sql, "A", T0);
    assertThat(earlier).isNotEqualTo(inserted);
    assertThat(txid(database, "exposures where unit = 'u1'")).isEqualTo(earlier);

    long multiple = upsertExposure(database, sql, "B", T0.plusSeconds(30));
    assertThat(txid(database, "exposures where unit = 'u1'")).isEqualTo(multiple);
    assertThat(db.count("select count(*) from " + prefix + "exposures where multiple"))
        .isEqualTo(1);
  }

  /** Upserts u1's exposure to exp in a transaction of its own; returns that transaction's id. */
  private static long upsertExposure(TestDatabase database, Sql sql, String variant, Instant ts)
      throws Exception {
    try (Connection c = database.connect()) {
      c.setAutoCommit(false);
      long tx;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select txid_current()")) {
        rs.next();
        tx = rs.getLong(1);
      }
      try (PreparedStatement ps = c.prepareStatement(sql.insertExposures(1))) {
        ps.setString(1, "u1");
        ps.setString(2, "exp");
        ps.setString(3, variant);
        ps.setObject(4, OffsetDateTime.ofInstant(ts, ZoneOffset.UTC));
        ps.setBoolean(5, false);
        ps.executeUpdate();
      }
      c.commit();
      return tx;
    }
  }

  /** A new transaction id, in a transaction of its own: later than any id handed out before. */
  private static long txidCurrent(TestDatabase database) throws Exception {
    return database.count("select txid_current()");
  }

  /** The txid of the one row of {@code <prefix>tableAndWhere}. */
  private long txid(TestDatabase database, String tableAndWhere) throws Exception {
    List<Long> ids = new ArrayList<>();
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select txid from " + prefix + tableAndWhere)) {
      while (rs.next()) {
        long id = rs.getLong(1);
        assertThat(rs.wasNull()).as("txid of " + tableAndWhere).isFalse();
        ids.add(id);
      }
    }
    assertThat(ids).as(tableAndWhere).hasSize(1);
    return ids.get(0);
  }

  /**
   * The version 3 tables under a fresh prefix (version 2's, migrated by the Flyway script of
   * version 3), with an attribute value of the exposure stored before.
   */
  private void version3Tables(TestDatabase database) throws Exception {
    version2Tables(database);
    String vendor = database.dialect.name().toLowerCase(Locale.ROOT);
    apply(database, resource("db/abkit/flyway/" + vendor + "/V3__abkit_exposure_attributes.sql"));
    assertThat(db.count("select max(version) from " + prefix + "schema_version")).isEqualTo(3);
    String value = database.dialect == Dialect.H2 ? "\"VALUE\"" : "value";
    db.execute(
        "insert into "
            + prefix
            + "exposure_attributes (experiment, unit, name, "
            + value
            + ") values ('exp', 'u1', 'platform', 'ios')");
  }

  /**
   * The version 2 tables under a fresh prefix (version 1's with the rows a 0.1 store wrote,
   * migrated by the Flyway script of version 2), with an exposure and an event of its own.
   */
  private void version2Tables(TestDatabase database) throws Exception {
    version1Tables(database);
    String vendor = database.dialect.name().toLowerCase(Locale.ROOT);
    apply(database, resource("db/abkit/flyway/" + vendor + "/V2__abkit_per_unit_ids.sql"));
    assertThat(db.count("select max(version) from " + prefix + "schema_version")).isEqualTo(2);
  }

  /** Runs a shipped script (prefix {@code abkit_}) on the fresh prefix, statement by statement. */
  private void apply(TestDatabase database, String script) throws Exception {
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      for (String statement : script.replace("abkit_", prefix).split(";\n")) {
        String sql = String.join("\n", statement.lines().filter(l -> !l.startsWith("--")).toList());
        if (!sql.isBlank()) {
          s.execute(sql);
        }
      }
    }
  }

  /** The version 1 tables under a fresh prefix, with the rows a 0.1 store wrote. */
  private void version1Tables(TestDatabase database) throws Exception {
    database.requireReachable();
    db = database;
    prefix = TestDatabase.freshPrefix();
    String vendor = database.dialect.name().toLowerCase(Locale.ROOT);
    apply(database, resource("db/abkit/flyway/" + vendor + "/V1__abkit_schema.sql"));
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "insert into "
              + prefix
              + "schema_version (version, applied_at) values (1, current_timestamp)");
      s.execute(
          "insert into "
              + prefix
              + "exposures (experiment, unit, variant, ts) values ('exp', 'u1', 'A', current_timestamp)");
      s.execute(
          "insert into "
              + prefix
              + "events (id, unit, name, ts) values ('same', 'u1', 'click', current_timestamp)");
    }
  }

  private static String resource(String name) throws Exception {
    try (InputStream in = SchemaMigrationTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
