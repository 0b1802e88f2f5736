package dev.abkit.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.AbKit;
import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Manifest;
import dev.abkit.spi.DailyData;
import dev.abkit.store.memory.InMemoryEventStore;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The goal over time: cumulative per UTC day, from the store's timeline (DESIGN.md 10). */
class TimeseriesTest {
  private static final LocalDate D0 = LocalDate.of(2026, 11, 23);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void timeseries_cells_cumulativeExposuresConversionsAndLiftPerDay() {
    Experiment e = Experiment.of("exp", "buy", "A", "B");
    List<DailyData> cells =
        List.of(
            new DailyData("A", D0, D0, 10),
            new DailyData("A", D0, null, 90),
            new DailyData("B", D0, D0.plusDays(1), 30),
            new DailyData("B", D0, null, 70),
            new DailyData("A", D0.plusDays(2), null, 50),
            new DailyData("B", D0.plusDays(2), D0.plusDays(2), 50));

    Timeseries t = Analyzer.timeseries(e, cells, AnalysisSettings.defaults());

    assertThat(t.days())
        .extracting(Timeseries.Day::date)
        .containsExactly(D0, D0.plusDays(1), D0.plusDays(2));
    Timeseries.Day first = t.days().get(0);
    assertThat(first.variants()).extracting(VariantResult::exposures).containsExactly(100L, 100L);
    assertThat(first.variants()).extracting(VariantResult::conversions).containsExactly(10L, 0L);
    Timeseries.Day second = t.days().get(1);
    assertThat(second.variants()).extracting(VariantResult::conversions).containsExactly(10L, 30L);
    assertThat(second.variants().get(1).comparison().lift().absolute())
        .isCloseTo(0.2, within(1e-12));
    Timeseries.Day third = t.days().get(2);
    assertThat(third.variants()).extracting(VariantResult::exposures).containsExactly(150L, 150L);
    assertThat(third.variants()).extracting(VariantResult::conversions).containsExactly(10L, 80L);
    // the last day is the snapshot of the same data
    ExperimentResult snapshot = Analyzer.analyze(e, converted(150, 10, 150, 80));
    assertThat(third.variants().get(1).comparison().lift())
        .isEqualTo(snapshot.variants().get(1).comparison().lift());
  }

  /**
   * From the API down to the store and back: {@code results(options)} with the timeseries adds the
   * JSON of DESIGN.md section 10, and the experiment page its two charts.
   */
  @Test
  void abkitResults_withTimeseries_jsonAndChartsFromTheStore() throws Exception {
    Experiment e = Experiment.of("exp", "buy", "A", "B");
    InMemoryEventStore store = new InMemoryEventStore();
    Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
    List<Observation> records = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String unit = "u" + i;
      Instant exposed = t0.plusSeconds(86_400L * (i % 2));
      records.add(new Exposure(unit, "exp", i % 4 < 2 ? "A" : "B", exposed));
      if (i % 3 == 0) {
        records.add(new Event("b", unit, "buy", exposed.plusSeconds(3600), null, Map.of()));
      }
    }
    store.write(records);
    try (AbKit abkit =
        AbKit.builder().manifest(new Manifest(List.of(e), List.of())).eventStore(store).build()) {
      Results results = abkit.results(ResultsOptions.SNAPSHOT.withTimeseries(true));
      StringWriter json = new StringWriter();
      ResultsFormat.JSON.write(results, json);
      JsonNode series = JSON.readTree(json.toString()).get("experiments").get(0).get("timeseries");

      assertThat(series).hasSize(2);
      assertThat(series.get(0).get("date").asText()).isEqualTo("2026-11-23");
      assertThat(series.get(1).get("variants").get(0).get("exposures").asLong()).isEqualTo(20);
      assertThat(series.get(1).get("variants").get(1).get("lift").has("absolute_ci")).isTrue();
      assertThat(abkit.results().experiments().get(0).timeseries()).isNull();

      String page =
          ResultsPage.experiment(
              results.experiments().get(0), new Manifest(List.of(e), List.of()), Instant.now());
      assertThat(page)
          .contains("data-chart=\"lift-over-time\"")
          .contains("data-chart=\"exposures-over-time\"");
    }
  }

  /**
   * A single day (an experiment's first): a line through one point draws nothing, so each day's
   * figure is a dot and the lift's interval a whisker; the lift chart's legend has no control.
   */
  @Test
  void experimentPage_oneDay_showsItsFiguresAsDotsAndTheIntervalAsAWhisker() {
    Experiment e = Experiment.of("exp", "buy", "A", "B");
    List<DailyData> cells =
        List.of(
            new DailyData("A", D0, D0, 10),
            new DailyData("A", D0, null, 90),
            new DailyData("B", D0, D0, 30),
            new DailyData("B", D0, null, 70));
    Timeseries t = Analyzer.timeseries(e, cells, AnalysisSettings.defaults());
    ExperimentResult r = Analyzer.analyze(e, converted(100, 10, 100, 30)).withTimeseries(t);

    String page = ResultsPage.experiment(r, new Manifest(List.of(e), List.of()), Instant.now());

    String exposures = chart(page, "exposures-over-time");
    assertThat(exposures.split("<circle", -1)).as("a dot per variant").hasSize(3);
    assertThat(exposures).contains(">A</text>", ">B</text>");
    String lift = chart(page, "lift-over-time");
    assertThat(lift.split("<circle", -1)).as("B's dot").hasSize(2);
    assertThat(lift).containsPattern("<path d=\"M[0-9.]+ [0-9.]+V[0-9.]+\" stroke=");
    assertThat(lift).contains(">B</text>").doesNotContain(">A</text>");
  }

  /** Experiment {@code exp}'s units in A and B, and how many of them did {@code buy} once. */
  private static dev.abkit.spi.ExperimentData converted(
      long unitsA, long convertedA, long unitsB, long convertedB) {
    return new dev.abkit.spi.ExperimentData(
        "exp",
        List.of(
            new dev.abkit.spi.VariantData(
                "A",
                unitsA,
                Map.of("buy", new dev.abkit.spi.MetricData(convertedA, convertedA, convertedA))),
            new dev.abkit.spi.VariantData(
                "B",
                unitsB,
                Map.of("buy", new dev.abkit.spi.MetricData(convertedB, convertedB, convertedB)))));
  }

  /** The SVG element of {@code page} whose {@code data-chart} is {@code name}. */
  private static String chart(String page, String name) {
    int start = page.indexOf("<svg xmlns=\"http://www.w3.org/2000/svg\" data-chart=\"" + name);
    assertThat(start).as("the %s chart", name).isNotNegative();
    return page.substring(start, page.indexOf("</svg>", start));
  }
}
