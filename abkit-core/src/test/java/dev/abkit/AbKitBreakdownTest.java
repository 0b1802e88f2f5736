package dev.abkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.analysis.Breakdown;
import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.Results;
import dev.abkit.analysis.ResultsFormat;
import dev.abkit.analysis.ResultsOptions;
import dev.abkit.analysis.VariantResult;
import dev.abkit.event.Exposure;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.store.file.FileEventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Breakdowns by dimension from the public API to every format (DESIGN.md section 10): exposures
 * logged with the unit record the experiment's dimensions, and results broken down by one of them
 * analyse each value's units alone, uncorrected, beside the corrected whole.
 */
class AbKitBreakdownTest {
  private static final String MANIFEST =
      """
      {"experiments": [
        {"id": "layout", "target_event": "click", "metrics": ["scroll"],
         "dimensions": ["platform", "plan"],
         "variants": [{"key": "A"}, {"key": "B"}]},
        {"id": "other", "target_event": "click", "variants": [{"key": "A"}, {"key": "B"}]}
      ]}
      """;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;

  /** Per platform: exposed units and clicks, counted as the test records them. */
  private final Map<String, long[]> expected = new HashMap<>();

  @Test
  void results_byPlatform_eachValuesUnitsAnalysedAloneInEveryFormat() throws Exception {
    try (AbKit abkit = abkit()) {
      record(abkit);
      ExperimentResult r =
          abkit.results("layout", ResultsOptions.SNAPSHOT.withDimension("platform"));

      Breakdown b = r.breakdown();
      assertThat(b).isNotNull();
      assertThat(b.dimension()).isEqualTo("platform");
      assertThat(b.segments())
          .extracting(Breakdown.Segment::value)
          .containsExactly("android", "ios", null);
      for (Breakdown.Segment s : b.segments()) {
        long[] want = expected.get(String.valueOf(s.value()));
        long exposures = 0;
        long clicks = 0;
        for (VariantResult v : s.variants()) {
          exposures += v.exposures();
          clicks += v.conversions();
        }
        assertThat(exposures).as("exposures of %s", s.value()).isEqualTo(want[0]);
        assertThat(clicks).as("clicks of %s", s.value()).isEqualTo(want[1]);
        // exploratory: no correction inside a segment, where the whole is corrected
        VariantResult treatment = s.variants().get(1);
        assertThat(treatment.comparison().pValueAdjusted()).isNull();
        assertThat(s.metrics()).extracting(m -> m.name()).containsExactly("scroll");
      }
      assertThat(r.variants().get(1).comparison().pValueAdjusted()).isNotNull();
      long total = r.variants().stream().mapToLong(VariantResult::exposures).sum();
      assertThat(total).isEqualTo(300);

      Results one = new Results(List.of(r));
      JsonNode json = JSON.readTree(ResultsFormat.JSON.render(one)).get("experiments").get(0);
      JsonNode platform = json.get("by_dimension").get("platform");
      assertThat(platform).hasSize(3);
      assertThat(platform.get(0).get("value").asText()).isEqualTo("android");
      assertThat(platform.get(2).get("value").isNull()).isTrue();
      assertThat(platform.get(1).get("variants")).hasSize(2);
      assertThat(platform.get(1).get("metrics").get(0).get("name").asText()).isEqualTo("scroll");
      assertThat(ResultsFormat.TABLE.render(one))
          .contains("Breakdown by platform (exploratory")
          .contains("Segment platform = ios")
          .contains("Segment platform not set");
      assertThat(ResultsFormat.HTML.render(one)).contains("<h2>Breakdowns</h2>", "platform = ios");
    }
  }

  @Test
  void results_dimensionNotListed_refusedNamingTheExperimentsDimensions() throws Exception {
    try (AbKit abkit = abkit()) {
      assertThatThrownBy(
              () -> abkit.results("layout", ResultsOptions.SNAPSHOT.withDimension("country")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "experiment layout has no dimension country (its dimensions: platform, plan)");
      assertThatThrownBy(
              () -> abkit.results("other", ResultsOptions.SNAPSHOT.withDimension("platform")))
          .hasMessage("experiment other has no dimension platform (it lists no \"dimensions\")");
      assertThatThrownBy(() -> abkit.results(ResultsOptions.SNAPSHOT.withDimension("country")))
          .hasMessage("no experiment has dimension country");
      // all experiments: those that list it are broken down, the others are not
      Results all = abkit.results(ResultsOptions.SNAPSHOT.withDimension("plan"));
      assertThat(all.experiments().get(0).breakdown()).isNotNull();
      assertThat(all.experiments().get(1).breakdown()).isNull();
    }
  }

  /**
   * Exposures record only the experiment's dimensions, as text, numbers in their shortest form; an
   * attribute that is no category (an object) is left out; a later exposure never changes them.
   */
  @Test
  void logExposure_unit_recordsTheDimensionsOnlyAndTheFirstValues() throws Exception {
    try (AbKit abkit = abkit()) {
      Unit u =
          Unit.of(
              "u1",
              Map.of("platform", "ios", "plan", 2.0, "country", "DE", "nested", Map.of("a", 1)));
      Unit objectPlan = Unit.of("u2", Map.of("platform", "web", "plan", Map.of("tier", 2)));
      assertThat(abkit.logExposure(u, abkit.assign("layout", u))).isTrue();
      assertThat(abkit.logExposure(objectPlan, abkit.assign("layout", objectPlan))).isTrue();
      assertThat(abkit.logExposure(u, abkit.assign("other", u))).isTrue();
      abkit.flush();
    }
    List<String> lines = new java.util.ArrayList<>();
    try (var files = Files.list(data)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        lines.addAll(Files.readAllLines(f));
      }
    }
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("\"unit\":\"u1\",\"experiment\":\"layout\"")
                    .endsWith("\"attributes\":{\"plan\":\"2\",\"platform\":\"ios\"}}"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("\"unit\":\"u2\"")
                    .endsWith("\"attributes\":{\"platform\":\"web\"}}"))
        .anySatisfy(
            l -> assertThat(l).contains("\"experiment\":\"other\"").doesNotContain("attributes"));
  }

  @Test
  void exposure_attributesBeyondWhatStoresHold_refusedNamingTheLimit() {
    java.time.Instant t = java.time.Instant.parse("2026-11-23T10:00:00Z");
    assertThatThrownBy(() -> new Exposure("u", "e", "A", t, Map.of("platform", "x".repeat(129))))
        .hasMessage("exposure attribute platform must be at most 128 characters, was 129");
    assertThatThrownBy(() -> new Exposure("u", "e", "A", t, Map.of("", "ios")))
        .hasMessage("exposure attribute names must be 1-64 characters, was 0");
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 17; i++) {
      many.put("a" + i, "v");
    }
    assertThatThrownBy(() -> new Exposure("u", "e", "A", t, many))
        .hasMessage("exposure attributes must be at most 16, were 17");
    assertThatThrownBy(() -> new Exposure("u", "e", "A", t, Map.of("platform", "i\0s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exposure attribute platform");
  }

  private AbKit abkit() throws Exception {
    return AbKit.builder()
        .manifestJson(MANIFEST)
        .eventStore(FileEventStore.open(data))
        .pipeline(PipelineSettings.builder().noJournal().build())
        .build();
  }

  /** 300 units over three platforms (a third with none); B's iOS units click most. */
  private void record(AbKit abkit) {
    String[] platforms = {"ios", "android", null};
    for (int i = 0; i < 300; i++) {
      String platform = platforms[i % 3];
      Map<String, Object> attributes = new HashMap<>();
      if (platform != null) {
        attributes.put("platform", platform);
      }
      attributes.put("plan", i % 2 == 0 ? "free" : "pro");
      Unit unit = Unit.of("user-" + i, attributes);
      Assignment a = abkit.assign("layout", unit);
      assertThat(abkit.logExposure(unit, a)).isTrue();
      long[] e = expected.computeIfAbsent(String.valueOf(platform), k -> new long[2]);
      e[0]++;
      boolean clicks = a.is("B") && "ios".equals(platform) ? i % 5 != 0 : i % 4 == 0;
      if (clicks) {
        abkit.track(unit.id(), "click");
        e[1]++;
      }
      if (i % 6 == 0) {
        abkit.track(unit.id(), "scroll");
      }
    }
  }
}
