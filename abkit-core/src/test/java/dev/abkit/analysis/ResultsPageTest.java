package dev.abkit.analysis;

import static dev.abkit.analysis.Fixtures.data;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Manifest;
import dev.abkit.manifest.Status;
import dev.abkit.manifest.Variant;
import dev.abkit.spi.MetricData;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ResultsPageTest {
  private static final Instant AS_OF = Instant.parse("2026-11-30T09:15:42.123Z");

  /** A two-arm test on "click" with a "revenue" metric; B converts 18 pp more than A. */
  private static Experiment experiment(Long target, boolean sequential) {
    return Experiment.builder("cta")
        .hypothesis("A green <button> gets more clicks")
        .status(Status.RUNNING)
        .variants(
            List.of(
                new Variant("A", "grey", 1, Map.of(), null),
                new Variant("B", "green & big", 1, Map.of(), null)))
        .targetEvent("click")
        .metricEvents("revenue")
        .targetSampleSize(target)
        .sequential(sequential)
        .build();
  }

  private static ExperimentResult result(Experiment e, long perArm, long convA, long convB) {
    return Analyzer.analyze(
        e,
        data("cta")
            .arm(
                "A",
                perArm,
                Map.of(
                    "click",
                    new MetricData(convA, convA, convA),
                    "revenue",
                    new MetricData(convA, 10.0 * convA, 100.0 * convA)))
            .arm(
                "B",
                perArm,
                Map.of(
                    "click",
                    new MetricData(convB, convB, convB),
                    "revenue",
                    new MetricData(convB, 10.0 * convB, 100.0 * convB)))
            .build());
  }

  @Test
  void overview_listsStatusHypothesisLabelsBadgeProgressAndLinks() {
    Experiment e = experiment(1000L, false);
    String html =
        ResultsPage.overview(new Results(List.of(result(e, 500, 100, 190))), Manifest.of(e), AS_OF);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<body>").doesNotContain("<script");
    assertThat(html)
        .contains("<time datetime=\"2026-11-30T09:15:42Z\">2026-11-30 09:15 UTC</time>");
    assertThat(html).contains("<a href=\"?experiment=cta\">cta</a>");
    assertThat(html).contains(">running</span>").contains("class=\"badge b-better\">B better<");
    assertThat(html).contains("A green &lt;button&gt; gets more clicks");
    assertThat(html).contains("B (green &amp; big)").contains("A (grey)");
    assertThat(html).contains("<progress max=\"1\" value=\"1.0000\"");
    assertThat(html).contains("data-chart=\"rates\"").contains("<th scope=\"row\">");
    // On a narrow screen each cell shows its column's name (the tables stack, no sideways scroll).
    assertThat(html)
        .contains("<table class=\"stack\"")
        .contains("<td class=\"n\" data-label=\"exposures\">500</td>");
    // Charts scale with the page: a viewBox and no fixed width.
    assertThat(html).doesNotContainPattern("<svg[^>]* width=");
  }

  /** The sign-out button is an option of the page, first in the body; off by default. */
  @Test
  void signOutAction_addsTheSignOutFormAtTheTop_onlyWhenGiven() {
    Experiment e = experiment(1000L, false);
    ExperimentResult r = result(e, 500, 100, 190);
    String form =
        "<body>\n<form method=\"post\" action=\"/results.html?experiment=cta&amp;x=&quot;\""
            + " style=\"float:right\"><input type=\"hidden\" name=\"sign_out\" value=\"1\">"
            + "<button type=\"submit\">Sign out</button></form>";

    assertThat(
            ResultsPage.overview(
                new Results(List.of(r)),
                Manifest.of(e),
                AS_OF,
                "/results.html?experiment=cta&x=\""))
        .contains(form);
    assertThat(
            ResultsPage.experiment(r, Manifest.of(e), AS_OF, "/results.html?experiment=cta&x=\""))
        .contains(form);
    assertThat(ResultsPage.overview(new Results(List.of(r)), Manifest.of(e), AS_OF))
        .doesNotContain("Sign out")
        .doesNotContain(ResultsPage.SIGN_OUT_FIELD);
    assertThat(ResultsPage.experiment(r, Manifest.of(e), AS_OF)).doesNotContain("Sign out");
  }

  @Test
  void overview_showsSrmAlertAndWithholdsTheVerdict() {
    Experiment e = experiment(null, false);
    ExperimentResult skewed =
        Analyzer.analyze(e, data("cta").arm("A", 2000, 200).arm("B", 1000, 100).build());
    String html = ResultsPage.overview(new Results(List.of(skewed)), Manifest.of(e), AS_OF);
    assertThat(html).contains("role=\"alert\"").contains("SRM WARNING");
    assertThat(html)
        .contains("class=\"badge b-srm_mismatch\">SRM: results withheld<")
        .doesNotContain("badge b-better")
        .doesNotContain("badge b-worse");
  }

  @Test
  void experimentPage_readsTheResultInWords_withEveryMetricAndPower() {
    Experiment e = experiment(1000L, false);
    String html = ResultsPage.experiment(result(e, 500, 100, 190), Manifest.of(e), AS_OF);
    // 20% against 38%: +18 pp, and 1000 units is the plan, so it can be called.
    assertThat(html)
        .containsPattern(
            "B raised click by \\+18\\.0 pp \\(95% CI \\+1[0-9]\\.[0-9] to \\+2[0-9]\\.[0-9]\\)"
                + " compared with A; the test has reached its planned sample size, so it has"
                + " enough data to call it\\.");
    assertThat(html).contains("<h2>Goal: click</h2>").contains("<h2>Secondary: revenue</h2>");
    assertThat(html).contains("<h2>Power</h2>").contains("detects a change of");
    assertThat(html).contains("<a href=\"?\">All experiments</a>");
    assertThat(html).contains("<title>cta - abkit results</title>");
    // The chart's text alternative names every bar, and points at the table with the figures.
    Matcher svg =
        Pattern.compile(
                "<svg[^>]*data-chart=\"rates\"[^>]*>\\s*<title id=\"([^\"]+)\">"
                    + "([^<]*)</title>")
            .matcher(html);
    assertThat(svg.find()).isTrue();
    assertThat(svg.group(2)).contains("A: 20.00%").contains("B: 38.00%");
    assertThat(html).contains("aria-describedby=\"exp-cta-goal\"").contains("id=\"exp-cta-goal\"");
  }

  @Test
  void experimentPage_saysWhenItIsTooEarlyOrNoDifference() {
    Experiment planned = experiment(10_000L, false);
    assertThat(ResultsPage.experiment(result(planned, 500, 100, 190), Manifest.of(planned), AS_OF))
        .contains("the test has 10% of its planned 10000 units")
        .contains("wait before calling it");
    Experiment sequential = experiment(null, true);
    assertThat(
            ResultsPage.experiment(
                result(sequential, 500, 100, 102), Manifest.of(sequential), AS_OF))
        .contains("No clear difference yet on click: +0.4 pp (95% always-valid CI")
        .contains("sequential (always valid): keep it running");
    assertThat(ResultsPage.experiment(result(planned, 0, 0, 0), Manifest.of(planned), AS_OF))
        .contains("Not enough data yet to compare B and A on click.")
        .contains("Too little data to say which change");
  }

  @Test
  void detectableEffect_invertsTheSampleSizeFormula() {
    ExperimentResult r = result(experiment(null, false), 1030, 206, 206);
    // Evan Miller: 20% baseline, 5 pp detected with 1030.2 per variant at alpha 0.05, power 0.8.
    assertThat(ResultsPage.experiment(r, Manifest.of(experiment(null, false)), AS_OF))
        .contains("the test detects a change of 5.00 pp or more 80% of the time");
  }

  @Test
  void nullArgumentsAreNamed() {
    assertThatThrownBy(() -> ResultsPage.overview(new Results(List.of()), null, AS_OF))
        .hasMessage("manifest");
  }
}
