package dev.abkit.internal.report;

import dev.abkit.analysis.Breakdown;
import dev.abkit.analysis.Comparison;
import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.MetricKind;
import dev.abkit.analysis.MetricResult;
import dev.abkit.analysis.VariantResult;
import dev.abkit.manifest.Experiment;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The experiment page's breakdowns: for each value of the dimension asked for, one table of every
 * metric's results over the units with that value, under a note that says they are exploratory;
 * links to the experiment's other dimensions.
 */
final class Breakdowns {
  private static final String[] COLUMNS = {
    "metric", "variant", "exposures", "rate or mean", "lift (interval)", "p-value", "verdict"
  };

  private Breakdowns() {}

  static void render(StringBuilder h, ExperimentResult e, PageContext page) {
    List<String> dimensions = page.experiment(e.id()).map(Experiment::dimensions).orElse(List.of());
    Breakdown b = e.breakdown();
    if (b == null && dimensions.isEmpty()) {
      return;
    }
    h.append("<section><h2>Breakdowns</h2>\n");
    if (!page.anchors() && !dimensions.isEmpty()) {
      h.append("<p>By: ");
      for (int i = 0; i < dimensions.size(); i++) {
        String d = dimensions.get(i);
        h.append(i == 0 ? "" : ", ");
        if (b != null && b.dimension().equals(d)) {
          h.append("<strong>").append(Html.escape(d)).append("</strong>");
        } else {
          h.append("<a href=\"")
              .append(Html.escape(link(page, e.id(), d)))
              .append("\">")
              .append(Html.escape(d))
              .append("</a>");
        }
      }
      h.append("</p>\n");
    }
    if (b == null) {
      h.append("<p class=\"note\">Not requested (results with <code>?dimension=")
          .append(Html.escape(dimensions.get(0)))
          .append("</code>).</p>\n</section>\n");
      return;
    }
    h.append("<p class=\"note\">").append(Html.escape(Text.breakdownHeading(b))).append(".</p>\n");
    if (b.segments().isEmpty()) {
      h.append("<p>No exposed units yet.</p>\n");
    }
    for (Breakdown.Segment s : b.segments()) {
      h.append("<h3>").append(Html.escape(Text.segment(b, s))).append("</h3>\n");
      Html.openTable(h, null);
      Html.headers(h, COLUMNS);
      h.append("<tbody>\n");
      String goal = e.targetEvent() == null ? "(no target event)" : e.targetEvent();
      rows(h, e, page, goal, s.variants(), e.goalKind());
      for (MetricResult m : s.metrics()) {
        rows(h, e, page, m.name(), m.variants(), m.kind());
      }
      h.append("</tbody></table></div>\n");
    }
    h.append("</section>\n");
  }

  private static void rows(
      StringBuilder h,
      ExperimentResult e,
      PageContext page,
      String metric,
      List<VariantResult> variants,
      MetricKind kind) {
    for (VariantResult v : variants) {
      h.append("<tr><td data-label=\"metric\">")
          .append(Html.escape(metric))
          .append("</td><th scope=\"row\">")
          .append(Html.escape(page.variantName(e.id(), v.key())))
          .append("</th>");
      Html.numberCell(h, COLUMNS[2], Long.toString(v.exposures()));
      Html.numberCell(
          h,
          COLUMNS[3],
          kind == MetricKind.CONVERSION ? Text.percent(v.conversionRate()) : Text.number(v.mean()));
      Comparison c = v.comparison();
      if (c == null) {
        h.append("<td></td><td></td><td data-label=\"verdict\">control</td></tr>\n");
        continue;
      }
      Html.numberCell(
          h, COLUMNS[4], Text.lift(c.lift().absolute(), Text.decidingCi(c, e.sequential()), kind));
      Html.numberCell(h, COLUMNS[5], Text.pValue(Text.decidingP(c, e.sequential())));
      h.append("<td data-label=\"verdict\" class=\"")
          .append(c.verdict().jsonName())
          .append("\">")
          .append(Html.escape(Text.verdict(v)))
          .append("</td></tr>\n");
    }
  }

  /** The experiment page broken down by {@code dimension}. */
  private static String link(PageContext page, String experiment, String dimension) {
    return page.link(experiment)
        + "&dimension="
        + URLEncoder.encode(dimension, StandardCharsets.UTF_8);
  }
}
