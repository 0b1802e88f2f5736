package dev.abkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.SegmentData;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
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
 * migration. Version 1 is a 0.1 store's; version 2 is the last without exposure attributes.
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
      assertThat(db.count("select max(version) from " + prefix + "schema_version")).isEqualTo(3);
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
    // a second start finds version 3 and changes nothing
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
        .hasMessageContaining("schema version 1, older than the 3")
        .hasMessageContaining("JdbcStore.migrationSql");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void version2Tables_storeWithCreateSchema_addsTheAttributesAndKeepsTheRows(TestDatabase database)
      throws Exception {
    version2Tables(database);

    try (JdbcStore store = database.store(prefix).build()) {
      assertThat(db.count("select max(version) from " + prefix + "schema_version")).isEqualTo(3);
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
        .hasMessageContaining("schema version 2, older than the 3")
        .hasMessageContaining("V3__");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void migrationSql_ofVersion2_isTheShippedFlywayScript(TestDatabase database) throws Exception {
    String vendor = database.dialect.name().toLowerCase(Locale.ROOT);
    String flyway = resource("db/abkit/flyway/" + vendor + "/V3__abkit_exposure_attributes.sql");
    String noComments =
        String.join("\n", flyway.lines().filter(l -> !l.startsWith("--")).toList()).strip();

    assertThat(noComments).isEqualTo(JdbcStore.migrationSql(database.dialect, "abkit_", 2).strip());
    assertThatThrownBy(() -> JdbcStore.migrationSql(database.dialect, "abkit_", 3))
        .isInstanceOf(IllegalArgumentException.class);
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
