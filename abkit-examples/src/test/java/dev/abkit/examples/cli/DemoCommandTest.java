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
    assertThat(run.err()).contains("abkit demo: --jdbc-url must start with jdbc:");
  }

  @Test
  void demo_portOutOfRange_isAUsageError() {
    Cli.Run run = Cli.run("demo", "--port", "70000");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("abkit demo: --port must be in 0..65535, was 70000");
  }

  @Test
  void demo_shortToken_namesTheFlag() {
    Cli.Run run = Cli.run("demo", "--token", "short");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("abkit demo: --token (or ABKIT_TOKEN) must be at least 16 characters, was 5\n");
  }

  @Test
  void demo_portTaken_saysSoAndHowToChooseAnother() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Cli.Run run =
          Cli.run(
              "demo",
              "--host",
              "127.0.0.1",
              "--port",
              Integer.toString(taken.getLocalPort()),
              "--data-dir",
              java.nio.file.Files.createTempDirectory("abkit-demo-port").toString());
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err())
          .contains("the port is taken")
          .contains("choose another with --port")
          .doesNotContain("Exception");
    }
  }

  @Test
  void demo_dataDirOfARunningDemo_saysSoNamingTheDirectory() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("abkit-demo-lock");
    try (dev.abkit.examples.demo.DemoServer first =
        dev.abkit.examples.demo.DemoServer.start(
            dev.abkit.examples.demo.DemoOptions.embedded(dir).withToken("lock-token-0123456789"))) {
      Cli.Run run =
          Cli.run("demo", "--host", "127.0.0.1", "--port", "0", "--data-dir", dir.toString());
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err())
          .startsWith("abkit demo: the data directory " + dir.toAbsolutePath().normalize())
          .contains("in use by another abkit process")
          .doesNotContain("Exception");
      assertThat(first.abkit().metrics().dropped()).isZero();
    }
  }
}
