package dev.abkit.event;

import dev.abkit.internal.json.JsonValues;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A unit did something. Events carry no variant: analysis attributes them through the unit's
 * exposures, so a client can never credit an action to a variant it was not shown. Stored once per
 * {@code id}.
 *
 * @param id unique id (idempotency key), 1..128 characters
 * @param unit the unit id, at most {@link dev.abkit.Unit#MAX_ID_LENGTH} characters
 * @param name event name, {@code [A-Za-z][A-Za-z0-9_.:-]{0,63}}
 * @param time when it happened, within years 0001-9999 (what every store can hold)
 * @param value optional finite numeric value (a count of 1 when {@code null})
 * @param properties optional JSON-like properties: strings, booleans, finite numbers, null, lists
 *     and maps of those; copied, unmodifiable. Strings (and keys) must be valid Unicode without
 *     NUL, integers must fit in 64 bits, decimals in the range of a double: a record no store can
 *     hold is refused here rather than failing its batch later
 */
public record Event(
    String id,
    String unit,
    String name,
    Instant time,
    @Nullable Double value,
    Map<String, Object> properties)
    implements Observation {

  /** The allowed event names. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,63}");

  /** Longest id accepted. */
  public static final int MAX_ID_LENGTH = 128;

  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(time, "time");
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          "event id must be 1.." + MAX_ID_LENGTH + " characters, was " + id.length());
    }
    if (unit.isBlank()) {
      throw new IllegalArgumentException("event unit must not be blank");
    }
    JsonValues.requireStorableText(id, "event id");
    Exposure.requireStorableUnit(unit, "event unit");
    Exposure.requireStorableTime(time, "event time");
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "event name must match " + NAME.pattern() + ", was \"" + name + "\"");
    }
    if (value != null && !Double.isFinite(value)) {
      throw new IllegalArgumentException("event value must be finite, was " + value);
    }
    properties =
        properties == null || properties.isEmpty()
            ? Map.of()
            : JsonValues.copyOf(properties, "event properties");
  }

  /**
   * Whether {@code name} matches {@link #NAME}. Hand-written because events are built on request
   * threads, where the regex costs several times the rest of recording an event.
   */
  public static boolean isValidName(String name) {
    int n = name.length();
    if (n == 0 || n > 64 || !isAsciiLetter(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = name.charAt(i);
      if (!(isAsciiLetter(c)
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '.'
          || c == ':'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
