package dev.abkit.internal.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The page shell shared by the results pages, and HTML escaping. Everything a page needs is inline
 * (styles, SVG): the servlet's policy is {@code default-src 'none'; style-src 'unsafe-inline'}, so
 * nothing may be fetched and no script runs.
 */
final class Html {
  /**
   * Colours keep at least 4.5:1 contrast on their backgrounds (WCAG AA). The layout is one column
   * that grows to 72rem: no element is wider than the viewport at 400 px (charts scale with their
   * viewBox, wide tables scroll inside their own {@code .scroll} box).
   */
  private static final String CSS =
      "*{box-sizing:border-box}"
          + "body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;padding:1rem;max-width:72rem;"
          + "color:#1d2430;background:#fff;overflow-wrap:anywhere}"
          + "h1{font-size:1.45rem;margin:.4rem 0}h2{font-size:1.2rem;margin:1.6rem 0 .4rem}"
          + "h3{font-size:1.05rem;margin:1.2rem 0 .3rem}a{color:#0b57a4}"
          + "table{border-collapse:collapse;margin:.4rem 0;min-width:100%}"
          + ".scroll{overflow-x:auto;max-width:100%;container-type:inline-size}"
          + "th,td{padding:.3rem .6rem;border-bottom:1px solid #dde2ea;text-align:left;"
          + "vertical-align:top;overflow-wrap:normal}"
          + "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
          + ".cards{display:grid;gap:1rem;"
          + "grid-template-columns:repeat(auto-fill,minmax(min(100%,26rem),1fr))}"
          + ".card{border:1px solid #cfd6e0;border-radius:6px;padding:.2rem 1rem .8rem;min-width:0}"
          + ".card h2{margin-top:.6rem}"
          + ".badge{display:inline-block;padding:.05rem .5rem;border-radius:1rem;font-size:.85rem;"
          + "font-weight:600;margin:0 .3rem .2rem 0;border:1px solid currentColor}"
          + ".b-better{background:#e6f4ea;color:#0f5c2b}.b-worse{background:#fdecea;color:#8a1c12}"
          + ".b-inconclusive{background:#eef1f5;color:#333d4a}"
          + ".b-insufficient_data{background:#fff4e0;color:#6b4100}"
          + ".b-srm_mismatch,.b-guardrail_violation{background:#fdecea;color:#8a1c12}"
          + ".b-status{background:#fff;color:#333d4a}"
          + ".alert{background:#fdecea;border:1px solid #c4443a;padding:.5rem .7rem;border-radius:4px;"
          + "margin:.5rem 0}.warn{background:#fff4e0;border:1px solid #b57a10;padding:.5rem .7rem;"
          + "border-radius:4px;margin:.5rem 0}"
          + ".better{color:#17803d;font-weight:600}.worse{color:#b42318;font-weight:600}"
          + ".note{color:#4d5663}.summary{font-size:1.05rem;border-left:4px solid #3b82c4;"
          + "padding:.3rem .8rem;background:#f3f7fc}"
          + "progress{width:100%;max-width:20rem;height:.9rem;vertical-align:middle}"
          + "svg{display:block;width:100%;max-width:40rem;height:auto}"
          + "svg text{font:15px system-ui,sans-serif;fill:#1d2430}"
          // Narrow (a phone, or a card): each variant becomes a block of "label value" lines, the
          // header row stays for screen readers only.
          + "@container (max-width:34rem){table.stack thead{position:absolute;width:1px;"
          + "height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
          + "table.stack tr{display:block;border-bottom:1px solid #dde2ea;padding:.3rem 0}"
          + "table.stack th,table.stack td{display:block;border:0;padding:.1rem .3rem}"
          + "table.stack td{display:flex;justify-content:space-between;gap:1rem;"
          + "text-align:right}table.stack td::before{content:attr(data-label);color:#4d5663;"
          + "text-align:left;white-space:normal}table.stack td:empty{display:none}}";

  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Html() {}

  /** Opens a page: doctype, head with the styles, and {@code <body>} (the servlet looks for it). */
  static void open(StringBuilder h, String title) {
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        // An empty icon: without it the browser asks for /favicon.ico and logs the 404.
        .append("<link rel=\"icon\" href=\"data:,\">")
        .append("<title>")
        .append(escape(title))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>\n");
  }

  static void close(StringBuilder h) {
    h.append("</body></html>\n");
  }

  /** "Results as of" with a machine-readable {@code <time>}. */
  static void asOf(StringBuilder h, Instant asOf) {
    Instant t = asOf.truncatedTo(ChronoUnit.SECONDS);
    h.append("<p class=\"note\">Results as of <time datetime=\"")
        .append(t)
        .append("\">")
        .append(SHOWN.format(t))
        .append("</time>.</p>\n");
  }

  /**
   * A right-aligned number cell; {@code label} is its column's header, shown beside the value when
   * the table is stacked on a narrow screen.
   */
  static void numberCell(StringBuilder h, String label, String text) {
    h.append("<td class=\"n\" data-label=\"")
        .append(escape(label))
        .append("\">")
        .append(escape(text))
        .append("</td>");
  }

  /** Opens a table that stacks its rows on a narrow screen, in a box that scrolls otherwise. */
  static void openTable(StringBuilder h, String id) {
    h.append("<div class=\"scroll\"><table class=\"stack\"");
    if (id != null) {
      h.append(" id=\"").append(id).append('"');
    }
    h.append('>');
  }

  /** Header cells of a column-header row. */
  static void headers(StringBuilder h, String... names) {
    h.append("<thead><tr>");
    for (String n : names) {
      h.append("<th scope=\"col\">").append(escape(n)).append("</th>");
    }
    h.append("</tr></thead>");
  }

  /** Escapes text for HTML element content and double-quoted attributes. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
