package dev.abkit.event;

import dev.abkit.internal.json.JsonValues;
import java.time.Instant;
import java.util.Objects;

/**
 * A unit was shown a variant. Stored at most once per (experiment, unit): the first one wins.
 *
 * @param unit the unit id
 * @param experiment the experiment id
 * @param variant the variant key shown
 * @param time first-seen time
 */
public record Exposure(String unit, String experiment, String variant, Instant time)
    implements Observation {
  public Exposure {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(time, "time");
    JsonValues.requireNoNul(unit, "exposure unit");
  }
}
