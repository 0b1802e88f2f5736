package dev.abkit.internal.report;

import dev.abkit.analysis.Comparison;
import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.Progress;
import dev.abkit.analysis.Results;
import dev.abkit.analysis.VariantResult;
import dev.abkit.manifest.Experiment;
import java.util.Locale;
import java.util.Optional;

/**
 * The overview: one card per experiment with its status, hypothesis, verdict badges, alerts,
 * progress, a small rates chart and the variants' figures, linking to the experiment's page.
 */
final class OverviewPage {
  private static final String[] COLUMNS = {
    "variant", "exposures", "conversions", "rate", "lift (interval)", "verdict"
  };

  private OverviewPage() {}

  static void render(StringBuilder h, Results results, PageContext page) {
    h.append("<header id=\"overview\"><h1>Experiment results</h1>\n");
    Html.asOf(h, page.asOf());
    h.append("</header>\n");
    if (results.experiments().isEmpty()) {
      h.append("<p class=\"note\">No experiments to show.</p>\n");
      return;
    }
    h.append("<main class=\"cards\">\n");
    for (ExperimentResult e : results.experiments()) {
      card(h, e, page);
    }
    h.append("</main>\n");
  }

  private static void card(StringBuilder h, ExperimentResult e, PageContext page) {
    Optional<Experiment> manifest = page.experiment(e.id());
    h.append("<section class=\"card\" aria-labelledby=\"card-")
        .append(e.id())
        .append("\"><h2 id=\"card-")
        .append(e.id())
        .append("\"><a href=\"")
        .append(Html.escape(page.link(e.id())))
        .append("\">")
        .append(Html.escape(e.id()))
        .append("</a></h2>\n<p>");
    Readings.badge(h, "status", manifest.map(x -> x.status().id()).orElse("status unknown"));
    Readings.verdictBadges(h, e);
    h.append("</p>\n");
    manifest
        .map(Experiment::hypothesis)
        .filter(s -> !s.isBlank())
        .ifPresent(s -> h.append("<p>").append(Html.escape(s)).append("</p>\n"));
    Readings.alerts(h, e);
    progress(h, e.progress());
    String table = "ov-" + e.id() + "-table";
    RatesChart.render(
        h,
        "ov-" + e.id() + "-rates",
        table,
        e.targetEvent() == null ? "(no target event)" : e.targetEvent(),
        e.variants());
    Html.openTable(h, table);
    Html.headers(h, COLUMNS);
    h.append("<tbody>\n");
    for (VariantResult v : e.variants()) {
      h.append("<tr><th scope=\"row\">")
          .append(Html.escape(page.variantName(e.id(), v.key())))
          .append("</th>");
      Html.numberCell(h, COLUMNS[1], Long.toString(v.exposures()));
      Html.numberCell(h, COLUMNS[2], Long.toString(v.conversions()));
      Html.numberCell(h, COLUMNS[3], Text.percent(v.conversionRate()));
      Comparison c = v.comparison();
      Html.numberCell(
          h,
          COLUMNS[4],
          c == null
              ? ""
              : Text.lift(c.lift().absolute(), Text.decidingCi(c, e.sequential()), e.goalKind()));
      h.append("<td data-label=\"verdict\" class=\"")
          .append(c == null ? "" : c.verdict().jsonName())
          .append("\">")
          .append(Html.escape(Text.verdict(v)))
          .append("</td></tr>\n");
    }
    h.append("</tbody></table></div>\n<p><a href=\"")
        .append(Html.escape(page.link(e.id())))
        .append("\">Every metric, power and what it means: ")
        .append(Html.escape(e.id()))
        .append("</a></p>\n</section>\n");
  }

  static void progress(StringBuilder h, Progress p) {
    h.append("<p>");
    if (p.targetSampleSize() != null && p.fraction() != null) {
      h.append(
          String.format(
              Locale.ROOT,
              "<progress max=\"1\" value=\"%.4f\" aria-label=\"progress toward the planned"
                  + " sample\"></progress> ",
              Math.min(1, p.fraction())));
    }
    h.append(Html.escape(Text.progress(p))).append("</p>\n");
  }
}
