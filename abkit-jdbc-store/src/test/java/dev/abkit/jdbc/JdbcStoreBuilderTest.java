package dev.abkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The builder's validation and the printable schema; no database needed. */
class JdbcStoreBuilderTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Abkit_",
        "1abc",
        "ab-kit",
        "ab kit",
        "a;drop table x",
        "abcdefghijklmnopqrstuvwxyz0123456"
      })
  void tablePrefix_invalid_isRejectedNamingTheSetting(String prefix) {
    assertThatThrownBy(() -> JdbcStore.builder().tablePrefix(prefix))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tablePrefix must match [a-z][a-z0-9_]{0,30}")
        .hasMessageContaining("was \"" + prefix + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "abkit_", "shop_ab_2026_", "abcdefghijklmnopqrstuvwxyz01234"})
  void tablePrefix_valid_isAccepted(String prefix) {
    JdbcStore.builder().tablePrefix(prefix);
  }

  /**
   * The identity names the tables (URL and prefix) without credentials, so a journal shared by two
   * apps by mistake is replayed only into its own store.
   */
  @Test
  void identity_urlAndPrefix_withoutCredentials() {
    assertThat(
            JdbcStore.withoutCredentials(
                "jdbc:postgresql://app:s3cret@db:5432/shop?user=app&password=s3cret"))
        .isEqualTo("jdbc:postgresql://db:5432/shop");
    assertThat(JdbcStore.withoutCredentials("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1"))
        .isEqualTo("jdbc:h2:mem:x");
    String url = "jdbc:h2:mem:identity_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    try (JdbcStore a = JdbcStore.builder().url(url).tablePrefix("a_").createSchema(true).build();
        JdbcStore b = JdbcStore.builder().url(url).tablePrefix("b_").createSchema(true).build()) {
      assertThat(a.identity()).isPresent().isNotEqualTo(b.identity());
      assertThat(a.identity().orElseThrow()).startsWith("jdbc:h2:mem:identity_").endsWith(" a_");
    }
  }

  @Test
  void setters_badValues_areRejectedNamingTheSetting() {
    assertThatThrownBy(() -> JdbcStore.builder().maximumPoolSize(0))
        .hasMessageContaining("maximumPoolSize must be 1..100, was 0");
    assertThatThrownBy(() -> JdbcStore.builder().connectionTimeout(Duration.ofMillis(10)))
        .hasMessageContaining("connectionTimeout must be at least 250ms");
    assertThatThrownBy(() -> JdbcStore.builder().url("postgres://x"))
        .hasMessageContaining("url must start with jdbc:");
  }

  /** A setting given twice is refused naming the first value, but never a URL or a password. */
  @Test
  void setters_givenTwice_refusedNamingTheFirstValue() {
    JdbcStore.Builder b =
        JdbcStore.builder()
            .url("jdbc:postgresql://db/app?password=secret")
            .password("secret")
            .tablePrefix("app_");
    assertThatThrownBy(() -> b.tablePrefix("other_"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("tablePrefix was already set to app_");
    assertThatThrownBy(() -> b.url("jdbc:h2:mem:x"))
        .hasMessage("url was already set to a URL")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> b.password("other"))
        .hasMessage("password was already set to a password");
  }

  @Test
  void build_withoutUrlOrDataSource_fails() {
    assertThatThrownBy(() -> JdbcStore.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("set exactly one of url and dataSource");
  }

  @Test
  void build_unknownUrlWithoutDialect_asksForTheDialect() {
    assertThatThrownBy(() -> JdbcStore.builder().url("jdbc:oracle:thin:@x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set dialect(...)");
  }

  @Test
  void build_withDataSource_detectsTheDialectAndLeavesTheDataSourceOpen() throws Exception {
    var ds = new org.h2.jdbcx.JdbcDataSource();
    ds.setURL("jdbc:h2:mem:abkit_ds_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    try (JdbcStore store = JdbcStore.builder().dataSource(ds).createSchema(true).build()) {
      assertThat(store.dialect()).isEqualTo(Dialect.H2);
      assertThat(store.getOrPut("exp", "u1", "salt", "B")).isEqualTo("B");
      store.close(); // idempotent: try-with-resources closes it again
    }
    try (var c = ds.getConnection();
        var rs = c.createStatement().executeQuery("select count(*) from abkit_assignments")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1);
    }
  }

  @Test
  void build_dataSourceWithCredentials_isRejected() {
    assertThatThrownBy(
            () ->
                JdbcStore.builder()
                    .dataSource(new org.h2.jdbcx.JdbcDataSource())
                    .username("sa")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("username, password and driverClassName go with url");
  }

  @Test
  void driverInvisibleToDriverManager_stillConnects_asOnTomcatWithTheDriverInWebInfLib()
      throws Exception {
    java.sql.Driver h2 = java.sql.DriverManager.getDriver("jdbc:h2:mem:x");
    java.sql.DriverManager.deregisterDriver(h2);
    try {
      assertThatThrownBy(() -> java.sql.DriverManager.getDriver("jdbc:h2:mem:x"))
          .as("DriverManager no longer sees H2")
          .isInstanceOf(java.sql.SQLException.class);
      for (JdbcStore.Builder b :
          java.util.List.of(
              JdbcStore.builder(), JdbcStore.builder().driverClassName("org.h2.Driver"))) {
        try (JdbcStore store =
            b.url("jdbc:h2:mem:abkit_driver_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1")
                .password(System.getenv("ABKIT_UNSET_PASSWORD_VARIABLE"))
                .createSchema(true)
                .build()) {
          store.ping(); // throws "No suitable driver" when the driver cannot be found
        }
      }
    } finally {
      java.sql.DriverManager.registerDriver(h2);
    }
  }

  @Test
  void driverClassName_unknown_isRejectedNamingTheJarToAdd() {
    assertThatThrownBy(
            () ->
                JdbcStore.builder()
                    .url("jdbc:h2:mem:abkit_nodriver")
                    .driverClassName("com.example.NoSuchDriver")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "driverClassName: no class com.example.NoSuchDriver on the class path; add the JDBC"
                + " driver's jar to the application");
  }

  @Test
  void write_afterClose_fails() throws Exception {
    JdbcStore store =
        JdbcStore.builder()
            .url("jdbc:h2:mem:abkit_closed_" + System.nanoTime())
            .createSchema(true)
            .build();
    store.close();
    var exposure = new dev.abkit.event.Exposure("u1", "exp", "A", java.time.Instant.EPOCH);
    assertThatThrownBy(() -> store.write(java.util.List.of(exposure)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the JdbcStore is closed");
  }

  @Test
  void fromUrl_knownDrivers_detectTheDialect() {
    assertThat(Dialect.fromUrl("jdbc:postgresql://h/db")).contains(Dialect.POSTGRESQL);
    assertThat(Dialect.fromUrl("jdbc:mariadb://h/db")).contains(Dialect.MARIADB);
    assertThat(Dialect.fromUrl("jdbc:mysql://h/db")).contains(Dialect.MARIADB);
    assertThat(Dialect.fromUrl("jdbc:h2:mem:x")).contains(Dialect.H2);
    assertThat(Dialect.fromUrl("jdbc:sqlite:x")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void schemaSql_everyDialect_createsFourPrefixedTablesIdempotently(Dialect dialect) {
    String ddl = JdbcStore.schemaSql(dialect, "shop_");

    assertThat(ddl)
        .contains("create table if not exists shop_exposures")
        .contains("create table if not exists shop_events")
        .contains("create table if not exists shop_assignments")
        .contains("create table if not exists shop_schema_version")
        .contains("primary key (experiment, unit)")
        .contains("shop_events_name_unit_ts")
        .doesNotContain("abkit_");
    assertThat(ddl.split(";\n")).allMatch(s -> s.isBlank() || s.contains("if not exists"));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void tables_areTheTablesTheSchemaCreates(Dialect dialect) {
    java.util.List<String> created = new java.util.ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("create (?:unlogged )?table if not exists (\\w+) \\(")
            .matcher(JdbcStore.schemaSql(dialect, "shop_"));
    while (m.find()) {
      created.add(m.group(1));
    }

    assertThat(JdbcStore.tables(dialect, "shop_"))
        .containsExactlyInAnyOrderElementsOf(created)
        .contains("shop_exposures", "shop_events", "shop_schema_version");
    assertThat(JdbcStore.tables(dialect, "shop_").contains("shop_rollup_totals"))
        .isEqualTo(dialect == Dialect.POSTGRESQL);
    assertThatThrownBy(() -> JdbcStore.tables(dialect, "Shop"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void schemaSql_changeTrackingAndRollupTables_onPostgresqlOnly(Dialect dialect) {
    String ddl = JdbcStore.schemaSql(dialect, "shop_");

    if (dialect == Dialect.POSTGRESQL) {
      assertThat(ddl)
          .contains("create table if not exists shop_rollups (")
          .contains("create table if not exists shop_rollup_units (")
          .contains("primary key (rollup, unit)")
          .contains("create index if not exists shop_exposures_txid on shop_exposures using brin")
          .contains("create index if not exists shop_events_txid on shop_events using brin")
          .contains(
              "create index if not exists shop_exposure_attributes_txid on"
                  + " shop_exposure_attributes using brin");
      assertThat(ddl.split("txid bigint default txid_current\\(\\) null,", -1)).hasSize(4);
    } else {
      assertThat(ddl).doesNotContain("txid").doesNotContain("rollup");
    }
  }
}
