package dev.abkit.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.abkit.event.Exposure;
import dev.abkit.jdbc.Dialect;
import dev.abkit.jdbc.JdbcStore;
import dev.abkit.jdbc.internal.Sql;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** abkit's Flyway run beside an application's, on a fresh schema and over tables the store made. */
class FlywaySchemaMigrationTest {
  final HikariDataSource ds = new HikariDataSource();
  final JdbcTemplate jdbc = new JdbcTemplate(ds);

  FlywaySchemaMigrationTest() throws Exception {
    ds.setJdbcUrl("jdbc:h2:mem:fsm" + UUID.randomUUID().toString().replace("-", ""));
    // the application's own table, as its migrations would have made it
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("create table app_orders (id bigint primary key)");
    }
  }

  @AfterEach
  void close() {
    ds.close();
  }

  boolean migrate() {
    Flyway app = Flyway.configure().dataSource(ds).load();
    return new FlywaySchemaMigration(app).migrate(Dialect.H2);
  }

  List<String> history() {
    return jdbc.queryForList(
        "select \"type\" || ' ' || \"version\" from \""
            + FlywaySchemaMigration.HISTORY_TABLE
            + "\" where \"version\" is not null order by \"installed_rank\"",
        String.class);
  }

  @Test
  void besideTheApplicationsTablesEveryScriptRuns() throws Exception {
    assertThat(migrate()).isTrue();
    assertThat(history()).startsWith("BASELINE 0", "SQL 1");
    try (JdbcStore store = JdbcStore.builder().dataSource(ds).createSchema(false).build()) {
      store.write(List.of(new Exposure("u1", "exp", "B", Instant.now())));
    }
  }

  @Test
  void overTablesTheStoreCreatedOnlyLaterScriptsRun() throws Exception {
    try (JdbcStore store = JdbcStore.builder().dataSource(ds).createSchema(true).build()) {
      store.write(List.of(new Exposure("u1", "exp", "B", Instant.now())));
    }
    assertThat(FlywaySchemaMigration.storeCreatedVersion(ds, null)).isEqualTo(Sql.SCHEMA_VERSION);

    assertThat(migrate()).isTrue();

    assertThat(history()).first().isEqualTo("BASELINE " + Sql.SCHEMA_VERSION);
    assertThat(history()).noneMatch(h -> h.equals("SQL 1"));
    assertThat(jdbc.queryForObject("select count(*) from abkit_exposures", Long.class))
        .isEqualTo(1L);
  }

  @Test
  void noStoreTablesMeansVersionZero() {
    assertThat(FlywaySchemaMigration.storeCreatedVersion(ds, null)).isZero();
  }
}
