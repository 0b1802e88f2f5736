package dev.abkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
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
 * Tables of schema version 1, as the Flyway file of version 1 creates them and with rows a 0.1
 * store wrote, are migrated to version 2 by a store with {@code createSchema(true)}, keeping the
 * rows; without it the store refuses to start and names the migration.
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

    try (JdbcStore store = database.store(prefix).createSchema(true).build()) {
      assertThat(db.count("select max(version) from " + prefix + "schema_version")).isEqualTo(2);
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
    // a second start finds version 2 and changes nothing
    try (JdbcStore store = database.store(prefix).createSchema(true).build()) {
      store.ping();
      assertThat(db.count("select count(*) from " + prefix + "events")).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void version1Tables_storeWithoutCreateSchema_refusesAndNamesTheMigration(TestDatabase database)
      throws Exception {
    version1Tables(database);

    assertThatThrownBy(() -> database.store(prefix).createSchema(false).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema version 1, older than the 2")
        .hasMessageContaining("JdbcStore.migrationSql");
  }

  /** The version 1 tables under a fresh prefix, with the rows a 0.1 store wrote. */
  private void version1Tables(TestDatabase database) throws Exception {
    database.requireReachable();
    db = database;
    prefix = TestDatabase.freshPrefix();
    String vendor = database.dialect.name().toLowerCase(Locale.ROOT);
    String v1 = resource("db/abkit/flyway/" + vendor + "/V1__abkit_schema.sql");
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      for (String statement : v1.replace("abkit_", prefix).split(";\n")) {
        String sql = String.join("\n", statement.lines().filter(l -> !l.startsWith("--")).toList());
        if (!sql.isBlank()) {
          s.execute(sql);
        }
      }
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
