package dev.abkit.internal.report;

import dev.abkit.analysis.Comparison;
import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.MetricKind;
import dev.abkit.analysis.MetricResult;
import dev.abkit.analysis.Power;
import dev.abkit.analysis.VariantResult;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Metric;
import dev.abkit.manifest.Variant;
import java.util.List;
import java.util.Optional;

/**
 * One experiment: what it tests, the reading in words, the goal metric with its rates chart, every
 * secondary metric with lift and interval, and the effect the current sample can detect.
 */
final class ExperimentPage {
  private ExperimentPage() {}

  static void render(StringBuilder h, ExperimentResult e, PageContext page) {
    Optional<Experiment> manifest = page.experiment(e.id());
    h.append("<article id=\"exp-")
        .append(e.id())
        .append("\" aria-labelledby=\"h-")
        .append(e.id())
        .append("\">\n<p><a href=\"")
        .append(Html.escape(page.overviewLink()))
        .append("\">All experiments</a></p>\n<h1 id=\"h-")
        .append(e.id())
        .append("\">")
        .append(Html.escape(e.id()))
        .append("</h1>\n");
    Html.asOf(h, page.asOf());
    h.append("<p>");
    Readings.badge(h, "status", manifest.map(x -> x.status().id()).orElse("status unknown"));
    Readings.verdictBadges(h, e);
    h.append("</p>\n");
    manifest.ifPresent(m -> about(h, m));
    h.append("<p class=\"note\">").append(Html.escape(Text.heading(e))).append("</p>\n");
    Readings.alerts(h, e);
    for (VariantResult v : e.variants()) {
      if (!v.isControl()) {
        h.append("<p class=\"summary\">")
            .append(Html.escape(Readings.sentence(e, v)))
            .append("</p>\n");
      }
    }
    OverviewPage.progress(h, e.progress());
    goal(h, e, page);
    for (MetricResult m : e.metrics()) {
      metric(h, e, m, page);
    }
    power(h, e);
    Breakdowns.render(h, e, page);
    h.append("<section><h2>Over time</h2>\n");
    if (e.timeseries() == null) {
      h.append(
          "<p class=\"note\">Not requested (results with <code>?timeseries=true</code>).</p>\n");
    } else {
      h.append(
              "<p class=\"note\">The goal's conversion rate as it stood at the end of each UTC day:")
          .append(" cumulative exposures per variant, and each treatment's lift with its ")
          .append(e.sequential() ? "confidence sequence (valid at every look)" : "interval")
          .append(".</p>\n");
      TimeCharts.render(h, "exp-" + e.id() + "-time", e.timeseries(), e.sequential());
    }
    h.append("</section>\n</article>\n");
  }

  private static void about(StringBuilder h, Experiment m) {
    if (m.description() != null && !m.description().isBlank()) {
      h.append("<p>").append(Html.escape(m.description())).append("</p>\n");
    }
    if (m.hypothesis() != null && !m.hypothesis().isBlank()) {
      h.append("<p><strong>Hypothesis:</strong> ")
          .append(Html.escape(m.hypothesis()))
          .append("</p>\n");
    }
    h.append("<p><strong>Variants:</strong> ");
    List<Variant> variants = m.variants();
    for (int i = 0; i < variants.size(); i++) {
      Variant v = variants.get(i);
      h.append(i == 0 ? "" : ", ").append(Html.escape(v.key()));
      if (v.label() != null && !v.label().isBlank()) {
        h.append(" (").append(Html.escape(v.label())).append(')');
      }
      if (v.key().equals(m.control())) {
        h.append(" is the control");
      }
    }
    h.append("</p>\n");
  }

  private static void goal(StringBuilder h, ExperimentResult e, PageContext page) {
    String metric = e.targetEvent() == null ? "(no target event)" : e.targetEvent();
    h.append("<section><h2>Goal: ")
        .append(Html.escape(metric))
        .append("</h2>\n<p class=\"note\">Conversion: share of exposed units that did it at")
        .append(" least once; higher is better.</p>\n");
    String table = "exp-" + e.id() + "-goal";
    RatesChart.render(h, "exp-" + e.id() + "-rates", table, metric, e.variants());
    Html.openTable(h, table);
    String[] columns = {
      "variant",
      "exposures",
      "conversions",
      "rate",
      "lift (" + (e.sequential() ? "always-valid" : "confidence") + " interval)",
      "relative lift",
      Text.pHeader(e, e.variants()),
      "chance to beat control",
      "verdict"
    };
    Html.headers(h, columns);
    h.append("<tbody>\n");
    for (VariantResult v : e.variants()) {
      row(h, e, v, page, e.goalKind(), columns);
    }
    h.append("</tbody></table></div>\n<p class=\"note\">")
        .append(Html.escape(Text.progress(e.progress())))
        .append("; SRM p = ")
        .append(Html.escape(Text.pValue(e.srm().pValue())))
        .append(". Bars: conversion rate; whiskers: Wilson interval.</p>\n</section>\n");
  }

  private static void metric(
      StringBuilder h, ExperimentResult e, MetricResult m, PageContext page) {
    h.append("<section><h2>")
        .append(m.metric().role() == Metric.Role.GUARDRAIL ? "Guardrail: " : "Secondary: ")
        .append(Html.escape(m.name()))
        .append("</h2>\n<p class=\"note\">")
        .append(
            m.kind() == MetricKind.CONVERSION
                ? "Conversion: share of exposed units that did it"
                : "Mean per exposed unit of each unit's total")
        .append(" (")
        .append(Html.escape(Text.definition(m.metric(), e)))
        .append(").</p>\n");
    Html.openTable(h, null);
    String[] columns = {
      "variant",
      "exposures",
      "units with the event",
      m.kind() == MetricKind.CONVERSION ? "rate" : "mean per unit",
      "lift (interval)",
      "relative lift",
      Text.pHeader(e, m.variants()),
      "chance to beat control",
      "verdict"
    };
    Html.headers(h, columns);
    h.append("<tbody>\n");
    for (VariantResult v : m.variants()) {
      row(h, e, v, page, m.kind(), columns);
    }
    h.append("</tbody></table></div>\n</section>\n");
  }

  private static void row(
      StringBuilder h,
      ExperimentResult e,
      VariantResult v,
      PageContext page,
      MetricKind kind,
      String[] columns) {
    h.append("<tr><th scope=\"row\">")
        .append(Html.escape(page.variantName(e.id(), v.key())))
        .append("</th>");
    Html.numberCell(h, columns[1], Long.toString(v.exposures()));
    Html.numberCell(h, columns[2], Long.toString(v.conversions()));
    Html.numberCell(
        h,
        columns[3],
        kind == MetricKind.CONVERSION ? Text.percent(v.conversionRate()) : Text.number(v.mean()));
    Comparison c = v.comparison();
    if (c == null) {
      h.append("<td></td><td></td><td></td><td></td><td data-label=\"verdict\">control</td>")
          .append("</tr>\n");
      return;
    }
    Html.numberCell(
        h, columns[4], Text.lift(c.lift().absolute(), Text.decidingCi(c, e.sequential()), kind));
    Html.numberCell(h, columns[5], Text.signedPercent(c.lift().relative()));
    Html.numberCell(h, columns[6], Text.pValue(Text.decidingP(c, e.sequential())));
    Html.numberCell(h, columns[7], Text.percentOfChance(c.chanceToBeatControl()));
    h.append("<td data-label=\"verdict\" class=\"")
        .append(c.verdict().jsonName())
        .append("\">")
        .append(Html.escape(Text.verdict(v)))
        .append("</td></tr>\n");
  }

  /** The smallest change of the goal rate detectable now, and at the planned sample size. */
  private static void power(StringBuilder h, ExperimentResult e) {
    Power power = e.power();
    if (power == null) {
      return;
    }
    h.append("<section><h2>Power</h2>\n<p>")
        .append(Html.escape(Text.power(e, power)))
        .append("</p>\n<p class=\"note\">Minimum detectable effect from Evan Miller's sample-size")
        .append(" formula, two-sided, baseline the control's current rate.</p>\n")
        .append("</section>\n");
  }
}
