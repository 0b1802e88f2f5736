package dev.abkit.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.abkit.internal.stats.PValueAdjustment;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Metric;
import dev.abkit.manifest.MultipleTesting;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.VariantData;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The analysis follows each metric's definition (DESIGN.md section 10): its type decides how it is
 * compared, its direction which way is better, guardrails block a win, {@code multiple_testing}
 * corrects the goal and secondary metrics together, and what the counting left out is reported.
 */
class AnalyzerDefinitionsTest {
  /** 1000 units per arm; A: 100 conversions, mean 1.0; B: 150 conversions, mean 1.5. */
  private static final MetricData A_UP = new MetricData(100, 1000, 11_000);

  private static final MetricData B_UP = new MetricData(150, 1500, 16_500);
  private static final MetricData FLAT = new MetricData(100, 1000, 11_000);

  private static Metric metric(String name, Metric.Type type, Metric.Direction d, Metric.Role r) {
    return new Metric(name, name, type, null, null, Duration.ZERO, null, null, d, r, false);
  }

  private static Experiment experiment(Metric goal, List<Metric> metrics, MultipleTesting mt) {
    return Experiment.builder("exp")
        .variants("A", "B")
        .goal(goal)
        .metrics(metrics)
        .multipleTesting(mt)
        .build();
  }

  private static ExperimentData data(Map<String, MetricData> a, Map<String, MetricData> b) {
    return new ExperimentData(
        "exp", List.of(new VariantData("A", 1000, a), new VariantData("B", 1000, b)));
  }

  private static Comparison b(List<VariantResult> variants) {
    return variants.get(1).comparison();
  }

  @Test
  void direction_decreaseAndSignificantlyHigher_isWorse() {
    Metric goal = metric("errors", Metric.Type.COUNT, Metric.Direction.DECREASE, Metric.Role.GOAL);
    ExperimentResult r =
        Analyzer.analyze(
            experiment(goal, List.of(), MultipleTesting.HOLM),
            data(Map.of("errors", A_UP), Map.of("errors", B_UP)));

    assertThat(r.goalKind()).isEqualTo(MetricKind.MEAN);
    assertThat(b(r.variants()).lift().absolute()).isCloseTo(0.5, within(1e-12));
    assertThat(b(r.variants()).verdict()).isEqualTo(Verdict.WORSE);
  }

  @Test
  void guardrail_significantlyWorse_setsTheViolationAndBlocksTheGoalsWin() throws Exception {
    Metric goal =
        metric("buy", Metric.Type.CONVERSION, Metric.Direction.INCREASE, Metric.Role.GOAL);
    Metric latency =
        metric("slow", Metric.Type.SUM, Metric.Direction.DECREASE, Metric.Role.GUARDRAIL);
    ExperimentData d = data(Map.of("buy", A_UP, "slow", A_UP), Map.of("buy", B_UP, "slow", B_UP));

    ExperimentResult r =
        Analyzer.analyze(experiment(goal, List.of(latency), MultipleTesting.HOLM), d);

    assertThat(r.guardrailViolation()).isTrue();
    assertThat(b(r.metrics().get(0).variants()).verdict()).isEqualTo(Verdict.WORSE);
    assertThat(b(r.metrics().get(0).variants()).pValueAdjusted()).as("not corrected").isNull();
    assertThat(b(r.variants()).significant()).isTrue();
    assertThat(b(r.variants()).verdict()).isEqualTo(Verdict.GUARDRAIL_VIOLATION);
    StringWriter table = new StringWriter();
    ResultsFormat.TABLE.write(new Results(List.of(r)), table);
    assertThat(table.toString())
        .contains("!! GUARDRAIL VIOLATION: significantly worse: slow for B")
        .contains("Metric slow (sum, guardrail, lower is better; mean per exposed unit)");
    StringWriter json = new StringWriter();
    ResultsFormat.JSON.write(new Results(List.of(r)), json);
    assertThat(json.toString())
        .contains("\"guardrail_violation\":true")
        .contains(
            "\"name\":\"slow\",\"type\":\"sum\",\"direction\":\"decrease\",\"role\":\"guardrail\"")
        .contains("\"verdict\":\"guardrail_violation\"");
  }

  @Test
  void guardrail_better_noViolation() {
    Metric goal =
        metric("buy", Metric.Type.CONVERSION, Metric.Direction.INCREASE, Metric.Role.GOAL);
    Metric guard = metric("ok", Metric.Type.SUM, Metric.Direction.INCREASE, Metric.Role.GUARDRAIL);
    ExperimentResult r =
        Analyzer.analyze(
            experiment(goal, List.of(guard), MultipleTesting.HOLM),
            data(Map.of("buy", A_UP, "ok", A_UP), Map.of("buy", B_UP, "ok", B_UP)));

    assertThat(r.guardrailViolation()).isFalse();
    assertThat(b(r.variants()).verdict()).isEqualTo(Verdict.BETTER);
  }

  @Test
  void multipleTesting_holmBhNone_correctGoalAndSecondaryTogether() {
    Metric goal =
        metric("buy", Metric.Type.CONVERSION, Metric.Direction.INCREASE, Metric.Role.GOAL);
    Metric second =
        metric("view", Metric.Type.CONVERSION, Metric.Direction.INCREASE, Metric.Role.SECONDARY);
    ExperimentData d = data(Map.of("buy", A_UP, "view", A_UP), Map.of("buy", B_UP, "view", FLAT));
    ExperimentResult none =
        Analyzer.analyze(experiment(goal, List.of(second), MultipleTesting.NONE), d);
    double p1 = b(none.variants()).pValue();
    double p2 = b(none.metrics().get(0).variants()).pValue();

    ExperimentResult holm =
        Analyzer.analyze(experiment(goal, List.of(second), MultipleTesting.HOLM), d);
    ExperimentResult bh =
        Analyzer.analyze(experiment(goal, List.of(second), MultipleTesting.BH), d);

    assertThat(b(none.variants()).pValueAdjusted()).isNull();
    double[] holmP = PValueAdjustment.holm(new double[] {p1, p2});
    double[] bhP = PValueAdjustment.benjaminiHochberg(new double[] {p1, p2});
    assertThat(b(holm.variants()).pValueAdjusted()).isEqualTo(holmP[0]);
    assertThat(b(holm.metrics().get(0).variants()).pValueAdjusted()).isEqualTo(holmP[1]);
    assertThat(b(bh.variants()).pValueAdjusted()).isEqualTo(bhP[0]);
    assertThat(b(bh.metrics().get(0).variants()).pValueAdjusted()).isEqualTo(bhP[1]);
    assertThat(holmP[0]).isGreaterThan(p1);
  }

  @Test
  void types_countAndSumComparedOnTheMean_conversionOnTheRate() {
    Metric goal = metric("buy", Metric.Type.SUM, Metric.Direction.INCREASE, Metric.Role.GOAL);
    Metric conv =
        metric("view", Metric.Type.CONVERSION, Metric.Direction.INCREASE, Metric.Role.SECONDARY);
    Metric shorthand = Metric.of("click", Metric.Role.SECONDARY);
    ExperimentResult r =
        Analyzer.analyze(
            experiment(goal, List.of(conv, shorthand), MultipleTesting.NONE),
            data(
                Map.of("buy", A_UP, "view", A_UP, "click", A_UP),
                Map.of("buy", B_UP, "view", B_UP, "click", B_UP)));

    assertThat(r.goalKind()).isEqualTo(MetricKind.MEAN);
    assertThat(b(r.variants()).lift().absolute()).isCloseTo(0.5, within(1e-12));
    assertThat(r.metrics().get(0).kind()).isEqualTo(MetricKind.CONVERSION);
    assertThat(b(r.metrics().get(0).variants()).lift().absolute()).isCloseTo(0.05, within(1e-12));
    assertThat(r.metrics().get(1).kind()).as("0.1's meaning").isEqualTo(MetricKind.MEAN);
  }

  @Test
  void dataQuality_excludedSkippedAndUnknownVariants_reportedAndWarned() throws Exception {
    Metric goal = Metric.of("buy", Metric.Role.GOAL);
    ExperimentData d =
        new ExperimentData(
            "exp",
            List.of(
                new VariantData("A", 1000, Map.of("buy", A_UP)),
                new VariantData("B", 1000, Map.of("buy", B_UP)),
                new VariantData("Z", 7, Map.of())),
            Map.of(),
            12,
            3);

    ExperimentResult r = Analyzer.analyze(experiment(goal, List.of(), MultipleTesting.HOLM), d);

    assertThat(r.dataQuality()).isEqualTo(new DataQuality(12, 3, 7));
    assertThat(r.progress().exposures()).as("unknown variants are not counted").isEqualTo(2000);
    StringWriter json = new StringWriter();
    ResultsFormat.JSON.write(new Results(List.of(r)), json);
    assertThat(json.toString())
        .contains(
            "\"data_quality\":{\"multiple_exposures\":12,\"skipped_records\":3,"
                + "\"unknown_variant_exposures\":7}");
    StringWriter table = new StringWriter();
    ResultsFormat.TABLE.write(new Results(List.of(r)), table);
    assertThat(table.toString())
        .contains(
            "!! DATA QUALITY: 12 units exposed to more than one variant, excluded; 3 records the"
                + " store could not read (malformed or wrongly typed), skipped; 7 units exposed to"
                + " variants not in the manifest");
    StringWriter html = new StringWriter();
    ResultsFormat.HTML.write(new Results(List.of(r)), html);
    assertThat(html.toString()).contains("DATA QUALITY: 12 units exposed to more than one variant");
  }

  @Test
  void dataQuality_nothingLeftOut_noWarning() throws Exception {
    ExperimentResult r =
        Analyzer.analyze(
            experiment(Metric.of("buy", Metric.Role.GOAL), List.of(), MultipleTesting.HOLM),
            data(Map.of("buy", A_UP), Map.of("buy", FLAT)));
    StringWriter table = new StringWriter();
    ResultsFormat.TABLE.write(new Results(List.of(r)), table);
    assertThat(table.toString()).doesNotContain("DATA QUALITY").doesNotContain("GUARDRAIL");
    assertThat(r.dataQuality()).isEqualTo(DataQuality.CLEAN);
  }

  /**
   * With a manifest {@code mde}, results say the power reached for it now, and what the test can
   * detect now and at the target; the JSON carries them under {@code power}.
   */
  @Test
  void power_mdeAndTarget_reachedPowerAndDetectableEffects() throws Exception {
    Experiment e =
        dev.abkit.manifest.ManifestParser.parse(
                "{\"experiments\": [{\"id\": \"exp\", \"variants\": [{\"key\": \"A\"},"
                    + " {\"key\": \"B\"}], \"target_event\": \"buy\", \"mde\": 0.05,"
                    + " \"target_sample_size\": 2060}]}")
            .experiments()
            .get(0);
    // 10% of 1000 in A: 0.05 on a 0.1 baseline needs about 680 per arm for 80%
    ExperimentResult r = Analyzer.analyze(e, data(Map.of("buy", A_UP), Map.of("buy", FLAT)));

    Power p = r.power();
    assertThat(p.mde()).isEqualTo(0.05);
    assertThat(p.powerReached())
        .isCloseTo(SampleSize.power(0.1, 0.05, 0.05, 1000), within(1e-12))
        .isGreaterThan(0.8);
    assertThat(p.detectableEffect())
        .isCloseTo(SampleSize.detectableEffect(0.1, 0.05, 0.8, 1000), within(1e-12));
    assertThat(p.detectableEffectAtTarget()).isLessThan(p.detectableEffect());
    StringWriter json = new StringWriter();
    ResultsFormat.JSON.write(new Results(List.of(r)), json);
    assertThat(json.toString()).contains("\"power\":{\"power\":0.8,\"detectable_effect\":");
    StringWriter table = new StringWriter();
    ResultsFormat.TABLE.write(new Results(List.of(r)), table);
    assertThat(table.toString()).contains("Power reached for the planned effect of +5.00 pp:");
  }

  @Test
  void mde_invalid_isAProblemWithItsPath() {
    assertThatThrownBy(
            () ->
                dev.abkit.manifest.ManifestParser.parse(
                    "{\"experiments\": [{\"id\": \"exp\", \"variants\": [{\"key\": \"A\"},"
                        + " {\"key\": \"B\"}], \"target_event\": \"buy\", \"mde\": 0}]}"))
        .hasMessageContaining("experiments[0].mde: must be a non-zero absolute change");
  }
}
