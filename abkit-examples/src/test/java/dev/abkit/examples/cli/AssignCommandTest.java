package dev.abkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.AbKit;
import dev.abkit.Assignment;
import dev.abkit.Unit;
import dev.abkit.examples.Main;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Manifest;
import dev.abkit.manifest.ManifestParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssignCommandTest {
  static final Path TESTS_JSON = ValidateCommandTest.TESTS_JSON;
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Manifest manifest;
  AbKit abkit;

  @BeforeEach
  void setUp() {
    manifest = ManifestParser.parse(TESTS_JSON);
    abkit = AbKit.builder().manifest(manifest).build();
  }

  @AfterEach
  void tearDown() {
    abkit.close();
  }

  @Test
  void unitsFile_writesOneLinePerInputLineInOrder_withAnErrorLineForMalformedInput()
      throws IOException {
    List<String> input = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      input.add(
          i % 3 == 0
              ? "{\"unit\":\"user-" + i + "\",\"attributes\":{\"platform\":\"ios\"}}"
              : "{\"unit\":\"user-" + i + "\"}");
    }
    input.set(57, "{\"unit\": \"user-57\", \"attributes\": "); // truncated JSON
    input.set(120, "[1, 2, 3]"); // not an object
    input.set(150, "{\"attributes\": {}}"); // no unit
    Path units = dir.resolve("units.jsonl");
    Files.write(units, input);

    Cli.Run run =
        Cli.run("assign", "--manifest", TESTS_JSON.toString(), "--units-file", "" + units);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("3 of 200 input lines were malformed");
    List<String> output = run.outLines();
    assertThat(output).hasSize(input.size());
    for (int i = 0; i < input.size(); i++) {
      JsonNode line = JSON.readTree(output.get(i));
      if (i == 57 || i == 120 || i == 150) {
        assertThat(line.get("line").asInt()).isEqualTo(i + 1);
        assertThat(line.get("error").asText()).isNotBlank();
        assertThat(line.has("assignments")).isFalse();
        continue;
      }
      String id = "user-" + i;
      Map<String, Object> attributes = i % 3 == 0 ? Map.of("platform", "ios") : Map.of();
      assertThat(line.get("unit").asText()).isEqualTo(id);
      assertAssignments(line.get("assignments"), Unit.of(id, attributes));
    }
    assertThat(JSON.readTree(output.get(57)).get("error").asText()).startsWith("malformed JSON");
    assertThat(JSON.readTree(output.get(120)).get("error").asText())
        .isEqualTo("expected a JSON object {\"unit\": ID, ...}, was an array");
    assertThat(JSON.readTree(output.get(150)).get("error").asText())
        .isEqualTo("unit: required, was missing");
  }

  @Test
  void unitsFile_allLinesValid_exitsZeroWithNothingOnStderr() throws IOException {
    Path units = dir.resolve("units.jsonl");
    Files.write(units, List.of("{\"unit\":\"a\"}", "{\"unit\":42,\"extra\":[1,{\"x\":2}]}"));

    Cli.Run run =
        Cli.run("assign", "--manifest", TESTS_JSON.toString(), "--units-file", "" + units);

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.outLines()).hasSize(2);
    JsonNode numeric = JSON.readTree(run.outLines().get(1));
    assertThat(numeric.get("unit").asText()).isEqualTo("42");
    assertAssignments(numeric.get("assignments"), Unit.of("42"));
  }

  @Test
  void unitsFile_blankUnitOrBadAttributes_giveErrorLinesNamingTheField() throws IOException {
    Path units = dir.resolve("units.jsonl");
    Files.write(
        units,
        List.of(
            "{\"unit\":\"  \"}",
            "{\"unit\":\"u1\",\"attributes\":[1]}",
            "{\"unit\":true}",
            "",
            "{\"unit\":\"u2\"} trailing"));

    Cli.Run run =
        Cli.run("assign", "--manifest", TESTS_JSON.toString(), "--units-file", "" + units);

    assertThat(run.exitCode()).isEqualTo(1);
    List<JsonNode> lines = new ArrayList<>();
    for (String l : run.outLines()) {
      lines.add(JSON.readTree(l));
    }
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0).get("error").asText()).startsWith("unit: ");
    assertThat(lines.get(1).get("unit").asText()).isEqualTo("u1");
    assertThat(lines.get(1).get("error").asText())
        .isEqualTo("attributes: must be an object, was an array");
    assertThat(lines.get(2).get("error").asText()).isEqualTo("unit: must be a string, was true");
    assertThat(lines.get(3).get("error").asText()).startsWith("empty line");
    assertThat(lines.get(4).get("error").asText()).startsWith("malformed JSON");
    assertThat(lines).allMatch(l -> l.has("line") && l.has("error"));
  }

  @Test
  void unit_withAttributes_printsATableRowPerExperimentInManifestOrder() {
    Cli.Run run =
        Cli.run(
            "assign",
            "--manifest",
            TESTS_JSON.toString(),
            "--unit",
            "user-7",
            "--attr",
            "platform=ios",
            "--attr",
            "app_version=1.2.0");

    assertThat(run.exitCode()).isZero();
    List<String> lines = run.outLines();
    assertThat(lines.get(0)).matches("experiment\\s+variant\\s+served\\s+reason");
    Unit unit = Unit.of("user-7", Map.of("platform", "ios", "app_version", "1.2.0"));
    assertThat(lines).hasSize(manifest.experiments().size() + 1);
    for (int i = 0; i < manifest.experiments().size(); i++) {
      Assignment a = abkit.assign(manifest.experiments().get(i).id(), unit);
      assertThat(lines.get(i + 1).split("\\s+"))
          .containsExactly(
              a.experiment(),
              a.variant() == null ? "-" : a.variant(),
              a.served() == null ? "-" : a.served(),
              a.reason().name().toLowerCase(Locale.ROOT));
    }
  }

  @Test
  void unit_attributeDecidesTargeting_jsonFormatShowsTheDifference() throws IOException {
    Experiment targeted =
        manifest.experiments().stream()
            .filter(e -> e.targeting().containsKey("platform"))
            .findFirst()
            .orElseThrow();

    JsonNode ios =
        JSON.readTree(
            Cli.run(
                    "assign",
                    "--manifest",
                    TESTS_JSON.toString(),
                    "--unit",
                    "user-7",
                    "--attr",
                    "platform=ios",
                    "--format",
                    "json")
                .out());
    JsonNode web =
        JSON.readTree(
            Cli.run(
                    "assign",
                    "--manifest",
                    TESTS_JSON.toString(),
                    "--unit",
                    "user-7",
                    "--attr",
                    "platform=web",
                    "--format",
                    "json")
                .out());

    assertThat(ios.get("assignments").get(targeted.id()).get("reason").asText())
        .isNotEqualTo("targeting_mismatch");
    assertThat(web.get("assignments").get(targeted.id()).get("reason").asText())
        .isEqualTo("targeting_mismatch");
    assertThat(web.get("assignments").get(targeted.id()).get("variant").isNull()).isTrue();
  }

  @Test
  void unitsFile_outputClosedEarly_stopsReadingAndExitsOne() throws IOException {
    Path units = dir.resolve("units.jsonl");
    List<String> input = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      input.add("{\"unit\":\"user-" + i + "\"}");
    }
    Files.write(units, input);
    // Like a pipe into `head`: accepts 100 kB, then fails every write.
    Writer closesEarly =
        new Writer() {
          long written;

          @Override
          public void write(char[] buf, int off, int len) throws IOException {
            written += len;
            if (written > 100_000) {
              throw new IOException("Broken pipe");
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    StringWriter err = new StringWriter();

    int code =
        Main.commandLine(new PrintWriter(closesEarly), new PrintWriter(err, true))
            .execute("assign", "--manifest", TESTS_JSON.toString(), "--units-file", "" + units);

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).isEqualTo("abkit assign: output closed after 8192 lines; stopped\n");
  }

  /** {@code node} holds exactly what abkit assigns {@code unit} in every manifest experiment. */
  private void assertAssignments(JsonNode node, Unit unit) {
    Iterator<String> names = node.fieldNames();
    for (Experiment e : manifest.experiments()) {
      assertThat(names.next()).isEqualTo(e.id());
      Assignment a = abkit.assign(e.id(), unit);
      JsonNode got = node.get(e.id());
      assertThat(got.get("variant").isNull() ? null : got.get("variant").asText())
          .isEqualTo(a.variant());
      assertThat(got.get("reason").asText()).isEqualTo(a.reason().name().toLowerCase(Locale.ROOT));
      assertThat(got.size()).isEqualTo(2);
    }
    assertThat(names.hasNext()).isFalse();
  }
}
