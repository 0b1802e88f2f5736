package dev.abkit.servlet.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Small, allocation-light checks of Content-Type and Accept headers. */
public final class MediaTypes {
  private MediaTypes() {}

  /**
   * Whether a Content-Type header is {@code application/json}, optionally with parameters; a
   * charset parameter, if present, must be UTF-8 (JSON is UTF-8 on the wire, RFC 8259 section 8.1).
   */
  public static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String type = (semi < 0 ? contentType : contentType.substring(0, semi)).strip();
    if (!type.equalsIgnoreCase("application/json")) {
      return false;
    }
    if (semi < 0) {
      return true;
    }
    for (String param : contentType.substring(semi + 1).split(";")) {
      int eq = param.indexOf('=');
      if (eq > 0 && param.substring(0, eq).strip().equalsIgnoreCase("charset")) {
        String cs = param.substring(eq + 1).strip().replace("\"", "");
        if (!cs.equalsIgnoreCase("utf-8") && !cs.equalsIgnoreCase("utf8")) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether a Content-Type header is an HTML form post ({@code application/x-www-form-urlencoded}).
   */
  public static boolean isForm(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .strip()
        .equalsIgnoreCase("application/x-www-form-urlencoded");
  }

  /**
   * Whether an Accept header prefers HTML over JSON: {@code text/html} has a higher quality than
   * {@code application/json} (ties go to JSON; {@code *}{@code /*} alone means JSON). Browsers send
   * {@code text/html,...,*}{@code /*;q=0.8}, API clients {@code application/json} or nothing.
   */
  public static boolean prefersHtml(String accept) {
    Map<String, Double> q = qualities(accept);
    double html = q.getOrDefault("text/html", -1.0);
    double json = q.getOrDefault("application/json", -1.0);
    double wildcard = Math.max(q.getOrDefault("*/*", -1.0), q.getOrDefault("application/*", -1.0));
    double jsonQ = json >= 0 ? json : wildcard;
    return html > 0 && html > jsonQ;
  }

  /**
   * Whether an Accept header asks for plain text above JSON and HTML: {@code text/plain} has a
   * quality higher than both (a wildcard counts for JSON, as in {@link #prefersHtml}). {@code abkit
   * simulate --base-url} sends {@code text/plain} to get the results table.
   */
  public static boolean prefersPlainText(String accept) {
    Map<String, Double> q = qualities(accept);
    double text = q.getOrDefault("text/plain", -1.0);
    double other = -1;
    for (String type : new String[] {"text/html", "application/json", "*/*", "application/*"}) {
      other = Math.max(other, q.getOrDefault(type, -1.0));
    }
    return text > 0 && text > other;
  }

  /**
   * Each media range of an Accept header (lower case) with the highest quality it is given; an
   * unparseable quality is treated as "not acceptable" (0). Empty for no header.
   */
  private static Map<String, Double> qualities(String accept) {
    Map<String, Double> out = new HashMap<>();
    if (accept == null || accept.isEmpty()) {
      return out;
    }
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].strip().toLowerCase(Locale.ROOT);
      double q = 1;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].strip();
        if (p.startsWith("q=") || p.startsWith("Q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      out.merge(type, q, Math::max);
    }
    return out;
  }
}
