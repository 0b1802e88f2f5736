package dev.abkit.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.ManifestParser;
import dev.abkit.store.memory.InMemoryEventStore;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * CUPED and ratio metrics from records to results JSON (DESIGN.md section 10): a store fed with
 * generated records, read with the query the analysis asks, analysed and rendered.
 */
class CupedAndRatioResultsTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Experiment experiment(String json) {
    return ManifestParser.parse("{\"experiments\": [" + json + "]}").experiments().get(0);
  }

  private static JsonNode analyse(Experiment e, InMemoryEventStore store) throws Exception {
    ExperimentResult r = Analyzer.analyze(e, store.read(Analyzer.query(e)));
    StringWriter out = new StringWriter();
    ResultsFormat.JSON.write(new Results(List.of(r)), out);
    return JSON.readTree(out.toString()).get("experiments").get(0);
  }

  /**
   * Spend after exposure correlates with spend in the pre-period (ρ = 0.8 within each arm): CUPED's
   * variance reduction is close to ρ², θ close to the slope, and the adjusted interval narrower.
   */
  @Test
  void cuped_correlatedPrePeriod_reducesTheVarianceByAboutRhoSquared() throws Exception {
    Experiment e =
        experiment(
            "{\"id\": \"exp\", \"variants\": [{\"key\": \"A\"}, {\"key\": \"B\"}],"
                + " \"target_event\": {\"event\": \"spend\", \"type\": \"sum\"},"
                + " \"cuped\": {\"pre_period\": \"P14D\"}}");
    Random random = new Random(7);
    List<Observation> records = new ArrayList<>();
    double rho = 0.8;
    for (int i = 0; i < 6000; i++) {
      String unit = "u" + i;
      String variant = i % 2 == 0 ? "A" : "B";
      Instant first = T0.plusSeconds(i);
      double x = 50 + 10 * random.nextGaussian();
      double y =
          50
              + 10 * (rho * (x - 50) / 10 + Math.sqrt(1 - rho * rho) * random.nextGaussian())
              + (variant.equals("B") ? 1 : 0);
      records.add(new Exposure(unit, "exp", variant, first));
      records.add(new Event("pre", unit, "spend", first.minusSeconds(86_400), x, Map.of()));
      records.add(new Event("old", unit, "spend", first.minusSeconds(30 * 86_400), 1e6, Map.of()));
      records.add(new Event("post", unit, "spend", first.plusSeconds(60), y, Map.of()));
    }
    InMemoryEventStore store = new InMemoryEventStore();
    store.write(records);

    JsonNode b = analyse(e, store).get("variants").get(1);

    assertThat(b.get("cuped").get("theta").asDouble()).isCloseTo(rho, within(0.05));
    assertThat(b.get("cuped").get("variance_reduction").asDouble())
        .isCloseTo(rho * rho, within(0.04));
    double adjustedWidth = width(b.get("lift").get("absolute_ci"));
    double unadjustedWidth = width(b.get("unadjusted").get("lift").get("absolute_ci"));
    assertThat(adjustedWidth / unadjustedWidth).isCloseTo(Math.sqrt(1 - rho * rho), within(0.04));
    assertThat(b.get("lift").get("absolute").asDouble()).isCloseTo(1, within(0.35));
    assertThat(b.get("p_value").asDouble())
        .isLessThan(b.get("unadjusted").get("p_value").asDouble());
  }

  /** Without CUPED the comparison carries no "cuped" or "unadjusted" fields. */
  @Test
  void cuped_off_noAdjustmentFields() throws Exception {
    Experiment e =
        experiment(
            "{\"id\": \"exp\", \"variants\": [{\"key\": \"A\"}, {\"key\": \"B\"}],"
                + " \"target_event\": {\"event\": \"spend\", \"type\": \"sum\"}}");
    InMemoryEventStore store = new InMemoryEventStore();
    store.write(
        List.of(
            new Exposure("u1", "exp", "A", T0),
            new Exposure("u2", "exp", "B", T0),
            new Event("1", "u2", "spend", T0.plusSeconds(1), 5.0, Map.of())));
    JsonNode b = analyse(e, store).get("variants").get(1);
    assertThat(b.has("cuped")).isFalse();
    assertThat(b.has("unadjusted")).isFalse();
  }

  /**
   * Revenue per session: each arm's value is Σ revenue / Σ sessions over its units (not the mean of
   * per-unit ratios), the lift their difference, and events outside the window count on neither
   * side.
   */
  @Test
  void ratio_revenuePerSession_isTheRatioOfSums() throws Exception {
    Experiment e =
        experiment(
            "{\"id\": \"exp\", \"variants\": [{\"key\": \"A\"}, {\"key\": \"B\"}],"
                + " \"target_event\": \"session\", \"metrics\": [{\"name\": \"rps\","
                + " \"type\": \"ratio\", \"numerator\": \"revenue\", \"denominator\": \"session\","
                + " \"window\": \"P1D\"}]}");
    Random random = new Random(11);
    List<Observation> records = new ArrayList<>();
    double[] revenue = new double[2];
    double[] sessions = new double[2];
    for (int i = 0; i < 2000; i++) {
      String unit = "u" + i;
      int arm = i % 2;
      records.add(new Exposure(unit, "exp", arm == 0 ? "A" : "B", T0));
      int n = 1 + random.nextInt(4);
      for (int s = 0; s < n; s++) {
        records.add(new Event("s" + s, unit, "session", T0.plusSeconds(100 + s), null, Map.of()));
        double value = Math.round((10 + 5 * random.nextDouble() + arm) * 100) / 100.0;
        records.add(new Event("r" + s, unit, "revenue", T0.plusSeconds(200 + s), value, Map.of()));
        revenue[arm] += value;
        sessions[arm]++;
      }
      // two days later: outside the window, on both sides
      records.add(new Event("late-s", unit, "session", T0.plusSeconds(200_000), null, Map.of()));
      records.add(new Event("late-r", unit, "revenue", T0.plusSeconds(200_000), 1e4, Map.of()));
    }
    InMemoryEventStore store = new InMemoryEventStore();
    store.write(records);

    JsonNode metric = analyse(e, store).get("metrics").get(0);

    assertThat(metric.get("type").asText()).isEqualTo("ratio");
    assertThat(metric.get("kind").asText()).isEqualTo("ratio");
    double a = revenue[0] / sessions[0];
    double b = revenue[1] / sessions[1];
    assertThat(metric.get("variants").get(0).get("mean").asDouble()).isCloseTo(a, within(1e-9));
    assertThat(metric.get("variants").get(1).get("mean").asDouble()).isCloseTo(b, within(1e-9));
    JsonNode lift = metric.get("variants").get(1).get("lift");
    assertThat(lift.get("absolute").asDouble()).isCloseTo(b - a, within(1e-9));
    assertThat(metric.get("variants").get(1).get("verdict").asText()).isEqualTo("better");
  }

  /**
   * A cap tames an outlier: one unit's 1e6 purchase counts as the cap, which results report as
   * {@code capped_at} on the metric, and the table names it.
   */
  @Test
  void cap_outlier_countsAsTheCapAndIsReported() throws Exception {
    Experiment e =
        experiment(
            "{\"id\": \"exp\", \"variants\": [{\"key\": \"A\"}, {\"key\": \"B\"}],"
                + " \"target_event\": \"visit\", \"metrics\": [{\"name\": \"revenue\","
                + " \"event\": \"buy\", \"type\": \"sum\", \"cap\": {\"value\": 100}}]}");
    InMemoryEventStore store = new InMemoryEventStore();
    store.write(
        List.of(
            new Exposure("u1", "exp", "A", T0),
            new Exposure("u2", "exp", "B", T0),
            new Event("1", "u1", "buy", T0.plusSeconds(1), 40.0, Map.of()),
            new Event("2", "u2", "buy", T0.plusSeconds(1), 1e6, Map.of())));

    JsonNode metric = analyse(e, store).get("metrics").get(0);

    assertThat(metric.get("capped_at").asDouble()).isEqualTo(100);
    assertThat(metric.get("variants").get(1).get("sum").asDouble()).isEqualTo(100);
    assertThat(metric.get("variants").get(0).get("sum").asDouble()).isEqualTo(40);
    StringWriter table = new StringWriter();
    ResultsFormat.TABLE.write(
        new Results(List.of(Analyzer.analyze(e, store.read(Analyzer.query(e))))), table);
    assertThat(table.toString())
        .contains("Metric revenue (sum, secondary, higher is better, capped at 100");
  }

  private static double width(JsonNode ci) {
    return ci.get(1).asDouble() - ci.get(0).asDouble();
  }
}
