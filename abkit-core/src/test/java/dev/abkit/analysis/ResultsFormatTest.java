package dev.abkit.analysis;

import static dev.abkit.analysis.Fixtures.data;
import static dev.abkit.analysis.Fixtures.experiment;
import static dev.abkit.analysis.Fixtures.twoArms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Variant;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.MetricData;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Results design() {
    return new Results(
        List.of(
            Analyzer.analyze(
                twoArms(false), data("exp").arm("A", 250, 38).arm("B", 250, 88).build())));
  }

  private static Results threeArmsSequentialWithEdgeCases() {
    Experiment e =
        experiment(
            "edge",
            List.of(Variant.of("A", 1), Variant.of("B", 1), Variant.of("C", 1)),
            List.of("revenue"),
            100L,
            true);
    ExperimentData d =
        data("edge")
            .arm("A", 50, Map.of("click", new MetricData(0, 0, 0)))
            .arm("B", 50, Map.of("click", new MetricData(0, 0, 0)))
            .build();
    return new Results(List.of(Analyzer.analyze(e, d)));
  }

  /** "valid at the planned sample size" claims a plan: only when target_sample_size is set. */
  @Test
  void table_heading_claimsAPlannedSampleSizeOnlyWhenOneIsPlanned() {
    List<Variant> arms = List.of(Variant.of("A", 1), Variant.of("B", 1));
    ExperimentData d = data("exp").arm("A", 250, 38).arm("B", 250, 88).build();
    String unplanned =
        ResultsFormat.TABLE.render(
            new Results(
                List.of(Analyzer.analyze(experiment("exp", arms, List.of(), null, false), d))));
    String planned =
        ResultsFormat.TABLE.render(
            new Results(
                List.of(Analyzer.analyze(experiment("exp", arms, List.of(), 2000L, false), d))));

    assertThat(unplanned.lines().findFirst().orElseThrow())
        .endsWith("fixed horizon, no sample size planned)")
        .doesNotContain("valid at the planned sample size");
    assertThat(planned.lines().findFirst().orElseThrow())
        .endsWith("fixed horizon: valid at the planned sample size)");
  }

  @Test
  void json_designExample_hasTheContractFieldNamesAndValues() throws Exception {
    JsonNode root = JSON.readTree(ResultsFormat.JSON.render(design()));
    JsonNode e = root.get("experiments").get(0);
    assertThat(e.get("id").asText()).isEqualTo("exp");
    assertThat(e.get("target_event").asText()).isEqualTo("click");
    assertThat(e.get("control").asText()).isEqualTo("A");
    assertThat(e.at("/srm/p_value").asDouble()).isEqualTo(1.0);
    assertThat(e.at("/srm/mismatch").isBoolean()).isTrue();
    JsonNode a = e.get("variants").get(0);
    assertThat(fieldNames(a))
        .contains("key", "exposures", "conversions", "conversion_rate")
        .doesNotContain("lift", "p_value");
    assertThat(a.get("conversion_rate").asDouble()).isEqualTo(0.152);
    JsonNode b = e.get("variants").get(1);
    assertThat(b.get("key").asText()).isEqualTo("B");
    assertThat(b.get("exposures").asLong()).isEqualTo(250);
    assertThat(b.get("conversions").asLong()).isEqualTo(88);
    assertThat(b.get("conversion_rate").asDouble()).isEqualTo(0.352);
    assertThat(fieldNames(b.get("lift")))
        .containsExactly("absolute", "relative", "absolute_ci", "relative_ci");
    assertThat(b.at("/lift/absolute").asDouble()).isCloseTo(0.2, within(1e-12));
    assertThat(b.at("/lift/relative").asDouble()).isCloseTo(1.3158, within(1e-4));
    assertThat(b.at("/lift/absolute_ci").size()).isEqualTo(2);
    assertThat(b.at("/lift/absolute_ci/0").asDouble()).isCloseTo(0.1259, within(1e-4));
    assertThat(b.get("p_value").asDouble()).isLessThan(1e-6);
    assertThat(b.get("p_value_pooled").asDouble()).isLessThan(1e-6);
    assertThat(b.get("significant").asBoolean()).isTrue();
    assertThat(b.get("verdict").asText()).isEqualTo("better");
    assertThat(b.has("p_value_adjusted")).isFalse();
    assertThat(b.has("sequential")).isFalse();
  }

  @Test
  void json_edgeCases_writeNullNeverNaN() throws Exception {
    String text = ResultsFormat.JSON.render(threeArmsSequentialWithEdgeCases());
    assertThat(text).doesNotContain("NaN").doesNotContain("Infinity");
    JsonNode e = JSON.readTree(text).get("experiments").get(0);
    JsonNode b = e.get("variants").get(1);
    JsonNode c = e.get("variants").get(2);
    assertThat(b.get("p_value").isNull()).isTrue();
    assertThat(b.has("p_value_adjusted")).isTrue();
    assertThat(b.at("/lift/relative").isNull()).isTrue();
    assertThat(b.at("/sequential/p_value").isNull()).isTrue();
    assertThat(b.get("verdict").asText()).isEqualTo("insufficient_data");
    assertThat(c.get("exposures").asLong()).isZero();
    assertThat(c.get("conversion_rate").isNull()).isTrue();
    assertThat(c.get("mean").isNull()).isTrue();
    assertThat(c.at("/lift/absolute").isNull()).isTrue();
    assertThat(e.at("/progress/fraction").asDouble()).isEqualTo(1.0);
    assertThat(e.at("/metrics/0/name").asText()).isEqualTo("revenue");
    assertThat(e.at("/metrics/0/kind").asText()).isEqualTo("mean");
  }

  @Test
  void json_emptyResults_isAnEmptyList() {
    assertThat(ResultsFormat.JSON.render(new Results(List.of()))).isEqualTo("{\"experiments\":[]}");
  }

  @Test
  void table_designExample_showsAlignedRowsAndVerdict() {
    String table = ResultsFormat.TABLE.render(design());
    List<String> lines = table.lines().toList();
    assertThat(lines.get(0)).startsWith("Experiment exp").contains("control: A");
    String header = lines.get(1);
    assertThat(header)
        .contains(
            "variant", "exposures", "conversions", "rate", "lift", "rel lift", "p", "verdict");
    String a = lines.get(2);
    String b = lines.get(3);
    assertThat(a).startsWith("A ").contains("15.20%").endsWith("control");
    assertThat(b).startsWith("B ").contains("35.20%", "+20.00 pp [+12.", "+131.6%", "better");
    // right-aligned numeric columns end where their header ends
    int exposuresEnd = header.indexOf("exposures") + "exposures".length();
    assertThat(a.substring(0, exposuresEnd)).endsWith("250");
    assertThat(b.substring(0, exposuresEnd)).endsWith("250");
    assertThat(b.indexOf("better")).isEqualTo(header.indexOf("verdict"));
    assertThat(table).doesNotContain("SRM WARNING");
  }

  @Test
  void table_srmMismatch_printsWarningLine() {
    Results r =
        new Results(
            List.of(
                Analyzer.analyze(
                    twoArms(false), data("exp").arm("A", 1000, 100).arm("B", 1200, 130).build())));
    assertThat(ResultsFormat.TABLE.render(r)).contains("!! SRM WARNING").contains("srm mismatch");
  }

  @Test
  void html_isSelfContainedWithChartAndEscapedText() {
    Experiment e =
        experiment(
            "exp",
            List.of(Variant.of("A", 1), Variant.of("<script>alert(1)</script>", 1)),
            List.of(),
            null,
            false);
    Results r =
        new Results(
            List.of(
                Analyzer.analyze(
                    e,
                    data("exp")
                        .arm("A", 1000, 100)
                        .arm("<script>alert(1)</script>", 1200, 150)
                        .build())));
    String html = ResultsFormat.HTML.render(r);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").contains("<svg");
    assertThat(html).contains("<rect").contains("<path d=\"M");
    assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html)
        .contains("SRM WARNING")
        .contains("<th scope=\"col\">p</th>")
        .contains("verdict");
  }

  @Test
  void parse_acceptsNamesCaseInsensitively_andRejectsOthers() {
    assertThat(ResultsFormat.parse("json")).isEqualTo(ResultsFormat.JSON);
    assertThat(ResultsFormat.parse("TABLE")).isEqualTo(ResultsFormat.TABLE);
    assertThat(ResultsFormat.parse("Html")).isEqualTo(ResultsFormat.HTML);
    assertThatThrownBy(() -> ResultsFormat.parse("xml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("json, table, html")
        .hasMessageContaining("xml");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
