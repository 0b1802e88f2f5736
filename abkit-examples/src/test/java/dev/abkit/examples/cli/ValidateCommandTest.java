package dev.abkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.manifest.ManifestParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  /** The repository's example manifest; surefire runs with the module as working directory. */
  static final Path TESTS_JSON = Path.of("../tests.json");

  @TempDir Path dir;

  @Test
  void validate_exampleManifest_exitsZeroWithOneSummaryLine() {
    int experiments = ManifestParser.parse(TESTS_JSON).experiments().size();

    Cli.Run run = Cli.run("validate", TESTS_JSON.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines().get(0))
        .startsWith(TESTS_JSON + ": valid, " + experiments + " experiments (")
        .contains("running");
    assertThat(run.outLines().subList(1, run.outLines().size()))
        .allMatch(l -> l.startsWith("warning: "));
    assertThat(run.err()).isEmpty();
  }

  @Test
  void validate_manifestWithSeveralProblems_exitsOneListingEveryProblemOnItsOwnLine()
      throws IOException {
    Path broken = dir.resolve("broken.json");
    Files.writeString(
        broken,
        """
        {"experiments": [
          {"id": "fine", "variants": [{"key": "A"}, {"key": "B"}], "target_event": "click"},
          {"id": "bad id!", "variants": [{"key": "A", "weight": -5}, {"key": "B"}],
           "target_event": "click", "traffic": 2},
          {"id": "lonely", "variants": [{"key": "A"}], "target_event": "click",
           "status": "exploded"}
        ]}
        """);

    Cli.Run run = Cli.run("validate", broken.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.outLines())
        .anyMatch(l -> l.startsWith("experiments[1].id: ") && l.endsWith(", was \"bad id!\""))
        .anyMatch(
            l -> l.startsWith("experiments[1].variants[0].weight: ") && l.endsWith(", was -5"))
        .anyMatch(l -> l.startsWith("experiments[1].traffic: ") && l.endsWith(", was 2"))
        .anyMatch(l -> l.startsWith("experiments[2].variants: "))
        .anyMatch(l -> l.startsWith("experiments[2].status: ") && l.endsWith(", was \"exploded\""))
        .allMatch(l -> l.matches("\\S+: .+"));
    assertThat(run.err())
        .isEqualTo(broken + ": invalid manifest, " + run.outLines().size() + " problems" + "\n");
  }

  @Test
  void validate_invalidMetricObject_exitsOneNamingEachKeyWithItsPath() throws IOException {
    Path broken = dir.resolve("metrics.json");
    Files.writeString(
        broken,
        """
        {"experiments": [
          {"id": "checkout", "variants": [{"key": "A"}, {"key": "B"}], "target_event": "buy",
           "metrics": ["view", {"name": "aov", "type": "ratio", "numerator": "purchase",
                                "window": "-P1D"}],
           "multiple_testing": "fdr"}
        ]}
        """);

    Cli.Run run = Cli.run("validate", broken.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.outLines())
        .containsExactly(
            "experiments[0].metrics[1].denominator: is required for type ratio",
            "experiments[0].metrics[1].window: must be a positive ISO-8601 duration such as"
                + " \"P7D\", was \"-P1D\"",
            "experiments[0].multiple_testing: must be one of holm, bh, none, was \"fdr\"");
    assertThat(run.err()).isEqualTo(broken + ": invalid manifest, 3 problems\n");
  }

  @Test
  void validate_metricObjects_areValidAndTheirUnknownKeysWarnings() throws IOException {
    Path manifest = dir.resolve("objects.json");
    Files.writeString(
        manifest,
        """
        {"experiments": [
          {"id": "checkout", "variants": [{"key": "A"}, {"key": "B"}],
           "target_event": {"event": "buy", "window": "P7D"},
           "metrics": [{"event": "purchase", "name": "revenue", "type": "sum", "windw": "P7D"}],
           "cuped": {"pre_period": "P14D"}, "dimensions": ["platform"]}
        ]}
        """);

    Cli.Run run = Cli.run("validate", manifest.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines())
        .containsExactly(
            manifest + ": valid, 1 experiment (1 running), 1 warning",
            "warning: experiments[0].metrics[0].windw: unknown field, ignored; did you mean"
                + " \"window\"?");
  }

  @Test
  void validate_invalidManifest_alsoListsTheWarningThatExplainsTheProblem() throws IOException {
    Path typo = dir.resolve("typo.json");
    Files.writeString(
        typo,
        """
        {"experiments": [
          {"id": "checkout", "variants": [{"key": "A"}, {"key": "B"}], "tarket_event": "buy"}
        ]}
        """);

    Cli.Run run = Cli.run("validate", typo.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.outLines())
        .containsExactly(
            "experiments[0].target_event: is required when status is running",
            "warning: experiments[0].tarket_event: unknown field, ignored; did you mean"
                + " \"target_event\"?");
    assertThat(run.err()).isEqualTo(typo + ": invalid manifest, 1 problem, 1 warning\n");
  }

  @Test
  void validate_malformedJson_namesLineAndColumnInPlainWords() throws IOException {
    Path malformed = dir.resolve("malformed.json");
    Files.writeString(
        malformed,
        """
        {"experiments": [
          {"id": "checkout", "variants": [{"key": "A"}, {"key": "B"}] "target_event": "buy"}
        ]}
        """);

    Cli.Run run = Cli.run("validate", malformed.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.outLines())
        .containsExactly(
            "line 2, column 63: malformed JSON: unexpected '\"', expected ',' or '}' after a"
                + " field's value");
    assertThat(run.err()).isEqualTo(malformed + ": invalid manifest, 1 problem\n");
  }

  @Test
  void validate_missingFile_exitsOneNamingTheFile() {
    Path missing = dir.resolve("nope.json");

    Cli.Run run = Cli.run("validate", missing.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("abkit validate: no such file: " + missing + "\n");
  }

  @Test
  void validate_directory_exitsOneSayingItIsNotAFile() {
    Cli.Run run = Cli.run("validate", dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("not a regular file: " + dir);
  }

  @Test
  void validate_withoutFile_isAUsageError() {
    Cli.Run run = Cli.run("validate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required parameter: 'FILE'").contains("Usage:");
  }

  @Test
  void abkit_withoutSubcommand_isAUsageErrorListingTheCommands() {
    Cli.Run run = Cli.run();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required subcommand").contains("validate");
  }

  @Test
  void abkit_unknownOption_isAUsageError() {
    Cli.Run run = Cli.run("--frobnicate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option: '--frobnicate'");
  }

  @Test
  void abkit_version_printsTheBuildVersionAndJava() {
    Cli.Run run = Cli.run("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines().get(0)).matches("abkit \\d+\\.\\d+\\.\\d+.*");
    assertThat(run.outLines().get(1)).startsWith("Java " + System.getProperty("java.version"));
  }
}
