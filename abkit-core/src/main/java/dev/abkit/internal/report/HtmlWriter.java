package dev.abkit.internal.report;

import dev.abkit.analysis.Comparison;
import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.Interval;
import dev.abkit.analysis.MetricKind;
import dev.abkit.analysis.MetricResult;
import dev.abkit.analysis.Results;
import dev.abkit.analysis.VariantResult;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * Renders {@link ResultsFormat#HTML}: one self-contained page (inline CSS, inline SVG, no script).
 * Every text from the manifest or the data is HTML-escaped.
 */
public final class HtmlWriter {
  private static final String CSS =
      "body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#1d2430;background:#fff}"
          + "h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}"
          + "table{border-collapse:collapse;margin:.5rem 0}"
          + "th,td{padding:.3rem .7rem;border-bottom:1px solid #dde2ea;text-align:left}"
          + "td.n{text-align:right;font-variant-numeric:tabular-nums}"
          + ".srm{background:#fdecea;border:1px solid #e0817a;padding:.6rem;border-radius:4px}"
          + ".better{color:#17803d;font-weight:600}.worse{color:#b42318;font-weight:600}"
          + ".note{color:#5b6573}svg text{font:12px system-ui,sans-serif}";

  private HtmlWriter() {}

  public static void write(Results results, Writer out) throws IOException {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>abkit results</title><style>")
        .append(CSS)
        .append("</style></head><body>\n<h1>Experiment results</h1>\n");
    if (results.experiments().isEmpty()) {
      h.append("<p class=\"note\">No experiments to show.</p>\n");
    }
    for (ExperimentResult e : results.experiments()) {
      experiment(h, e);
    }
    h.append("</body></html>\n");
    out.write(h.toString());
  }

  private static void experiment(StringBuilder h, ExperimentResult e) {
    boolean several = e.treatments() > 1;
    h.append("<section><h2>").append(escape(e.id())).append("</h2>\n");
    h.append("<p class=\"note\">").append(escape(Text.heading(e))).append("</p>\n");
    if (e.srm().mismatch()) {
      h.append("<p class=\"srm\" role=\"alert\">")
          .append(escape(Text.srmWarning(e)))
          .append("</p>\n");
    }
    for (MetricResult m : e.metrics()) {
      if (m.error() != null) {
        h.append("<p class=\"srm\" role=\"alert\">Metric ")
            .append(escape(m.name()))
            .append(" could not be computed: ")
            .append(escape(m.error()))
            .append("</p>\n");
      }
    }
    chart(h, e.variants());
    h.append("<table><thead><tr><th>variant</th><th>exposures</th><th>conversions</th>")
        .append("<th>rate</th><th>lift (")
        .append(e.sequential() ? "always-valid" : "confidence")
        .append(
            " interval)</th><th>relative lift</th><th>"
                + escape(Text.pHeader(e))
                + "</th><th>chance to beat control</th>")
        .append("<th>verdict</th></tr></thead><tbody>\n");
    for (VariantResult v : e.variants()) {
      Comparison c = v.comparison();
      h.append("<tr><td>").append(escape(v.key())).append("</td>");
      cell(h, Long.toString(v.exposures()));
      cell(h, Long.toString(v.conversions()));
      cell(h, Text.percent(v.conversionRate()));
      if (c == null) {
        h.append("<td></td><td></td><td></td><td></td><td>control</td></tr>\n");
        continue;
      }
      cell(
          h,
          Text.lift(
              c.lift().absolute(), Text.decidingCi(c, e.sequential()), MetricKind.CONVERSION));
      cell(h, Text.signedPercent(c.lift().relative()));
      cell(h, Text.pValue(Text.decidingP(c, e.sequential(), several)));
      cell(h, Text.percentOfChance(c.chanceToBeatControl()));
      h.append("<td class=\"")
          .append(c.verdict().jsonName())
          .append("\">")
          .append(escape(Text.verdict(v)))
          .append("</td></tr>\n");
    }
    h.append("</tbody></table>\n");
    h.append("<p class=\"note\">")
        .append(escape(Text.progress(e.progress())))
        .append("; SRM p = ")
        .append(escape(Text.pValue(e.srm().pValue())))
        .append(". Bars: conversion rate; whiskers: Wilson interval.</p>\n</section>\n");
  }

  /** Horizontal bars of the conversion rate per variant with interval whiskers. */
  private static void chart(StringBuilder h, List<VariantResult> variants) {
    int rowHeight = 34;
    int labelWidth = 120;
    int plotWidth = 360;
    int height = rowHeight * variants.size() + 24;
    double max = 0;
    for (VariantResult v : variants) {
      if (v.conversionRateCi() != null) {
        max = Math.max(max, v.conversionRateCi().upper());
      } else if (v.conversionRate() != null) {
        max = Math.max(max, v.conversionRate());
      }
    }
    max = max > 0 ? Math.min(1, max * 1.1) : 1;
    h.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\""
                + " aria-label=\"conversion rate per variant\">\n",
            labelWidth + plotWidth + 70,
            height));
    for (int i = 0; i < variants.size(); i++) {
      VariantResult v = variants.get(i);
      int y = i * rowHeight + 8;
      h.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
              labelWidth - 8,
              y + 16,
              escape(v.key())));
      if (v.conversionRate() == null) {
        h.append(
            String.format(
                Locale.ROOT, "<text x=\"%d\" y=\"%d\">no exposures</text>\n", labelWidth, y + 16));
        continue;
      }
      double w = plotWidth * v.conversionRate() / max;
      h.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"%s\"/>\n",
              labelWidth,
              y + 2,
              w,
              v.isControl() ? "#9aa5b5" : "#3b82c4"));
      Interval ci = v.conversionRateCi();
      if (ci != null) {
        double lo = labelWidth + plotWidth * ci.lower() / max;
        double hi = labelWidth + plotWidth * ci.upper() / max;
        int mid = y + 12;
        h.append(
            String.format(
                Locale.ROOT,
                "<path d=\"M%.1f %dH%.1fM%.1f %dV%dM%.1f %dV%d\" stroke=\"#1d2430\""
                    + " stroke-width=\"1.5\" fill=\"none\"/>\n",
                lo,
                mid,
                hi,
                lo,
                mid - 6,
                mid + 6,
                hi,
                mid - 6,
                mid + 6));
      }
      h.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\">%s</text>\n",
              labelWidth + plotWidth + 6,
              y + 16,
              escape(Text.percent(v.conversionRate()))));
    }
    h.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#5b6573\"/>\n</svg>\n",
            labelWidth,
            4,
            labelWidth,
            height - 16));
  }

  private static void cell(StringBuilder h, String text) {
    h.append("<td class=\"n\">").append(escape(text)).append("</td>");
  }

  /** Escapes text for HTML element content and double-quoted attributes. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '&':
          out.append("&amp;");
          break;
        case '"':
          out.append("&quot;");
          break;
        case '\'':
          out.append("&#39;");
          break;
        default:
          out.append(ch);
      }
    }
    return out.toString();
  }
}
