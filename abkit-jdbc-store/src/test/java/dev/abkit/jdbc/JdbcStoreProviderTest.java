package dev.abkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abkit.spi.OpenedStore;
import dev.abkit.spi.StoreCredentials;
import dev.abkit.spi.StoreProviders;
import java.sql.DriverManager;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code jdbc:} specs, as web.xml's {@code abkit.store} gives them, through the ServiceLoader. */
class JdbcStoreProviderTest {

  private static String h2Url() {
    return "jdbc:h2:mem:abkit_spi_"
        + UUID.randomUUID().toString().replace("-", "")
        + ";DB_CLOSE_DELAY=-1";
  }

  @Test
  void open_jdbcSpec_opensOneJdbcStoreAsBothStoresWithTheSchemaCreated() throws Exception {
    String url = h2Url();
    try (OpenedStore opened = StoreProviders.open(url, new StoreCredentials("sa", ""))) {
      assertThat(opened.events()).isInstanceOf(JdbcStore.class);
      assertThat(opened.assignments()).containsSame((JdbcStore) opened.events());
      assertThat(opened.assignments().orElseThrow().getOrPut("exp", "u1", "salt", "B"))
          .isEqualTo("B");
    }
    try (var c = DriverManager.getConnection(url, "sa", "");
        var rs = c.createStatement().executeQuery("select variant from abkit_assignments")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("B");
    }
  }

  @Test
  void open_credentials_areTheOnesTheStoreConnectsWith() throws Exception {
    // H2 makes the first user to connect to a new database its owner: after the store opened it
    // with "owner", only that user's password gets in.
    String url = h2Url();
    try (OpenedStore opened = StoreProviders.open(url, new StoreCredentials("owner", "pw"))) {
      assertThat(opened.events()).isInstanceOf(JdbcStore.class);
      assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", "").close())
          .hasMessageContaining("Wrong user name or password");
      try (var c = DriverManager.getConnection(url, "owner", "pw");
          var rs = c.createStatement().executeQuery("select count(*) from abkit_schema_version")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(1);
      }
    }
  }

  /** A driver class given with the credentials is the one loaded; a missing one is named. */
  @Test
  void open_driverClassName_loadedOrNamedWhenMissing() throws Exception {
    try (OpenedStore opened =
        StoreProviders.open(h2Url(), new StoreCredentials("sa", "", "org.h2.Driver"))) {
      assertThat(opened.events()).isInstanceOf(JdbcStore.class);
    }
    assertThatThrownBy(
            () ->
                StoreProviders.open(
                    h2Url(), new StoreCredentials("sa", "", "com.example.NoSuchDriver")))
        .hasMessageContaining("com.example.NoSuchDriver");
  }

  @Test
  void open_jdbcSpecOfAnUnknownDatabase_failsAskingForTheDialect() {
    assertThatThrownBy(() -> StoreProviders.open("jdbc:oracle:thin:@x", StoreCredentials.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set dialect(...)");
  }
}
