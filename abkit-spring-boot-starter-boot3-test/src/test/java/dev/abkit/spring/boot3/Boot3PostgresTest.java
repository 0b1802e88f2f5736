package dev.abkit.spring.boot3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import dev.abkit.AbKit;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * On Boot 3.5 over a real Tomcat and the local PostgreSQL (schema and table prefix of this run's
 * own): pages assign and expose, the event endpoint records, both reach PostgreSQL, and the results
 * endpoint and health show them. Fails under CI=true when PostgreSQL is unreachable, skips
 * otherwise.
 */
@SpringBootTest(
    classes = DemoApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class Boot3PostgresTest {
  static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String USER = "postgres";
  static final String TOKEN = "test-token-0123456789abcdef";
  static final String PREFIX =
      "abkit_b3" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
  static final String SCHEMA = PREFIX + "s";

  @BeforeAll
  static void createSchema() {
    try (Connection c = DriverManager.getConnection(PG + "?connectTimeout=3", USER, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + SCHEMA);
    } catch (SQLException e) {
      String msg = "PostgreSQL at " + PG + " unreachable (" + e.getMessage() + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(msg + ": CI=true requires it");
      }
      Assumptions.abort(msg + ": skipping");
    }
  }

  @AfterAll
  static void dropSchema() {
    try (Connection c = DriverManager.getConnection(PG + "?connectTimeout=3", USER, "");
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    } catch (SQLException e) {
      // best effort: the schema name is unique to this run
    }
  }

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry r) {
    r.add("spring.datasource.url", () -> PG + "?currentSchema=" + SCHEMA);
    r.add("spring.datasource.username", () -> USER);
    r.add("abkit.store.jdbc.table-prefix", () -> PREFIX);
  }

  @LocalServerPort int port;
  @Autowired AbKit abkit;
  @Autowired JdbcTemplate jdbc;

  @Test
  void roundTripThroughPostgres() throws Exception {
    int visitors = 6;
    for (int i = 0; i < visitors; i++) {
      Http browser = new Http(port);
      HttpResponse<String> page = browser.get("/dashboard");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).matches("[A-Za-z0-9_-]+:[AB]");
      assertThat(browser.postJson("/abkit/events", "{\"event\": \"kpi_click\"}").statusCode())
          .isEqualTo(202);
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              abkit.flush();
              assertThat(count("exposures")).isEqualTo(visitors);
              assertThat(count("events")).isEqualTo(visitors);
            });
    assertThat(jdbc.queryForObject("SELECT current_schema() || ' ' || version()", String.class))
        .startsWith(SCHEMA + " PostgreSQL");

    HttpResponse<String> results = new Http(port).get("/abkit/results", TOKEN);
    assertThat(results.statusCode()).isEqualTo(200);
    assertThat(results.body()).contains("kpi_scorecard_layout");
    HttpResponse<String> health = new Http(port).get("/actuator/health/abkit");
    assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"store\":\"jdbc\"");
  }

  long count(String table) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM " + PREFIX + table, Long.class);
  }
}
