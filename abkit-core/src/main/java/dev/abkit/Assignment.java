package dev.abkit;

import dev.abkit.internal.json.JsonValues;
import java.util.Map;
import java.util.Objects;

/**
 * What a unit gets in one experiment. Immutable; instances are shared between units, so an
 * assignment says nothing about which unit it was computed for.
 *
 * @param experiment the experiment id
 * @param variant the variant key the unit is enrolled in, or {@code null} when not enrolled
 * @param served the variant key to serve: {@code variant} when enrolled, else the control key
 *     ({@code null} only for an unknown experiment)
 * @param reason why; {@link Reason#enrolled()} is true exactly when {@code variant != null}
 * @param config the served variant's config deep-merged over the experiment's baseline config
 *     (unmodifiable, JSON-like values); empty for an unknown experiment
 */
public record Assignment(
    String experiment, String variant, String served, Reason reason, Map<String, Object> config) {

  public Assignment {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(reason, "reason");
    if (reason.enrolled() != (variant != null)) {
      throw new IllegalArgumentException(
          "variant must be set exactly when the reason is an enrolled one: " + reason);
    }
    config = config == null ? Map.of() : JsonValues.freeze(config, "config");
  }

  /** Whether the unit is in the experiment (and so should be counted when exposed). */
  public boolean enrolled() {
    return variant != null;
  }

  /** Whether the served variant is {@code key}. */
  public boolean is(String key) {
    return served != null && served.equals(key);
  }
}
