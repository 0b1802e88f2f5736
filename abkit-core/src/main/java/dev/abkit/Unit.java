package dev.abkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The thing being randomized (a user, visitor, account or device): its id and the attributes that
 * targeting conditions read.
 *
 * <p>Attribute values are JSON-like: {@code String}, {@code Number}, {@code Boolean}, {@code null},
 * {@code List} and {@code Map} of those. The attribute map is copied and unmodifiable.
 *
 * @param id the unit id that is hashed; never blank
 * @param attributes attributes for targeting; never {@code null}
 */
public record Unit(String id, Map<String, Object> attributes) {

  /** Longest unit id accepted, in characters. */
  public static final int MAX_ID_LENGTH = 256;

  public Unit {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("unit id must not be blank");
    }
    if (id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          "unit id must be at most " + MAX_ID_LENGTH + " characters, was " + id.length());
    }
    attributes =
        attributes == null || attributes.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** A unit with no attributes. */
  public static Unit of(String id) {
    return new Unit(id, Map.of());
  }

  /** A unit with attributes for targeting. */
  public static Unit of(String id, Map<String, ?> attributes) {
    return new Unit(id, attributes == null ? Map.of() : new LinkedHashMap<>(attributes));
  }
}
