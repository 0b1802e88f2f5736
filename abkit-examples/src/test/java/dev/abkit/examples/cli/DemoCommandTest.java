package dev.abkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoCommandTest {
  @Test
  void help_listsEveryRoute() {
    Cli.Run run = Cli.run("demo", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("/api/experiments/dashboard", "/api/experiments/pricing-view")
        .contains("/api/experiments/events", "/api/experiments/results")
        .contains("/api/experiments/config", "/api/health", "/api/admin/counts")
        .contains("--jdbc-url", "--data-dir", "--token", "--manifest", "--table-prefix");
  }

  @Test
  void demo_jdbcUrlWithoutJdbcScheme_isAUsageError() {
    Cli.Run run = Cli.run("demo", "--jdbc-url", "postgresql://localhost/test");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("jdbc-url must start with jdbc:");
  }

  @Test
  void demo_portOutOfRange_isAUsageError() {
    Cli.Run run = Cli.run("demo", "--port", "70000");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("port must be in 0..65535, was 70000");
  }
}
