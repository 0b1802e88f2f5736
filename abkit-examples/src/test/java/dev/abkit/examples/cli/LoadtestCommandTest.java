package dev.abkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.abkit.examples.demo.DemoOptions;
import dev.abkit.examples.demo.DemoServer;
import dev.abkit.jdbc.Dialect;
import dev.abkit.jdbc.JdbcStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadtestCommandTest {
  private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static final Pattern TOTAL = Pattern.compile("(?m)^total\\s+(\\d+)\\s+(\\d+)\\s");

  @TempDir Path dir;

  private static void assertCleanRun(Cli.Run run) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    Matcher m = TOTAL.matcher(run.out());
    assertThat(m.find()).as(run.out()).isTrue();
    assertThat(Long.parseLong(m.group(1))).as("requests").isPositive();
    assertThat(Long.parseLong(m.group(2))).as("errors").isZero();
    assertThat(run.out())
        .containsPattern("store check: exposures acknowledged [1-9]\\d*, stored \\d+: OK")
        .containsPattern("store check: events accepted [1-9]\\d*, stored \\d+: OK")
        .contains("p50 ms", "p95 ms", "p99 ms");
  }

  @Test
  void loadtest_inProcessH2_noErrors_storeHoldsExactlyWhatSucceeded() {
    assertCleanRun(Cli.run("loadtest", "--workers", "4", "--duration", "3s"));
  }

  @Test
  void loadtest_maxRequests_boundsTheRun() {
    Cli.Run run =
        Cli.run("loadtest", "--workers", "2", "--duration", "30s", "--max-requests", "200");
    assertCleanRun(run);
    Matcher m = TOTAL.matcher(run.out());
    assertThat(m.find()).isTrue();
    assertThat(Long.parseLong(m.group(1))).isEqualTo(200);
  }

  @Test
  void loadtest_againstDemoOnPostgres_noErrors_countsMatch() throws Exception {
    requirePostgres();
    String prefix = "lt" + Long.toHexString(System.nanoTime()) + "_";
    DemoOptions options = DemoOptions.embedded(dir).withJdbc(PG, null, null, prefix);
    try (DemoServer demo = DemoServer.start(options)) {
      assertCleanRun(
          Cli.run(
              "loadtest",
              "--workers",
              "4",
              "--duration",
              "3s",
              "--base-url",
              demo.baseUri().toString(),
              "--token",
              demo.token()));
    } finally {
      dropTables(prefix);
    }
  }

  @Test
  void loadtest_nonLoopbackBaseUrl_isRefusedWithAClearError() {
    Cli.Run run =
        Cli.run("loadtest", "--base-url", "http://192.0.2.1:8080", "--token", "x".repeat(20));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("only runs against loopback").contains("192.0.2.1");
  }

  @Test
  void loadtest_badDuration_isAUsageError() {
    Cli.Run run = Cli.run("loadtest", "--duration", "soon");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'soon' is not a duration");
  }

  static void requirePostgres() {
    try (Connection c = DriverManager.getConnection(PG)) {
      c.isValid(2);
    } catch (SQLException e) {
      if ("true".equals(System.getenv("CI"))) {
        fail("PostgreSQL at " + PG + " is required under CI=true: " + e.getMessage());
      }
      assumeTrue(false, "PostgreSQL at " + PG + " not reachable, skipping: " + e.getMessage());
    }
  }

  private static void dropTables(String prefix) throws SQLException {
    try (Connection c = DriverManager.getConnection(PG);
        Statement s = c.createStatement()) {
      for (String table : JdbcStore.tables(Dialect.POSTGRESQL, prefix)) {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }
}
