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

  /**
   * The banner names the results page's browser URL and how to sign in; a token the operator gave
   * is not echoed, nor is a curl line with an Authorization header (pasting it failed when the
   * token was given on the command line).
   */
  @Test
  void banner_givesTheResultsPageUrl_andEchoesOnlyAMadeUpToken() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("abkit-demo-banner");
    String given = "banner-token-0123456789";
    DemoCommand withToken = new DemoCommand();
    new picocli.CommandLine(withToken).parseArgs("--data-dir", dir.toString(), "--token", given);
    DemoCommand withoutToken = new DemoCommand();
    new picocli.CommandLine(withoutToken).parseArgs("--data-dir", dir.toString());
    try (dev.abkit.examples.demo.DemoServer server =
        dev.abkit.examples.demo.DemoServer.start(
            dev.abkit.examples.demo.DemoOptions.embedded(dir).withToken(given))) {
      java.io.StringWriter text = new java.io.StringWriter();
      withToken.banner(new java.io.PrintWriter(text, true), server);
      assertThat(text.toString())
          .contains(
              "  results:  open "
                  + server.uri(dev.abkit.examples.demo.DemoServer.RESULTS)
                  + ".html and sign in with your token\n")
          .doesNotContain(given)
          .doesNotContain("curl")
          .doesNotContain("Authorization");

      if (System.getenv("ABKIT_TOKEN") != null) {
        return; // --token defaults to ABKIT_TOKEN: with it set, no token is made up
      }
      java.io.StringWriter made = new java.io.StringWriter();
      withoutToken.banner(new java.io.PrintWriter(made, true), server);
      assertThat(made.toString())
          .contains(".html and sign in with the token " + server.token() + " (random;");
    }
  }
}
