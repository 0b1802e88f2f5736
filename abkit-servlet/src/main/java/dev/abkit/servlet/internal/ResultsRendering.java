package dev.abkit.servlet.internal;

import dev.abkit.analysis.Results;
import dev.abkit.analysis.ResultsFormat;

/**
 * Renders results with the analysis module's writers, so the endpoint answers exactly what {@code
 * abkit results --format json|html} prints.
 */
public final class ResultsRendering {
  private ResultsRendering() {}

  /** The results JSON. */
  public static String json(Results results) {
    return ResultsFormat.JSON.render(results);
  }

  /** The HTML page (inline CSS and SVG, no script). */
  public static String html(Results results) {
    return ResultsFormat.HTML.render(results);
  }
}
