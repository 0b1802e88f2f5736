package dev.abkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.examples.demo.DemoManifest;
import dev.abkit.examples.demo.DemoOptions;
import dev.abkit.examples.demo.DemoServer;
import dev.abkit.examples.demo.Simulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsCommandTest {
  @TempDir static Path dataDir;
  static long kpiExposures;

  /** A demo's data directory after 120 simulated visitors, the demo stopped. */
  @BeforeAll
  static void demoData() throws Exception {
    try (DemoServer demo = DemoServer.start(DemoOptions.embedded(dataDir))) {
      new Simulation(
              new Simulation.Settings(120, Map.of("A", 0.2, "B", 0.4), 7, 0.2, 4),
              demo.baseUri(),
              DemoManifest.load(null))
          .run(n -> {});
      kpiExposures =
          demo.abkit().results("kpi_scorecard_layout").variants().stream()
              .mapToLong(v -> v.exposures())
              .sum();
    }
  }

  @Test
  void results_demoDataDir_json_hasTheStoredExposures() throws Exception {
    Cli.Run run = Cli.run("results", "--data-dir", dataDir.toString(), "--format", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    JsonNode kpi = json.get("experiments").get(0);
    assertThat(kpi.get("id").asText()).isEqualTo("kpi_scorecard_layout");
    long exposures = 0;
    for (JsonNode v : kpi.get("variants")) {
      exposures += v.get("exposures").asLong();
    }
    assertThat(exposures).isEqualTo(kpiExposures).isEqualTo(120);
  }

  /** {@code --timeseries}: the goal per UTC day, the last day's exposures those of the snapshot. */
  @Test
  void results_timeseries_lastDayHasTheStoredExposures() throws Exception {
    Cli.Run run =
        Cli.run("results", "--data-dir", dataDir.toString(), "--format", "json", "--timeseries");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode series =
        new ObjectMapper().readTree(run.out()).get("experiments").get(0).get("timeseries");
    assertThat(series).isNotEmpty();
    long exposures = 0;
    for (JsonNode v : series.get(series.size() - 1).get("variants")) {
      exposures += v.get("exposures").asLong();
    }
    assertThat(exposures).isEqualTo(kpiExposures);
  }

  /**
   * {@code --dimension platform}: the simulated browsers' platforms (from their User-Agent), each
   * segment's exposures adding up to the experiment's; a dimension no experiment lists is refused.
   */
  @Test
  void results_dimension_segmentsByPlatformAddUpToTheExperiment() throws Exception {
    Cli.Run run =
        Cli.run(
            "results",
            "--data-dir",
            dataDir.toString(),
            "--format",
            "json",
            "--dimension",
            "platform");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode kpi = new ObjectMapper().readTree(run.out()).get("experiments").get(0);
    JsonNode segments = kpi.get("by_dimension").get("platform");
    List<String> values = new ArrayList<>();
    long exposures = 0;
    for (JsonNode s : segments) {
      values.add(s.get("value").asText());
      for (JsonNode v : s.get("variants")) {
        exposures += v.get("exposures").asLong();
      }
    }
    assertThat(values).containsExactly("android", "ios", "windows");
    assertThat(exposures).isEqualTo(kpiExposures);

    Cli.Run table =
        Cli.run(
            "results",
            "--data-dir",
            dataDir.toString(),
            "--experiment",
            "kpi_scorecard_layout",
            "--dimension",
            "platform");
    assertThat(table.out()).contains("Breakdown by platform", "Segment platform = ios");

    Cli.Run unknown =
        Cli.run("results", "--data-dir", dataDir.toString(), "--dimension", "country");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .isEqualTo(
            "abkit results: --dimension country: no experiment lists it in \"dimensions\""
                + System.lineSeparator());
  }

  @Test
  void results_demoDataDir_table_oneExperiment() {
    Cli.Run run =
        Cli.run("results", "--data-dir", dataDir.toString(), "--experiment", "pricing_cta_upgrade");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Experiment pricing_cta_upgrade").contains("verdict");
    assertThat(run.out()).doesNotContain("kpi_scorecard_layout");
  }

  @Test
  void results_demoDataDir_html_isAPage() {
    Cli.Run run = Cli.run("results", "--data-dir", dataDir.toString(), "--format", "html");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).containsIgnoringCase("<html").contains("kpi_scorecard_layout");
  }

  @Test
  void results_fileStoreDir_readsJsonLines(@TempDir Path files) throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      String variant = i % 2 == 0 ? "A" : "B";
      lines.append(
          String.format(
              "{\"type\":\"exposure\",\"unit\":\"u%d\",\"experiment\":\"kpi_scorecard_layout\","
                  + "\"variant\":\"%s\",\"ts\":\"2026-11-23T10:00:00Z\"}%n",
              i, variant));
      if (i % 4 == 1) {
        lines.append(
            String.format(
                "{\"type\":\"event\",\"id\":\"e%d\",\"unit\":\"u%d\",\"name\":\"kpi_click\","
                    + "\"ts\":\"2026-11-23T10:00:05Z\"}%n",
                i, i));
      }
    }
    Files.writeString(files.resolve("dropped-in.jsonl"), lines);
    Cli.Run run =
        Cli.run(
            "results",
            "--data-dir",
            files.toString(),
            "--experiment",
            "kpi_scorecard_layout",
            "--format",
            "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode variants =
        new ObjectMapper().readTree(run.out()).get("experiments").get(0).get("variants");
    assertThat(variants.get(0).get("exposures").asLong()).isEqualTo(20);
    assertThat(variants.get(1).get("exposures").asLong()).isEqualTo(20);
    assertThat(variants.get(1).get("conversions").asLong()).isEqualTo(10);
    assertThat(variants.get(0).get("conversions").asLong()).isZero();
  }

  @Test
  void results_whileTheDemoRunsOnTheDir_saysSo() throws Exception {
    // In one JVM H2 shares an open database; the lock shows only from another process, as when a
    // person runs `abkit results` beside a running demo.
    Path running = Files.createDirectories(dataDir.resolve("running"));
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                HoldH2.class.getName(),
                DemoOptions.h2Url(running))
            .redirectErrorStream(true)
            .start();
    try {
      assertThat(
              new String(
                  holder.getInputStream().readNBytes(5),
                  java.nio.charset.StandardCharsets.US_ASCII))
          .isEqualTo("open\n");
      Cli.Run run = Cli.run("results", "--data-dir", running.toString());
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err())
          .startsWith("abkit results: the demo is running on --data-dir")
          .contains("use the demo's results page, or stop the demo first");
    } finally {
      holder.getOutputStream().close();
      holder.waitFor();
    }
  }

  @Test
  void results_dirWithoutData_failsNamingWhatIsMissing(@TempDir Path empty) {
    Cli.Run run = Cli.run("results", "--data-dir", empty.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("neither *.jsonl files").contains("abkit.mv.db");
  }

  @Test
  void results_unknownExperiment_isAUsageError() {
    Cli.Run run = Cli.run("results", "--data-dir", dataDir.toString(), "--experiment", "nope");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no experiment nope");
  }
}
