package dev.abkit.event;

import dev.abkit.Unit;
import dev.abkit.internal.json.JsonValues;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A unit was shown a variant. Stored at most once per (experiment, unit): the first one wins.
 *
 * @param unit the unit id, at most {@link dev.abkit.Unit#MAX_ID_LENGTH} characters
 * @param experiment the experiment id
 * @param variant the variant key shown
 * @param time first-seen time, within years 0001-9999
 * @param attributes the unit's values of the experiment's {@code dimensions} (DESIGN.md section
 *     10), by attribute name, for breakdowns: names at most {@link #MAX_ATTRIBUTE_NAME_LENGTH} and
 *     values at most {@link #MAX_ATTRIBUTE_VALUE_LENGTH} characters, at most {@link
 *     #MAX_ATTRIBUTES} of them; a store keeps, per (experiment, unit) and name, the first value it
 *     receives
 */
public record Exposure(
    String unit, String experiment, String variant, Instant time, Map<String, String> attributes)
    implements Observation {

  /** The most attributes one exposure carries (an experiment's dimensions are few). */
  public static final int MAX_ATTRIBUTES = 16;

  /** The longest attribute name a store holds. */
  public static final int MAX_ATTRIBUTE_NAME_LENGTH = 64;

  /** The longest attribute value a store holds: values are categories, not text. */
  public static final int MAX_ATTRIBUTE_VALUE_LENGTH = 128;

  public Exposure {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(time, "time");
    requireStorableUnit(unit, "exposure unit");
    JsonValues.requireStorableText(experiment, "exposure experiment");
    JsonValues.requireStorableText(variant, "exposure variant");
    requireStorableTime(time, "exposure time");
    attributes = storableAttributes(attributes);
  }

  /** An exposure without attributes (the experiment has no dimensions). */
  public Exposure(String unit, String experiment, String variant, Instant time) {
    this(unit, experiment, variant, time, Map.of());
  }

  /** A sorted, unmodifiable copy of {@code attributes}, each checked against what stores hold. */
  private static Map<String, String> storableAttributes(Map<String, String> attributes) {
    Objects.requireNonNull(attributes, "attributes");
    if (attributes.isEmpty()) {
      return Map.of();
    }
    if (attributes.size() > MAX_ATTRIBUTES) {
      throw new IllegalArgumentException(
          "exposure attributes must be at most " + MAX_ATTRIBUTES + ", were " + attributes.size());
    }
    Map<String, String> copy = new TreeMap<>();
    attributes.forEach(
        (name, value) -> {
          Objects.requireNonNull(name, "attribute name");
          Objects.requireNonNull(value, "attribute " + name);
          if (name.isEmpty() || name.length() > MAX_ATTRIBUTE_NAME_LENGTH) {
            throw new IllegalArgumentException(
                "exposure attribute names must be 1-"
                    + MAX_ATTRIBUTE_NAME_LENGTH
                    + " characters, was "
                    + name.length());
          }
          if (value.length() > MAX_ATTRIBUTE_VALUE_LENGTH) {
            throw new IllegalArgumentException(
                "exposure attribute "
                    + name
                    + " must be at most "
                    + MAX_ATTRIBUTE_VALUE_LENGTH
                    + " characters, was "
                    + value.length());
          }
          JsonValues.requireStorableText(name, "exposure attribute name");
          JsonValues.requireStorableText(value, "exposure attribute " + name);
          copy.put(name, value);
        });
    return Collections.unmodifiableMap(copy);
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
