package dev.abkit.manifest;

import dev.abkit.internal.json.JsonValues;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One arm of an experiment.
 *
 * @param key the variant key (e.g. {@code A}); unique within the experiment
 * @param label a human label (the seeds' {@code "A": "compact"}), or {@code null}
 * @param weight the relative weight as written (non-negative; normalized by the engine); 1 when the
 *     manifest gives none
 * @param config this variant's config, deep-merged over the experiment's baseline (unmodifiable)
 * @param range an explicit {@code [start, end)} overriding weight and traffic, or {@code null}
 */
public record Variant(
    String key,
    @Nullable String label,
    double weight,
    Map<String, Object> config,
    @Nullable Range range) {
  public Variant {
    Objects.requireNonNull(key, "key");
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight must be a finite number >= 0, was " + weight);
    }
    config = config == null ? Map.of() : JsonValues.freeze(config, "config");
  }

  /** A variant with only a key and a weight. */
  public static Variant of(String key, double weight) {
    return new Variant(key, null, weight, Map.of(), null);
  }
}
