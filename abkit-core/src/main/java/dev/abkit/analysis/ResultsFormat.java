package dev.abkit.analysis;

import dev.abkit.internal.report.HtmlWriter;
import dev.abkit.internal.report.JsonWriter;
import dev.abkit.internal.report.TableWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Objects;

/**
 * The three renderings of {@link Results}: the results JSON of DESIGN.md section 4 ({@code abkit
 * results --format json} and the HTTP endpoint), a terminal table, and a self-contained HTML page
 * (inline CSS and SVG, no script) that the servlet module serves. Stateless, thread-safe.
 *
 * <p>JSON: snake_case field names; an undefined number is {@code null}, never NaN or Infinity;
 * intervals are {@code [lower, upper]}; {@code p_value_adjusted} appears only when an experiment
 * has several treatments, {@code sequential} objects only when the experiment is sequential.
 */
public enum ResultsFormat {
  /** The results JSON (one document, no trailing newline). */
  JSON {
    @Override
    public void write(Results results, Writer out) throws IOException {
      JsonWriter.write(results, out);
    }
  },
  /** An aligned plain-text table per experiment, with an SRM warning line when flagged. */
  TABLE {
    @Override
    public void write(Results results, Writer out) throws IOException {
      TableWriter.write(results, out);
    }
  },
  /** A complete HTML page with a chart of conversion rates and their intervals. */
  HTML {
    @Override
    public void write(Results results, Writer out) throws IOException {
      HtmlWriter.write(results, out);
    }
  };

  /** Writes {@code results} to {@code out} (not closed). */
  public abstract void write(Results results, Writer out) throws IOException;

  /** The rendering as a string. */
  public String render(Results results) {
    Objects.requireNonNull(results, "results");
    StringWriter s = new StringWriter();
    try {
      write(results, s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return s.toString();
  }

  /**
   * The format named {@code name} ({@code json}, {@code table}, {@code html}; case-insensitive).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static ResultsFormat parse(String name) {
    for (ResultsFormat f : values()) {
      if (f.name().equalsIgnoreCase(Objects.requireNonNull(name, "format"))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "format must be one of json, table, html, was " + name.toLowerCase(Locale.ROOT));
  }
}
