package dev.abkit.analysis;

import static dev.abkit.analysis.Fixtures.data;
import static dev.abkit.analysis.Fixtures.experiment;
import static dev.abkit.analysis.Fixtures.twoArms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Range;
import dev.abkit.manifest.Variant;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.MetricData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyzerTest {

  @Test
  void analyze_designExample_reportsRatesLiftAndSignificance() {
    ExperimentResult r =
        Analyzer.analyze(twoArms(false), data("exp").arm("A", 250, 38).arm("B", 250, 88).build());
    VariantResult a = r.variant("A").orElseThrow();
    VariantResult b = r.variant("B").orElseThrow();
    assertThat(a.isControl()).isTrue();
    assertThat(a.conversionRate()).isEqualTo(0.152);
    assertThat(b.conversionRate()).isEqualTo(0.352);
    Comparison c = b.comparison();
    assertThat(c.lift().absolute()).isCloseTo(0.2, within(1e-12));
    assertThat(c.lift().relative()).isCloseTo(0.2 / 0.152, within(1e-12));
    // unpooled z: se = sqrt(.152*.848/250 + .352*.648/250)
    double se = Math.sqrt(0.152 * 0.848 / 250 + 0.352 * 0.648 / 250);
    assertThat(c.lift().absoluteCi().lower()).isCloseTo(0.2 - 1.959964 * se, within(1e-6));
    assertThat(c.lift().absoluteCi().upper()).isCloseTo(0.2 + 1.959964 * se, within(1e-6));
    assertThat(c.pValue()).isLessThan(1e-6).isGreaterThan(0);
    assertThat(c.pValueAdjusted()).isNull();
    assertThat(c.significant()).isTrue();
    assertThat(c.verdict()).isEqualTo(Verdict.BETTER);
    assertThat(c.chanceToBeatControl()).isGreaterThan(0.999);
    assertThat(c.chanceToBeatControlExact()).isGreaterThan(0.999);
    assertThat(c.sequential()).isNull();
    assertThat(r.srm().pValue()).isEqualTo(1.0);
    assertThat(r.srm().mismatch()).isFalse();
  }

  @Test
  void analyze_smallArms_usesWelchT() {
    // C04, 3/10 vs 9/10: Welch dof ~17, so the p-value is the t one, above the z one (0.00053)
    ExperimentResult r =
        Analyzer.analyze(twoArms(false), data("exp").arm("A", 10, 3).arm("B", 10, 9).build());
    double p = r.variant("B").orElseThrow().comparison().pValue();
    assertThat(p).isGreaterThan(0.001).isLessThan(0.01);
  }

  @Test
  void analyze_controlWithoutConversions_relativeLiftIsNull() {
    ExperimentResult r =
        Analyzer.analyze(twoArms(false), data("exp").arm("A", 500, 0).arm("B", 500, 3).build());
    Comparison c = r.variant("B").orElseThrow().comparison();
    assertThat(c.lift().absolute()).isCloseTo(0.006, within(1e-12));
    assertThat(c.lift().relative()).isNull();
    assertThat(c.lift().relativeCi()).isNull();
    assertThat(c.pValue()).isCloseTo(0.0823, within(5e-5));
  }

  @Test
  void analyze_noConversionsAnywhere_pValueAndIntervalsAreNull() {
    ExperimentResult r =
        Analyzer.analyze(twoArms(false), data("exp").arm("A", 100, 0).arm("B", 100, 0).build());
    Comparison c = r.variant("B").orElseThrow().comparison();
    assertThat(c.lift().absolute()).isEqualTo(0.0);
    assertThat(c.lift().relative()).isNull();
    assertThat(c.lift().absoluteCi()).isNull();
    assertThat(c.pValue()).isNull();
    assertThat(c.chanceToBeatControl()).isNull();
    assertThat(c.significant()).isFalse();
    assertThat(c.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
  }

  @Test
  void analyze_everyoneConvertsInBothArms_zeroVarianceGivesNullP() {
    ExperimentResult r =
        Analyzer.analyze(twoArms(false), data("exp").arm("A", 40, 40).arm("B", 40, 40).build());
    Comparison c = r.variant("B").orElseThrow().comparison();
    assertThat(c.lift().absolute()).isEqualTo(0.0);
    assertThat(c.lift().relative()).isEqualTo(0.0);
    assertThat(c.pValue()).isNull();
    assertThat(c.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
  }

  @Test
  void analyze_variantWithoutUnits_hasNullRateAndLift() {
    ExperimentResult r = Analyzer.analyze(twoArms(false), data("exp").arm("A", 100, 10).build());
    VariantResult b = r.variant("B").orElseThrow();
    assertThat(b.exposures()).isZero();
    assertThat(b.conversionRate()).isNull();
    assertThat(b.conversionRateCi()).isNull();
    assertThat(b.mean()).isNull();
    assertThat(b.comparison().lift()).isEqualTo(new Lift(null, null, null, null));
    assertThat(b.comparison().chanceToBeatControlExact()).isNull();
    assertThat(b.comparison().verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
  }

  @Test
  void analyze_noDataAtAll_isDefinedEverywhere() {
    ExperimentResult r = Analyzer.analyze(twoArms(true), data("exp").build());
    assertThat(r.srm().pValue()).isEqualTo(1.0);
    assertThat(r.srm().checked()).isFalse();
    assertThat(r.progress().exposures()).isZero();
    assertThat(r.variant("B").orElseThrow().comparison().sequential())
        .isEqualTo(new SequentialResult(null, null, null, null));
  }

  @Test
  void analyze_severalTreatments_holmAdjustsAndDecides() {
    Experiment e =
        experiment(
            "exp",
            List.of(Variant.of("A", 1), Variant.of("B", 1), Variant.of("C", 1)),
            List.of(),
            null,
            false);
    ExperimentResult r =
        Analyzer.analyze(
            e, data("exp").arm("A", 1000, 100).arm("B", 1000, 140).arm("C", 1000, 101).build());
    Comparison b = r.variant("B").orElseThrow().comparison();
    Comparison c = r.variant("C").orElseThrow().comparison();
    // B has the smaller p: multiplied by 2; C's is max(its own, B's adjusted)
    assertThat(b.pValueAdjusted()).isCloseTo(Math.min(1, 2 * b.pValue()), within(1e-15));
    assertThat(c.pValueAdjusted())
        .isCloseTo(Math.max(c.pValue(), b.pValueAdjusted()), within(1e-15));
    assertThat(b.pValueAdjusted()).isLessThan(0.05);
    assertThat(b.significant()).isTrue();
    assertThat(b.verdict()).isEqualTo(Verdict.BETTER);
    assertThat(c.significant()).isFalse();
  }

  @Test
  void analyze_brokenSplit_flagsSrmAndWithholdsVerdict() {
    ExperimentResult r =
        Analyzer.analyze(
            twoArms(false), data("exp").arm("A", 1000, 100).arm("B", 1200, 200).build());
    assertThat(r.srm().pValue()).isCloseTo(2.0079e-5, within(5e-10));
    assertThat(r.srm().mismatch()).isTrue();
    Comparison c = r.variant("B").orElseThrow().comparison();
    assertThat(c.significant()).isTrue();
    assertThat(c.verdict()).isEqualTo(Verdict.SRM_MISMATCH);
  }

  @Test
  void analyze_tinyArms_doNotFlagSrmBelowMinimumCount() {
    ExperimentResult r =
        Analyzer.analyze(twoArms(false), data("exp").arm("A", 16, 1).arm("B", 0, 0).build());
    assertThat(r.srm().pValue()).isLessThan(0.001);
    assertThat(r.srm().checked()).isTrue();
    assertThat(r.srm().mismatch()).isTrue();
    ExperimentResult small =
        Analyzer.analyze(twoArms(false), data("exp").arm("A", 7, 1).arm("B", 0, 0).build());
    assertThat(small.srm().checked()).isFalse();
    assertThat(small.srm().mismatch()).isFalse();
  }

  @Test
  void analyze_plannedWeightsAndRanges_areTheSrmExpectation() {
    Experiment weighted =
        experiment("exp", List.of(Variant.of("A", 3), Variant.of("B", 1)), List.of(), null, false);
    assertThat(
            Analyzer.analyze(weighted, data("exp").arm("A", 310, 1).arm("B", 98, 1).build())
                .srm()
                .pValue())
        .isCloseTo(0.647434186, within(5e-10));
    Experiment ranged =
        experiment(
            "exp",
            List.of(
                new Variant("A", null, 1, null, new Range(0, 0.75)),
                new Variant("B", null, 1, null, new Range(0.75, 1))),
            List.of(),
            null,
            false);
    assertThat(
            Analyzer.analyze(ranged, data("exp").arm("A", 310, 1).arm("B", 98, 1).build())
                .srm()
                .pValue())
        .isCloseTo(0.647434186, within(5e-10));
  }

  @Test
  void analyze_targetSampleSize_reportsProgress() {
    Experiment e =
        experiment("exp", List.of(Variant.of("A", 1), Variant.of("B", 1)), List.of(), 1000L, false);
    ExperimentResult r = Analyzer.analyze(e, data("exp").arm("A", 200, 1).arm("B", 250, 1).build());
    assertThat(r.progress()).isEqualTo(new Progress(450, 1000L, 0.45));
  }

  @Test
  void analyze_sequential_isWiderAndDecidesSignificance() {
    ExperimentData d = data("exp").arm("A", 2000, 200).arm("B", 2000, 245).build();
    Comparison fixed = Analyzer.analyze(twoArms(false), d).variant("B").orElseThrow().comparison();
    Comparison seq = Analyzer.analyze(twoArms(true), d).variant("B").orElseThrow().comparison();
    assertThat(fixed.pValue()).isLessThan(0.05);
    assertThat(fixed.significant()).isTrue();
    assertThat(seq.pValue()).isEqualTo(fixed.pValue());
    assertThat(seq.sequential().pValue()).isGreaterThan(fixed.pValue());
    assertThat(seq.sequential().absoluteCi().lower()).isLessThan(fixed.lift().absoluteCi().lower());
    assertThat(seq.sequential().relativeCi()).isNotNull();
    assertThat(seq.significant()).isEqualTo(seq.sequential().pValue() < 0.05);
  }

  @Test
  void analyze_sequentialTuning_isConfigurable() {
    ExperimentData d = data("exp").arm("A", 2000, 200).arm("B", 2000, 245).build();
    double p5000 =
        Analyzer.analyze(twoArms(true), d)
            .variant("B")
            .orElseThrow()
            .comparison()
            .sequential()
            .pValue();
    double p1000 =
        Analyzer.analyze(twoArms(true), d, AnalysisSettings.defaults().withSequentialTuning(1000))
            .variant("B")
            .orElseThrow()
            .comparison()
            .sequential()
            .pValue();
    assertThat(p1000).isNotEqualTo(p5000);
  }

  @Test
  void analyze_furtherMetric_comparesMeansPerExposedUnit() {
    Experiment e =
        experiment(
            "exp",
            List.of(Variant.of("A", 1), Variant.of("B", 1)),
            List.of("revenue"),
            null,
            false);
    // A: 100 units, 20 paid 10 each; B: 100 units, 30 paid 10 each
    ExperimentData d =
        data("exp")
            .arm("A", 100, Map.of("revenue", new MetricData(20, 200, 2000)))
            .arm("B", 100, Map.of("revenue", new MetricData(30, 300, 3000)))
            .build();
    ExperimentResult r = Analyzer.analyze(e, d);
    assertThat(r.metrics()).hasSize(1);
    MetricResult m = r.metrics().get(0);
    assertThat(m.name()).isEqualTo("revenue");
    assertThat(m.kind()).isEqualTo(MetricKind.MEAN);
    VariantResult b = m.variants().get(1);
    assertThat(b.mean()).isEqualTo(3.0);
    assertThat(b.comparison().lift().absolute()).isEqualTo(1.0);
    assertThat(b.comparison().lift().relative()).isCloseTo(0.5, within(1e-12));
    // sample variances: A (2000 - 400)/99, B (3000 - 900)/99
    double se = Math.sqrt(1600.0 / 99 / 100 + 2100.0 / 99 / 100);
    assertThat(b.comparison().lift().absoluteCi().upper())
        .isCloseTo(1 + 1.959964 * se, within(1e-4));
  }

  @Test
  void analyze_dataOfAnotherExperiment_isRejected() {
    assertThatThrownBy(() -> Analyzer.analyze(twoArms(false), data("other").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other")
        .hasMessageContaining("exp");
  }

  @Test
  void settings_badValues_areRejectedByName() {
    assertThatThrownBy(() -> AnalysisSettings.defaults().withSequentialTuning(0))
        .hasMessageContaining("sequentialTuning");
    assertThatThrownBy(() -> AnalysisSettings.defaults().withSrmThreshold(1))
        .hasMessageContaining("srmThreshold");
    assertThatThrownBy(() -> AnalysisSettings.defaults().withSrmMinimumCount(-1))
        .hasMessageContaining("srmMinimumCount");
  }
}
