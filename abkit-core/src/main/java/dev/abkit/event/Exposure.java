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
 * @param time first-seen time, within years 0001-9999
 */
public record Exposure(String unit, String experiment, String variant, Instant time)
    implements Observation {
  public Exposure {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(time, "time");
    requireStorableUnit(unit, "exposure unit");
    JsonValues.requireStorableText(experiment, "exposure experiment");
    JsonValues.requireStorableText(variant, "exposure variant");
    requireStorableTime(time, "exposure time");
  }

  /** The earliest time every store can hold: 0001-01-01T00:00:00Z. */
  public static final Instant MIN_TIME = Instant.parse("0001-01-01T00:00:00Z");

  /** The latest time every store can hold: the last nanosecond of 9999. */
  public static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999999Z");

  /**
   * Checks a time against what every store can hold (years 0001-9999): PostgreSQL refuses years
   * beyond 294276, MariaDB beyond 9999, and a record refused by the store would stall its batch.
   */
  static void requireStorableTime(Instant time, String what) {
    if (time.isBefore(MIN_TIME) || time.isAfter(MAX_TIME)) {
      throw new IllegalArgumentException(
          what
              + " must be within years 0001-9999 ("
              + MIN_TIME
              + " to "
              + MAX_TIME
              + "), was "
              + time);
    }
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
    JsonValues.requireStorableText(unit, what);
  }
}
