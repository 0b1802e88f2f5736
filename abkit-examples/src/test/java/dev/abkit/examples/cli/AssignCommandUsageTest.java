package dev.abkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code abkit assign} usage and file errors: caught before any unit is assigned. */
class AssignCommandUsageTest {
  static final Path TESTS_JSON = ValidateCommandTest.TESTS_JSON;

  @TempDir Path dir;

  @Test
  void unit_andUnitsFileTogether_isAUsageError() {
    Cli.Run run =
        Cli.run(
            "assign", "--manifest", "" + TESTS_JSON, "--unit", "u", "--units-file", "units.jsonl");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith(
            "--units-file cannot be combined with --unit or --attr: give one unit or a file\n");
  }

  @Test
  void attr_withoutEquals_isAUsageErrorQuotingTheValue() {
    Cli.Run run =
        Cli.run("assign", "--manifest", "" + TESTS_JSON, "--unit", "u", "--attr", "platform");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("expected KEY=VALUE, was 'platform'");
  }

  @Test
  void attr_withoutUnit_isAUsageError() {
    Cli.Run run = Cli.run("assign", "--manifest", "" + TESTS_JSON, "--attr", "a=b");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("--attr needs --unit ID\n");
  }

  @Test
  void neitherUnitNorUnitsFile_isAUsageError() {
    Cli.Run run = Cli.run("assign", "--manifest", "" + TESTS_JSON);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("Missing --unit ID or --units-file FILE");
  }

  @Test
  void missingManifest_exitsOneNamingTheFile() {
    Cli.Run run = Cli.run("assign", "--manifest", "nope.json", "--unit", "u");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("abkit assign: no such file: nope.json\n");
  }

  @Test
  void missingUnitsFile_exitsOneNamingTheFile() {
    Path missing = dir.resolve("units.jsonl");

    Cli.Run run =
        Cli.run("assign", "--manifest", TESTS_JSON.toString(), "--units-file", "" + missing);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("abkit assign: no such file: " + missing + "\n");
  }

  @Test
  void blankUnit_isAUsageErrorNamingTheOption() {
    Cli.Run run = Cli.run("assign", "--manifest", "" + TESTS_JSON, "--unit", " ");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("--unit: unit id must not be blank\n");
  }
}
