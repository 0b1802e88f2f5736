package dev.abkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.abkit.examples.cli.BenchSummary.Check;
import dev.abkit.examples.cli.BenchSummary.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchSummaryTest {
  private static Row avgt(String name, double score, double error) {
    return new Row(name, "avgt", score, error, "ns/op", 64.0);
  }

  @Test
  void checks_computeEveryRatioFromTheSameRows() {
    List<Row> rows =
        List.of(
            avgt(BenchSummary.FLOOR, 40, 2),
            avgt(BenchSummary.ASSIGN_ONE, 100, 5),
            avgt(BenchSummary.ASSIGN_TWENTY, 1500, 50),
            avgt(BenchSummary.UNLEASH, 5000, 500),
            avgt(BenchSummary.OPTIMIZELY, 900, 90));

    List<Check> checks = BenchSummary.checks(rows);

    assertThat(checks)
        .extracting(Check::label)
        .containsExactly(
            "assignOne / murmur3Hash",
            "assignTwenty (ns)",
            "unleashVariant / assignOne",
            "optimizelyVariation / assignOne");
    assertThat(checks.get(0).value()).isEqualTo(2.5);
    assertThat(checks.get(0).low()).isCloseTo(95.0 / 42, within(1e-12));
    assertThat(checks.get(0).high()).isCloseTo(105.0 / 38, within(1e-12));
    assertThat(checks.get(0).pass()).isTrue();
    assertThat(checks.get(1).value()).isEqualTo(1500);
    assertThat(checks.get(1).pass()).isTrue();
    assertThat(checks.get(2).value()).isEqualTo(50);
    assertThat(checks.get(2).pass()).isTrue();
    assertThat(checks.get(3).value()).isEqualTo(9);
    assertThat(checks.get(3).pass()).isFalse();
  }

  @Test
  void checks_servletRoutes_ratioOfRequestTimesInTheirOwnUnit() {
    List<Check> within10 =
        BenchSummary.checks(
            List.of(
                new Row(BenchSummary.PLAIN_ROUTE, "avgt", 100, 4, "us/op", null),
                new Row(BenchSummary.ABKIT_ROUTE, "avgt", 109, 4, "us/op", null)));
    List<Check> beyond =
        BenchSummary.checks(
            List.of(
                new Row(BenchSummary.PLAIN_ROUTE, "avgt", 100, 4, "us/op", null),
                new Row(BenchSummary.ABKIT_ROUTE, "avgt", 112, 4, "us/op", null)));

    assertThat(within10)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.label()).isEqualTo("abkitRoute / plainRoute");
              assertThat(c.value()).isCloseTo(1.09, within(1e-12));
              assertThat(c.low()).isCloseTo(105.0 / 104, within(1e-12));
              assertThat(c.bound()).isEqualTo("<= 1.1x");
              assertThat(c.pass()).isTrue();
            });
    assertThat(beyond).singleElement().extracting(Check::pass).isEqualTo(false);
  }

  @Test
  void checks_boundsAreInclusiveAndFailJustBeyond() {
    List<Check> atBound =
        BenchSummary.checks(
            List.of(
                avgt(BenchSummary.FLOOR, 40, 1),
                avgt(BenchSummary.ASSIGN_ONE, 120, 1),
                avgt(BenchSummary.ASSIGN_TWENTY, 2000, 1)));
    List<Check> beyond =
        BenchSummary.checks(
            List.of(
                avgt(BenchSummary.FLOOR, 40, 1),
                avgt(BenchSummary.ASSIGN_ONE, 121, 1),
                avgt(BenchSummary.ASSIGN_TWENTY, 2001, 1)));

    assertThat(atBound).allMatch(Check::pass);
    assertThat(beyond).noneMatch(Check::pass);
  }

  @Test
  void checks_skipWhatDidNotRunAndIgnoreOtherModes() {
    List<Check> checks =
        BenchSummary.checks(
            List.of(
                new Row(BenchSummary.FLOOR, "thrpt", 0.02, 0.001, "ops/ns", null),
                avgt(BenchSummary.ASSIGN_ONE, 100, 5),
                avgt(BenchSummary.UNLEASH, 5000, Double.NaN)));

    assertThat(checks).extracting(Check::label).containsExactly("unleashVariant / assignOne");
    assertThat(checks.get(0).low()).isEqualTo(5000.0 / 105);
  }

  @Test
  void render_listsEveryRowWithItsFloorRatioAndTheVerdicts() {
    List<Row> rows =
        List.of(
            avgt(BenchSummary.FLOOR, 40, 2),
            avgt(BenchSummary.ASSIGN_ONE, 100, 5),
            new Row("PipelineBenchmark.enqueue", "thrpt", 12.5, Double.NaN, "ops/us", null));

    String text = BenchSummary.render(rows, BenchSummary.checks(rows));

    assertThat(text.lines())
        .anyMatch(
            l ->
                l.matches(
                    "AssignBenchmark\\.murmur3Hash\\s+avgt\\s+40\\.0\\s+± 2\\.00\\s+ns/op\\s+64\\.0\\s+1\\.00x"))
        .anyMatch(
            l ->
                l.matches(
                    "AssignBenchmark\\.assignOne\\s+avgt\\s+100\\s+± 5\\.00\\s+ns/op\\s+64\\.0\\s+2\\.50x"))
        .anyMatch(
            l ->
                l.matches(
                    "PipelineBenchmark\\.enqueue\\s+thrpt\\s+12\\.5\\s+-\\s+ops/us\\s+-\\s+-"))
        .anyMatch(
            l ->
                l.matches(
                    "\\s+assignOne / murmur3Hash\\s+2\\.50\\s+\\[2\\.26 \\.\\. 2\\.76]\\s+<= 3x\\s+PASS"));
  }

  @Test
  void fmt_keepsThreeSignificantDigitsWithoutExponent() {
    assertThat(BenchSummary.fmt(43.14)).isEqualTo("43.1");
    assertThat(BenchSummary.fmt(0.91234)).isEqualTo("0.912");
    assertThat(BenchSummary.fmt(1234.5)).isEqualTo("1235");
    assertThat(BenchSummary.fmt(2.5)).isEqualTo("2.50");
    assertThat(BenchSummary.fmt(Double.POSITIVE_INFINITY)).isEqualTo("inf");
  }
}
