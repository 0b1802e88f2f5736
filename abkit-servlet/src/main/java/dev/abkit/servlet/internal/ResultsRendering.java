package dev.abkit.servlet.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.Results;
import java.io.UncheckedIOException;
import java.time.Clock;

/** Renders results as the results JSON or the HTML page. */
public final class ResultsRendering {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private ResultsRendering() {}

  /** The results JSON. */
  public static byte[] json(Results results) {
    try {
      return MAPPER.writeValueAsBytes(results);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The HTML page. */
  public static String html(Results results, Clock clock) {
    StringBuilder sb = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\">");
    sb.append("<title>abkit results</title></head><body><h1>abkit results</h1>");
    for (ExperimentResult r : results.experiments()) {
      sb.append("<h2>").append(escape(r.id())).append("</h2>");
    }
    sb.append("<p>").append(clock.instant()).append("</p></body></html>");
    return sb.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
