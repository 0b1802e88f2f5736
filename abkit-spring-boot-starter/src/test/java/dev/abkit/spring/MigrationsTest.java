package dev.abkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.event.Event;
import dev.abkit.jdbc.Dialect;
import dev.abkit.jdbc.JdbcStore;
import dev.abkit.jdbc.internal.Sql;
import dev.abkit.spi.ExperimentQuery;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Flyway and Liquibase resources shipped in abkit-jdbc-store (version 1, then the migrations to
 * versions 2 to 4) create exactly the tables that {@code JdbcStore} creates itself (columns with
 * their defaults, keys, indexes), and a store with {@code createSchema(false)} works on them.
 */
class MigrationsTest {

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void shippedMigrationsAreTheStoresMigrationsToItsSchemaVersion(Dialect dialect) throws Exception {
    assertThat(Sql.SCHEMA_VERSION).as("a migration file for each version").isEqualTo(4);
    String vendor = dialect.name().toLowerCase(Locale.ROOT);
    Map<Integer, String> flywayFiles =
        Map.of(
            2,
            "V2__abkit_per_unit_ids.sql",
            3,
            "V3__abkit_exposure_attributes.sql",
            4,
            "V4__abkit_rollups.sql");
    for (int to = 2; to <= Sql.SCHEMA_VERSION; to++) {
      String migration = JdbcStore.migrationSql(dialect, "abkit_", to - 1);
      String flyway = resource("db/abkit/flyway/" + vendor + "/" + flywayFiles.get(to));
      assertThat(withoutComments(flyway)).as("V" + to).isEqualTo(migration.strip());
      String liquibase = resource("db/abkit/liquibase/" + vendor + "/abkit_schema_" + to + ".sql");
      assertThat(liquibase.strip()).as("abkit-schema-" + to).isEqualTo(migration.strip());
    }
  }

  @Test
  void flywayOnH2() throws Exception {
    String url = h2();
    Flyway.configure()
        .dataSource(url, "sa", "")
        .locations("classpath:db/abkit/flyway/h2")
        .table("abkit_flyway_history")
        .load()
        .migrate();
    assertSameTablesAsTheStoreCreates(url, "sa", h2());
    assertStoreWorksWithoutCreatingTables(url, "sa");
  }

  @Test
  void liquibaseOnH2() throws Exception {
    String url = h2();
    liquibase(url, "sa");
    assertSameTablesAsTheStoreCreates(url, "sa", h2());
    assertStoreWorksWithoutCreatingTables(url, "sa");
  }

  @Test
  void flywayAndLiquibaseOnPostgres() throws Exception {
    String prefix = EndToEndContract.uniquePrefix();
    String flywaySchema = prefix + "fw";
    String liquibaseSchema = prefix + "lb";
    String storeSchema = prefix + "st";
    try {
      String fw = Databases.postgresSchema(flywaySchema);
      String lb = Databases.postgresSchema(liquibaseSchema);
      String st = Databases.postgresSchema(storeSchema);
      Flyway.configure()
          .dataSource(fw, Databases.PG_USER, "")
          .schemas(flywaySchema)
          .locations("classpath:db/abkit/flyway/postgresql")
          .table("abkit_flyway_history")
          .load()
          .migrate();
      liquibase(lb, Databases.PG_USER);
      assertSameTablesAsTheStoreCreates(fw, Databases.PG_USER, st);
      assertSameTablesAsTheStoreCreates(lb, Databases.PG_USER, st);
      assertStoreWorksWithoutCreatingTables(fw, Databases.PG_USER);
    } finally {
      Databases.dropPostgresSchema(flywaySchema);
      Databases.dropPostgresSchema(liquibaseSchema);
      Databases.dropPostgresSchema(storeSchema);
    }
  }

  static String h2() {
    return "jdbc:h2:mem:mig" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
  }

  static void liquibase(String url, String user) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, "")) {
      Database db =
          DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
      @SuppressWarnings("deprecation")
      Liquibase lb =
          new Liquibase(
              "db/abkit/liquibase/abkit-changelog.xml", new ClassLoaderResourceAccessor(), db);
      lb.update("");
    }
  }

  /**
   * Columns (name, type, nullability, default), primary keys and named indexes of abkit_ tables
   * match (indexes a database names itself, such as H2's primary keys, are left out).
   */
  static void assertSameTablesAsTheStoreCreates(String migrated, String user, String fresh)
      throws Exception {
    try (JdbcStore store =
        JdbcStore.builder().url(fresh).username(user).password("").createSchema(true).build()) {
      store.ping();
      assertThat(shape(migrated, user)).isEqualTo(shape(fresh, user)).isNotEmpty();
    }
  }

  static TreeSet<String> shape(String url, String user) throws Exception {
    TreeSet<String> out = new TreeSet<>();
    try (Connection c = DriverManager.getConnection(url, user, "")) {
      DatabaseMetaData md = c.getMetaData();
      String schema = c.getSchema();
      Dialect dialect = Dialect.fromUrl(url).orElseThrow();
      for (String table : JdbcStore.tables(dialect, "abkit_")) {
        for (String t : List.of(table, table.toUpperCase(Locale.ROOT))) {
          try (ResultSet rs = md.getColumns(null, schema, t, null)) {
            while (rs.next()) {
              out.add(
                  table
                      + "."
                      + rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT)
                      + " "
                      + rs.getString("TYPE_NAME")
                      + "("
                      + rs.getInt("COLUMN_SIZE")
                      + ") nullable="
                      + rs.getString("IS_NULLABLE")
                      + " default="
                      + rs.getString("COLUMN_DEF"));
            }
          }
          try (ResultSet rs = md.getIndexInfo(null, schema, t, false, false)) {
            while (rs.next()) {
              String index = rs.getString("INDEX_NAME");
              if (index != null && index.toLowerCase(Locale.ROOT).startsWith("abkit_")) {
                out.add(
                    table
                        + " index "
                        + index.toLowerCase(Locale.ROOT)
                        + " "
                        + rs.getShort("ORDINAL_POSITION")
                        + " "
                        + rs.getString("COLUMN_NAME"));
              }
            }
          }
          try (ResultSet rs = md.getPrimaryKeys(null, schema, t)) {
            while (rs.next()) {
              out.add(table + " pk " + rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
          }
        }
      }
    }
    return out;
  }

  static void assertStoreWorksWithoutCreatingTables(String url, String user) throws Exception {
    try (JdbcStore store =
        JdbcStore.builder().url(url).username(user).password("").createSchema(false).build()) {
      store.write(
          List.of(
              new dev.abkit.event.Exposure(
                  "u1", "exp", "B", Instant.now(), Map.of("platform", "ios")),
              new Event("e1", "u1", "click", Instant.now(), 1.0, Map.of())));
      var data = store.read(ExperimentQuery.of("exp", List.of("click")).withDimension("platform"));
      assertThat(data.toString()).contains("B");
      assertThat(data.segments()).singleElement().extracting(s -> s.value()).isEqualTo("ios");
    }
  }

  static String resource(String name) throws Exception {
    try (InputStream in = MigrationsTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String withoutComments(String sql) {
    return sql.lines()
        .filter(l -> !l.startsWith("--"))
        .reduce((a, b) -> a + "\n" + b)
        .orElse("")
        .strip();
  }
}
