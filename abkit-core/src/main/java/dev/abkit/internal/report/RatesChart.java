package dev.abkit.internal.report;

import dev.abkit.analysis.Interval;
import dev.abkit.analysis.VariantResult;
import java.util.List;
import java.util.Locale;

/**
 * Horizontal bars of the conversion rate per variant with Wilson whiskers, as inline SVG that
 * scales with its container (viewBox, no fixed width). Its text alternative is the {@code <title>}
 * (every figure in words) and the table next to it ({@code aria-describedby}).
 */
final class RatesChart {
  private static final int ROW = 34;
  private static final int PLOT = 300;
  private static final int VALUE = 70;

  private RatesChart() {}

  /**
   * @param id unique on the page; the title gets {@code id + "-title"}
   * @param tableId the id of the table with the same figures
   */
  static void render(
      StringBuilder h, String id, String tableId, String metric, List<VariantResult> variants) {
    int height = ROW * variants.size() + 24;
    // As wide as the longest key needs (about 9 units a character at 15px), so short keys leave
    // the room to the bars and the text stays legible when a phone scales the chart down.
    int longest = 1;
    for (VariantResult v : variants) {
      longest = Math.max(longest, v.key().length());
    }
    int label = Math.min(160, 20 + 9 * longest);
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
            "<svg xmlns=\"http://www.w3.org/2000/svg\" data-chart=\"rates\" viewBox=\"0 0 %d %d\""
                + " role=\"img\" aria-labelledby=\"%s-title\" aria-describedby=\"%s\">\n",
            label + PLOT + VALUE,
            height,
            id,
            tableId));
    h.append("<title id=\"")
        .append(id)
        .append("-title\">")
        .append(Html.escape(title(metric, variants)))
        .append("</title>\n");
    for (int i = 0; i < variants.size(); i++) {
      row(h, variants.get(i), label, i * ROW + 8, max);
    }
    h.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"4\" x2=\"%d\" y2=\"%d\" stroke=\"#5b6573\"/>\n</svg>\n",
            label,
            label,
            height - 16));
  }

  private static void row(StringBuilder h, VariantResult v, int label, int y, double max) {
    h.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
            label - 8,
            y + 16,
            Html.escape(v.key())));
    if (v.conversionRate() == null) {
      h.append(
          String.format(
              Locale.ROOT, "<text x=\"%d\" y=\"%d\">no exposures</text>\n", label + 6, y + 16));
      return;
    }
    h.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"%s\"/>\n",
            label,
            y + 2,
            PLOT * v.conversionRate() / max,
            v.isControl() ? "#8a95a5" : "#2f75b5"));
    Interval ci = v.conversionRateCi();
    if (ci != null) {
      double lo = label + PLOT * ci.lower() / max;
      double hi = label + PLOT * ci.upper() / max;
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
            label + PLOT + 6,
            y + 16,
            Html.escape(Text.percent(v.conversionRate()))));
  }

  /** Every bar in words, for screen readers and as the tooltip. */
  private static String title(String metric, List<VariantResult> variants) {
    StringBuilder t =
        new StringBuilder("Conversion rate to ").append(metric).append(" per variant");
    for (VariantResult v : variants) {
      t.append("; ").append(v.key()).append(": ");
      if (v.conversionRate() == null) {
        t.append("no exposures");
        continue;
      }
      t.append(Text.percent(v.conversionRate()));
      Interval ci = v.conversionRateCi();
      if (ci != null) {
        t.append(" (interval ")
            .append(Text.percent(ci.lower()))
            .append(" to ")
            .append(Text.percent(ci.upper()))
            .append(')');
      }
    }
    return t.append('.').toString();
  }
}
