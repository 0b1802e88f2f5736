package dev.abkit.analysis;

import dev.abkit.internal.report.HtmlWriter;
import dev.abkit.manifest.Manifest;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The results pages a browser opens (DESIGN.md section 11), as the servlet module serves them:
 * self-contained HTML (inline CSS and SVG, no script, nothing fetched), readable from 400 px wide
 * up. Unlike {@link ResultsFormat#HTML} (one document for a file), these are separate pages that
 * link to each other with relative URLs ({@code ?experiment=id} and back), and they show what the
 * manifest adds to the results: status, hypothesis, variant labels. Stateless, thread-safe.
 */
public final class ResultsPage {
  /** The form field the "Sign out" button posts, with value {@code 1}. */
  public static final String SIGN_OUT_FIELD = "sign_out";

  private ResultsPage() {}

  /**
   * Every experiment: status, hypothesis, verdict badges, alerts, progress, the rates chart and the
   * variants' figures, each linking to its page.
   *
   * @param manifest the manifest the results were computed from (labels, hypothesis, status)
   * @param asOf when the results were computed, shown in a {@code <time>} element
   */
  public static String overview(Results results, Manifest manifest, Instant asOf) {
    return overview(results, manifest, asOf, null);
  }

  /**
   * {@link #overview(Results, Manifest, Instant)} with a "Sign out" button at the top, for a reader
   * signed in with a session.
   *
   * @param signOutAction where the button posts {@value #SIGN_OUT_FIELD}{@code =1} (the page's own
   *     URL on the servlet), or {@code null} for no button
   */
  public static String overview(
      Results results, Manifest manifest, Instant asOf, @Nullable String signOutAction) {
    return HtmlWriter.overview(
        Objects.requireNonNull(results, "results"),
        Objects.requireNonNull(manifest, "manifest"),
        Objects.requireNonNull(asOf, "asOf"),
        signOutAction);
  }

  /**
   * One experiment: the reading in words, the goal with its rates chart, every further metric with
   * lift and interval, and the effect the sample can detect.
   */
  public static String experiment(ExperimentResult result, Manifest manifest, Instant asOf) {
    return experiment(result, manifest, asOf, null);
  }

  /**
   * {@link #experiment(ExperimentResult, Manifest, Instant)} with a "Sign out" button at the top.
   *
   * @param signOutAction where the button posts {@value #SIGN_OUT_FIELD}{@code =1}, or {@code null}
   *     for no button
   */
  public static String experiment(
      ExperimentResult result, Manifest manifest, Instant asOf, @Nullable String signOutAction) {
    return HtmlWriter.experiment(
        Objects.requireNonNull(result, "result"),
        Objects.requireNonNull(manifest, "manifest"),
        Objects.requireNonNull(asOf, "asOf"),
        signOutAction);
  }
}
