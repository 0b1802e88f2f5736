package dev.abkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.examples.demo.DemoOptions;
import dev.abkit.examples.demo.DemoServer;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
  private static final Pattern FINGERPRINT =
      Pattern.compile("assignment fingerprint ([0-9a-f]{16})");

  private static Cli.Run simulate(long seed) {
    return Cli.run("simulate", "--users", "300", "--seed", Long.toString(seed), "--no-progress");
  }

  private static String fingerprint(Cli.Run run) {
    Matcher m = FINGERPRINT.matcher(run.out());
    assertThat(m.find()).as("fingerprint line in %s", run.out()).isTrue();
    return m.group(1);
  }

  /** The rows of one experiment's first table (target event), from its heading to a blank line. */
  private static List<String> block(String out, String experiment) {
    int start = out.indexOf("Experiment " + experiment);
    assertThat(start).as("block of %s in %s", experiment, out).isNotNegative();
    String rest = out.substring(start);
    int end = rest.indexOf("\n\n");
    return List.of((end < 0 ? rest : rest.substring(0, end)).split("\n"));
  }

  @Test
  void simulate_inProcess_showsBsHigherRateAsSignificant_andRepeatsWithTheSameSeed() {
    Cli.Run first = simulate(20261123);
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("simulated 300 visitors").contains("0 failed requests");
    List<String> kpi = block(first.out(), "kpi_scorecard_layout");
    String b = kpi.stream().filter(l -> l.startsWith("B ")).findFirst().orElseThrow();
    assertThat(b).containsIgnoringCase("better");

    Cli.Run second = simulate(20261123);
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(fingerprint(second)).isEqualTo(fingerprint(first));
    // same visitors, same assignments, same conversions: the same table
    assertThat(block(second.out(), "kpi_scorecard_layout")).isEqualTo(kpi);
  }

  /** The part of the output after the summary line: the results table. */
  private static String table(Cli.Run run) {
    int start = run.out().indexOf("Experiment ");
    assertThat(start).as("a table in %s", run.out()).isNotNegative();
    return run.out().substring(start);
  }

  /**
   * Against a running demo, the table is the in-process run's: same seed, same visitors, same
   * table, rendered by the server in the same format (before, --base-url printed a compact table of
   * its own, without the metrics, intervals or heading).
   */
  @Test
  void simulate_baseUrl_printsTheSameTableAsTheInProcessRun(@TempDir Path dataDir)
      throws Exception {
    String token = "simulate-test-token-0123456789";
    String remoteTable;
    try (DemoServer demo = DemoServer.start(DemoOptions.embedded(dataDir).withToken(token))) {
      Cli.Run remote =
          Cli.run(
              "simulate",
              "--users",
              "300",
              "--seed",
              "7",
              "--no-progress",
              "--base-url",
              demo.baseUri().toString(),
              "--token",
              token);
      assertThat(remote.exitCode()).as(remote.err()).isZero();
      remoteTable = table(remote);
    }
    Cli.Run local = simulate(7);
    assertThat(local.exitCode()).as(local.err()).isZero();

    assertThat(remoteTable).startsWith("Experiment kpi_scorecard_layout (").isEqualTo(table(local));
  }

  /**
   * The table's rates are per visitor over all visits: a returning visitor draws twice, so the
   * expected rate is r + returning * (1 - r) * r, not r (the README says so). Seeded, so exact; the
   * bounds are 4 binomial standard errors around that expectation, and exclude r itself.
   */
  @Test
  void simulate_rates_arePerVisitorAndIncludeReturningVisits() {
    Cli.Run run =
        Cli.run(
            "simulate",
            "--users",
            "2000",
            "--seed",
            "11",
            "--rates",
            "A=0.3,B=0.3",
            "--returning",
            "0.5",
            "--no-progress");
    assertThat(run.exitCode()).as(run.err()).isZero();
    double expected = 0.3 + 0.5 * 0.7 * 0.3; // 0.405
    int arms = 0;
    for (String row : block(run.out(), "kpi_scorecard_layout")) {
      String[] cells = row.strip().split("\\s+");
      if (cells.length > 3 && (cells[0].equals("A") || cells[0].equals("B"))) {
        long exposures = Long.parseLong(cells[1]);
        long conversions = Long.parseLong(cells[2]);
        double rate = (double) conversions / exposures;
        double se = Math.sqrt(expected * (1 - expected) / exposures);
        assertThat(rate).as(row).isBetween(expected - 4 * se, expected + 4 * se);
        arms++;
      }
    }
    assertThat(arms).as("rows of A and B in %s", run.out()).isEqualTo(2);
  }

  @Test
  void simulate_badRates_isAUsageError() {
    Cli.Run run = Cli.run("simulate", "--rates", "A=1.5", "--no-progress");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("rate of A must be in 0..1, was 1.5");
  }

  @Test
  void progress_withoutATerminal_plainLinesWithoutAnsiCodes() {
    Cli.Run run = Cli.run("simulate", "--users", "40", "--seed", "3");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("visitors").doesNotContain("\u001b").doesNotContain("\r");
  }
}
