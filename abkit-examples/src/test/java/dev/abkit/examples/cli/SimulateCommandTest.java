package dev.abkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

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
