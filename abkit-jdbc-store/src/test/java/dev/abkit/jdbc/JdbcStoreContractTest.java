package dev.abkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abkit.event.Exposure;
import dev.abkit.testing.AssignmentStoreContract;
import dev.abkit.testing.EventStoreContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The store's contract, run against PostgreSQL, MariaDB and H2 alike: abkit-testing's {@link
 * EventStoreContract} and {@link AssignmentStoreContract} on each database (the nested classes
 * below), and the JDBC store's own rules for its schema.
 */
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

  private long rows(String table) throws Exception {
    return db.count("select count(*) from " + prefix + table);
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
    JdbcStore store = database.existingTables(prefix).build();
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

    assertThatThrownBy(() -> database.existingTables(fresh).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(fresh + "schema_version")
        .hasMessageContaining("createSchema(true)");
  }

  // ---- abkit-testing's contract on each database

  @Nested
  class PostgresqlEvents extends Events {
    PostgresqlEvents() {
      super(TestDatabase.POSTGRESQL);
    }
  }

  @Nested
  class MariadbEvents extends Events {
    MariadbEvents() {
      super(TestDatabase.MARIADB);
    }
  }

  @Nested
  class H2Events extends Events {
    H2Events() {
      super(TestDatabase.H2);
    }
  }

  @Nested
  class PostgresqlAssignments extends Assignments {
    PostgresqlAssignments() {
      super(TestDatabase.POSTGRESQL);
    }
  }

  @Nested
  class MariadbAssignments extends Assignments {
    MariadbAssignments() {
      super(TestDatabase.MARIADB);
    }
  }

  @Nested
  class H2Assignments extends Assignments {
    H2Assignments() {
      super(TestDatabase.H2);
    }
  }

  /** One test's tables: a fresh prefix, dropped after the test if it was used. */
  private static final class Tables {
    private final TestDatabase db;
    private final String prefix = TestDatabase.freshPrefix();
    private boolean used;

    Tables(TestDatabase db) {
      this.db = db;
    }

    /** A store on these tables; the test is skipped (or fails under CI) if the database is down. */
    JdbcStore open() {
      db.requireReachable();
      used = true;
      return db.store(prefix).build();
    }

    OptionalLong rows(String table) throws SQLException {
      return OptionalLong.of(db.count("select count(*) from " + prefix + table));
    }

    void drop() throws SQLException {
      if (used) {
        db.dropTables(prefix);
      }
    }
  }

  /** Every store of a test shares its tables, as application instances share a database. */
  abstract static class Events extends EventStoreContract<JdbcStore> {
    private final Tables tables;

    Events(TestDatabase db) {
      this.tables = new Tables(db);
    }

    @Override
    protected JdbcStore newStore() {
      return tables.open();
    }

    @Override
    protected Optional<JdbcStore> anotherInstance() {
      return Optional.of(tables.open());
    }

    @Override
    protected OptionalLong storedExposures(JdbcStore store) throws SQLException {
      return tables.rows("exposures");
    }

    @Override
    protected OptionalLong storedEvents(JdbcStore store) throws SQLException {
      return tables.rows("events");
    }

    @Override
    protected void cleanUp() throws SQLException {
      tables.drop();
    }
  }

  /** As {@link Events}, for the sticky-assignment contract. */
  abstract static class Assignments extends AssignmentStoreContract<JdbcStore> {
    private final Tables tables;

    Assignments(TestDatabase db) {
      this.tables = new Tables(db);
    }

    @Override
    protected JdbcStore newStore() {
      return tables.open();
    }

    @Override
    protected Optional<JdbcStore> anotherInstance() {
      return Optional.of(tables.open());
    }

    @Override
    protected OptionalLong storedAssignments(JdbcStore store) throws SQLException {
      return tables.rows("assignments");
    }

    @Override
    protected void cleanUp() throws SQLException {
      tables.drop();
    }
  }
}
