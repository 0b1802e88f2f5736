package dev.abkit.analysis;

import static dev.abkit.analysis.Fixtures.experiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Variant;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.VariantData;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One metric that cannot be computed does not fail the others (DESIGN.md 9). */
class AnalyzerMetricErrorTest {
  private final Experiment e =
      experiment(
          "exp",
          List.of(Variant.of("A", 1), Variant.of("B", 1)),
          List.of("revenue", "huge"),
          null,
          false);

  private static Map<String, MetricData> arm(MetricData huge) {
    return Map.of(
        "click", new MetricData(10, 10, 10),
        "revenue", new MetricData(10, 100, 1000),
        "huge", huge);
  }

  @Test
  void errorFromTheStore_onlyThatMetricFails() throws Exception {
    MetricData unsummed = new MetricData(3, 0, Double.NaN, Double.NaN);
    ExperimentData d =
        new ExperimentData(
            "exp",
            List.of(
                new VariantData("A", 100, arm(unsummed)), new VariantData("B", 100, arm(unsummed))),
            Map.of("huge", "the database could not sum the values of huge"),
            0,
            0);

    ExperimentResult r = Analyzer.analyze(e, d);

    assertThat(r.variants()).extracting(VariantResult::conversions).containsExactly(10L, 10L);
    assertThat(r.metrics().get(0).error()).isNull();
    assertThat(r.metrics().get(0).variants()).hasSize(2);
    assertThat(r.metrics().get(1).error())
        .isEqualTo("the database could not sum the values of huge");
    assertThat(r.metrics().get(1).variants()).isEmpty();
    StringWriter json = new StringWriter();
    ResultsFormat.JSON.write(new Results(List.of(r)), json);
    assertThat(json.toString())
        .contains(
            "\"name\":\"huge\",\"type\":\"conversion\",\"direction\":\"increase\","
                + "\"role\":\"secondary\",\"kind\":\"mean\",\"error\":\"the database could not sum"
                + " the values of huge\",\"variants\":[]");
  }

  @Test
  void infiniteSum_reportedAsThatMetricsError() throws Exception {
    ExperimentData d =
        new ExperimentData(
            "exp",
            List.of(
                new VariantData("A", 100, arm(new MetricData(1, 1, 1))),
                new VariantData(
                    "B", 100, arm(new MetricData(1, 2e154, Double.POSITIVE_INFINITY)))));

    ExperimentResult r = Analyzer.analyze(e, d);

    assertThat(r.metrics().get(1).error())
        .isEqualTo(
            "the sums of huge's values leave the double range in variant B: some value is far too"
                + " large");
    assertThat(r.metrics().get(0).error()).isNull();
    StringWriter table = new StringWriter();
    ResultsFormat.TABLE.write(new Results(List.of(r)), table);
    assertThat(table.toString())
        .contains(
            "Metric huge (conversion, secondary, higher is better; mean per exposed unit)\n"
                + "!! could not be computed: the sums");
    StringWriter html = new StringWriter();
    ResultsFormat.HTML.write(new Results(List.of(r)), html);
    assertThat(html.toString()).contains("Metric huge could not be computed: the sums of huge&");
  }
}
