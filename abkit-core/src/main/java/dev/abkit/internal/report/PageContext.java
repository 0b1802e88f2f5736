package dev.abkit.internal.report;

import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Manifest;
import dev.abkit.manifest.Variant;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a results page knows beyond the results: the manifest (labels, hypothesis, status), when the
 * results were computed, and how pages link to each other.
 *
 * @param manifest the manifest the results came from, or {@code null} when unknown (the CLI's
 *     {@code --format html} of bare results)
 * @param asOf when the results were computed
 * @param anchors whether experiments are sections of one document ({@code #id} links) rather than
 *     pages of the servlet ({@code ?experiment=id} links)
 */
record PageContext(Manifest manifest, Instant asOf, boolean anchors) {
  PageContext {
    Objects.requireNonNull(asOf, "asOf");
  }

  Optional<Experiment> experiment(String id) {
    return manifest == null ? Optional.empty() : manifest.experiment(id);
  }

  /** The link to an experiment's page (relative, so it works under any servlet path). */
  String link(String experimentId) {
    return anchors ? "#exp-" + experimentId : "?experiment=" + experimentId;
  }

  /** The link back to the overview. */
  String overviewLink() {
    return anchors ? "#overview" : "?";
  }

  /** A variant's key with its manifest label, e.g. {@code B (compact)}. */
  String variantName(String experimentId, String key) {
    String label =
        experiment(experimentId).flatMap(e -> e.variant(key)).map(Variant::label).orElse(null);
    return label == null || label.isBlank() ? key : key + " (" + label + ")";
  }
}
