package dev.abkit.event;

import dev.abkit.Unit;
import dev.abkit.internal.json.JsonValues;
import java.time.Instant;
import java.util.Objects;

/**
 * A unit was shown a variant. Stored at most once per (experiment, unit): the first one wins.
 *
 * @param unit the unit id, at most {@link dev.abkit.Unit#MAX_ID_LENGTH} characters
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
    requireStorableUnit(unit, "exposure unit");
  }

  /**
   * Checks a unit id against what every store can hold: at most {@link Unit#MAX_ID_LENGTH}
   * characters, no NUL. Checked here, at the caller, because a record a store can never take would
   * fail its batch again and again, holding up every record behind it.
   */
  static void requireStorableUnit(String unit, String what) {
    if (unit.length() > Unit.MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          what + " must be at most " + Unit.MAX_ID_LENGTH + " characters, was " + unit.length());
    }
    JsonValues.requireNoNul(unit, what);
  }
}
