package dev.abkit.servlet.internal;

import dev.abkit.analysis.Results;
import dev.abkit.analysis.ResultsFormat;
import dev.abkit.analysis.ResultsPage;
import dev.abkit.manifest.Manifest;
import java.time.Instant;

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

  /**
   * The HTML page (inline CSS and SVG, no script): the overview, or the experiment's page when
   * {@code experiment} is set (then {@code results} holds that one experiment); with a "Sign out"
   * button posting to {@code signOutAction} unless that is {@code null}.
   */
  public static String html(
      Results results, Manifest manifest, Instant asOf, boolean experiment, String signOutAction) {
    return experiment
        ? ResultsPage.experiment(results.experiments().get(0), manifest, asOf, signOutAction)
        : ResultsPage.overview(results, manifest, asOf, signOutAction);
  }
}
