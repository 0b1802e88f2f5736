package dev.abkit.internal.report;

import dev.abkit.analysis.Comparison;
import dev.abkit.analysis.Interval;
import dev.abkit.analysis.Timeseries;
import dev.abkit.analysis.VariantResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The goal over time as inline SVG line charts that scale with their container: cumulative
 * exposures per variant ({@code data-chart="exposures-over-time"}), and each treatment's lift on
 * the conversion rate with its interval as a band ({@code data-chart="lift-over-time"}). Each has a
 * {@code <title>} that says the last day's figures in words, and the table of the same figures
 * follows the charts.
 */
final class TimeCharts {
  private static final int WIDTH = 560;
  private static final int HEIGHT = 220;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 12;
  private static final int BOTTOM = 34;
  private static final String[] COLORS = {"#8a95a5", "#2f75b5", "#c2571a", "#2e8540", "#7b3fa0"};

  private TimeCharts() {}

  /** Both charts and the table of their figures, for an experiment with {@code id}. */
  static void render(StringBuilder h, String id, Timeseries t, boolean sequential) {
    List<Timeseries.Day> days = t.days();
    if (days.isEmpty()) {
      h.append("<p class=\"note\">No exposures yet.</p>\n");
      return;
    }
    String table = id + "-days";
    exposures(h, id, table, days);
    lift(h, id, table, days, sequential);
    table(h, table, days, sequential);
  }

  private static void exposures(
      StringBuilder h, String id, String table, List<Timeseries.Day> days) {
    double max = 1;
    for (Timeseries.Day d : days) {
      for (VariantResult v : d.variants()) {
        max = Math.max(max, v.exposures());
      }
    }
    Timeseries.Day last = days.get(days.size() - 1);
    List<String> words = new ArrayList<>();
    for (VariantResult v : last.variants()) {
      words.add(v.key() + " " + v.exposures());
    }
    open(
        h,
        "exposures-over-time",
        id + "-exposures",
        table,
        "Exposures by " + last.date() + ": " + String.join(", ", words));
    axes(h, days, 0, max, false);
    int n = last.variants().size();
    for (int i = 0; i < n; i++) {
      StringBuilder path = new StringBuilder();
      for (int d = 0; d < days.size(); d++) {
        VariantResult v = days.get(d).variants().get(i);
        path.append(d == 0 ? "M" : "L")
            .append(fmt(x(d, days.size())))
            .append(' ')
            .append(fmt(y(v.exposures(), 0, max)));
      }
      h.append("<path d=\"")
          .append(path)
          .append("\" fill=\"none\" stroke-width=\"2\" stroke=\"")
          .append(COLORS[i % COLORS.length])
          .append("\"><title>")
          .append(Html.escape(last.variants().get(i).key()))
          .append("</title></path>\n");
      for (int d = 0; d < days.size(); d++) {
        point(
            h,
            x(d, days.size()),
            y(days.get(d).variants().get(i).exposures(), 0, max),
            COLORS[i % COLORS.length]);
      }
    }
    legend(h, last.variants(), true);
    h.append("</svg>\n");
  }

  private static void lift(
      StringBuilder h, String id, String table, List<Timeseries.Day> days, boolean sequential) {
    double lo = 0;
    double hi = 0;
    for (Timeseries.Day d : days) {
      for (VariantResult v : d.variants()) {
        Comparison c = v.comparison();
        if (c != null && c.lift().absolute() != null) {
          lo = Math.min(lo, c.lift().absolute());
          hi = Math.max(hi, c.lift().absolute());
          Interval ci = ci(c, sequential);
          if (ci != null) {
            lo = Math.min(lo, ci.lower());
            hi = Math.max(hi, ci.upper());
          }
        }
      }
    }
    if (hi - lo < 1e-9) {
      hi = lo + 0.01;
    }
    Timeseries.Day last = days.get(days.size() - 1);
    List<String> words = new ArrayList<>();
    for (VariantResult v : last.variants()) {
      Comparison c = v.comparison();
      if (c != null) {
        words.add(
            v.key()
                + " "
                + Text.lift(
                    c.lift().absolute(),
                    ci(c, sequential),
                    dev.abkit.analysis.MetricKind.CONVERSION));
      }
    }
    open(
        h,
        "lift-over-time",
        id + "-lift",
        table,
        "Lift on the conversion rate by " + last.date() + ": " + String.join(", ", words));
    axes(h, days, lo, hi, true);
    h.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#5b6573\""
                + " stroke-dasharray=\"4 3\"/>\n",
            LEFT,
            fmt(y(0, lo, hi)),
            WIDTH - RIGHT,
            fmt(y(0, lo, hi))));
    int n = last.variants().size();
    for (int i = 0; i < n; i++) {
      if (last.variants().get(i).isControl()) {
        continue;
      }
      StringBuilder upper = new StringBuilder();
      StringBuilder lower = new StringBuilder();
      StringBuilder line = new StringBuilder();
      for (int d = 0; d < days.size(); d++) {
        Comparison c = days.get(d).variants().get(i).comparison();
        if (c == null || c.lift().absolute() == null) {
          continue;
        }
        String px = fmt(x(d, days.size()));
        line.append(line.length() == 0 ? "M" : "L")
            .append(px)
            .append(' ')
            .append(fmt(y(c.lift().absolute(), lo, hi)));
        Interval ci = ci(c, sequential);
        if (ci != null && days.size() == 1) {
          // one day gives the band no width: its interval is a whisker instead
          h.append(
              String.format(
                  Locale.ROOT,
                  "<path d=\"M%s %sV%s\" stroke=\"%s\" stroke-width=\"2\"/>\n",
                  px,
                  fmt(y(ci.upper(), lo, hi)),
                  fmt(y(ci.lower(), lo, hi)),
                  COLORS[i % COLORS.length]));
        }
        if (ci != null) {
          upper
              .append(upper.length() == 0 ? "M" : "L")
              .append(px)
              .append(' ')
              .append(fmt(y(ci.upper(), lo, hi)));
          lower.insert(0, "L" + px + " " + fmt(y(ci.lower(), lo, hi)));
        }
      }
      String color = COLORS[i % COLORS.length];
      if (upper.length() > 0) {
        h.append("<path d=\"")
            .append(upper)
            .append(lower)
            .append("Z\" fill=\"")
            .append(color)
            .append("\" fill-opacity=\"0.18\" stroke=\"none\"/>\n");
      }
      if (line.length() > 0) {
        h.append("<path d=\"")
            .append(line)
            .append("\" fill=\"none\" stroke-width=\"2\" stroke=\"")
            .append(color)
            .append("\"><title>")
            .append(Html.escape(last.variants().get(i).key()))
            .append("</title></path>\n");
      }
      for (int d = 0; d < days.size(); d++) {
        Comparison c = days.get(d).variants().get(i).comparison();
        if (c != null && c.lift().absolute() != null) {
          point(h, x(d, days.size()), y(c.lift().absolute(), lo, hi), color);
        }
      }
    }
    legend(h, last.variants(), false);
    h.append("</svg>\n");
  }

  private static Interval ci(Comparison c, boolean sequential) {
    return sequential && c.sequential() != null
        ? c.sequential().absoluteCi()
        : c.lift().absoluteCi();
  }

  private static void open(StringBuilder h, String chart, String id, String table, String title) {
    h.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" data-chart=\"%s\" viewBox=\"0 0 %d %d\""
                + " role=\"img\" aria-labelledby=\"%s-title\" aria-describedby=\"%s\">\n",
            chart,
            WIDTH,
            HEIGHT,
            id,
            table));
    h.append("<title id=\"")
        .append(id)
        .append("-title\">")
        .append(Html.escape(title))
        .append("</title>\n");
  }

  /** Frame, first and last dates (one day: under its point), and the value range at the left. */
  private static void axes(
      StringBuilder h, List<Timeseries.Day> days, double lo, double hi, boolean points) {
    h.append(
        String.format(
            Locale.ROOT,
            "<path d=\"M%d %dV%dH%d\" stroke=\"#5b6573\" fill=\"none\"/>\n",
            LEFT,
            TOP,
            HEIGHT - BOTTOM,
            WIDTH - RIGHT));
    h.append(label(LEFT - 6, TOP + 10, "end", value(hi, points)));
    h.append(label(LEFT - 6, HEIGHT - BOTTOM, "end", value(lo, points)));
    if (days.size() == 1) {
      h.append(label((int) x(0, 1), HEIGHT - 12, "middle", days.get(0).date().toString()));
    } else {
      h.append(label(LEFT, HEIGHT - 12, "start", days.get(0).date().toString()));
      h.append(
          label(WIDTH - RIGHT, HEIGHT - 12, "end", days.get(days.size() - 1).date().toString()));
    }
  }

  /** A day's figure as a dot, so that a chart of one day shows it too. */
  private static void point(StringBuilder h, double x, double y, String color) {
    h.append(
        String.format(
            Locale.ROOT,
            "<circle cx=\"%s\" cy=\"%s\" r=\"3.5\" fill=\"%s\"/>\n",
            fmt(x),
            fmt(y),
            color));
  }

  /** The variants' colours, the control's only when {@code withControl} (it has no lift line). */
  private static void legend(StringBuilder h, List<VariantResult> variants, boolean withControl) {
    int x = LEFT + 8;
    for (int i = 0; i < variants.size(); i++) {
      if (!withControl && variants.get(i).isControl()) {
        continue;
      }
      String key = variants.get(i).key();
      h.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>",
              x,
              TOP + 2,
              COLORS[i % COLORS.length]));
      h.append(label(x + 14, TOP + 11, "start", key));
      x += 24 + 9 * Math.min(key.length(), 20);
    }
    h.append('\n');
  }

  private static String label(int x, int y, String anchor, String text) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%s</text>",
        x,
        y,
        anchor,
        Html.escape(text));
  }

  private static String value(double v, boolean points) {
    return points
        ? String.format(Locale.ROOT, "%+.1f pp", 100 * v)
        : String.format(Locale.ROOT, "%.0f", v);
  }

  /** The table of the charts' figures: per day, exposures, conversions and lift per variant. */
  private static void table(
      StringBuilder h, String id, List<Timeseries.Day> days, boolean sequential) {
    Html.openTable(h, id);
    List<VariantResult> keys = days.get(days.size() - 1).variants();
    List<String> columns = new ArrayList<>();
    columns.add("day");
    for (VariantResult v : keys) {
      columns.add(v.key() + " exposures");
      columns.add(v.key() + " rate");
      if (!v.isControl()) {
        columns.add(v.key() + " lift (interval)");
      }
    }
    Html.headers(h, columns.toArray(new String[0]));
    h.append("<tbody>\n");
    for (Timeseries.Day d : days) {
      h.append("<tr><td>").append(d.date()).append("</td>");
      for (VariantResult v : d.variants()) {
        h.append("<td>")
            .append(v.exposures())
            .append("</td><td>")
            .append(Html.escape(Text.percent(v.conversionRate())))
            .append("</td>");
        Comparison c = v.comparison();
        if (c != null) {
          h.append("<td>")
              .append(
                  Html.escape(
                      Text.lift(
                          c.lift().absolute(),
                          ci(c, sequential),
                          dev.abkit.analysis.MetricKind.CONVERSION)))
              .append("</td>");
        }
      }
      h.append("</tr>\n");
    }
    h.append("</tbody></table></div>\n");
  }

  private static double x(int day, int days) {
    return days == 1
        ? LEFT + (WIDTH - LEFT - RIGHT) / 2.0
        : LEFT + (WIDTH - LEFT - RIGHT) * day / (double) (days - 1);
  }

  private static double y(double v, double lo, double hi) {
    return TOP + (HEIGHT - BOTTOM - TOP) * (hi - v) / (hi - lo);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
