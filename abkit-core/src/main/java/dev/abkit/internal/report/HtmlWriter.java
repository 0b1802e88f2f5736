package dev.abkit.internal.report;

import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.Results;
import dev.abkit.analysis.ResultsPage;
import dev.abkit.manifest.Manifest;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Renders the results pages: self-contained HTML (inline CSS, inline SVG, no script). Every text
 * from the manifest or the data is HTML-escaped. The pages are laid out by {@link OverviewPage} and
 * {@link ExperimentPage}.
 */
public final class HtmlWriter {
  private HtmlWriter() {}

  /**
   * {@code ResultsFormat.HTML}: one document, for a file: the overview, then every experiment's
   * page as a section it links to by anchor.
   */
  public static void write(Results results, Writer out) throws IOException {
    PageContext page = new PageContext(null, Instant.now(), true);
    StringBuilder h = new StringBuilder();
    Html.open(h, "abkit results");
    OverviewPage.render(h, results, page);
    for (ExperimentResult e : results.experiments()) {
      ExperimentPage.render(h, e, page);
    }
    Html.close(h);
    out.write(h.toString());
  }

  /**
   * The overview page the servlet serves; experiments link to {@code ?experiment=id}. With a {@code
   * signOutAction}, a "Sign out" button posting there comes first.
   */
  public static String overview(
      Results results, Manifest manifest, Instant asOf, @Nullable String signOutAction) {
    StringBuilder h = new StringBuilder();
    Html.open(h, "abkit results");
    signOut(h, signOutAction);
    OverviewPage.render(h, results, new PageContext(manifest, asOf, false));
    Html.close(h);
    return h.toString();
  }

  /** One experiment's page the servlet serves; it links back to the overview ({@code ?}). */
  public static String experiment(
      ExperimentResult result, Manifest manifest, Instant asOf, @Nullable String signOutAction) {
    StringBuilder h = new StringBuilder();
    Html.open(h, result.id() + " - abkit results");
    signOut(h, signOutAction);
    ExperimentPage.render(h, result, new PageContext(manifest, asOf, false));
    Html.close(h);
    return h.toString();
  }

  /** The sign-out form, floated to the top right; nothing without an action. */
  private static void signOut(StringBuilder h, @Nullable String action) {
    if (action != null) {
      h.append("<form method=\"post\" action=\"")
          .append(Html.escape(action))
          .append("\" style=\"float:right\"><input type=\"hidden\" name=\"")
          .append(ResultsPage.SIGN_OUT_FIELD)
          .append("\" value=\"1\"><button type=\"submit\">Sign out</button></form>");
    }
  }
}
