package dev.abkit.kafka;

import java.util.HashMap;
import java.util.Map;

/**
 * The settings given on one builder, so that a setting given twice is refused naming the first
 * value, as abkit's other builders do (a second call is a mistake whose first value would be lost).
 * Kafka client properties are named but never shown: they carry credentials.
 */
final class GivenSettings {
  private final Map<String, Object> given = new HashMap<>();

  /**
   * Records {@code name} as given with {@code value}.
   *
   * @throws IllegalStateException naming the earlier value when it was given before
   */
  void once(String name, Object value) {
    if (given.containsKey(name)) {
      throw new IllegalStateException(name + " was already set to " + given.get(name));
    }
    given.put(name, value);
  }

  /** Records the Kafka client property {@code name} as given, its value not shown. */
  void property(String name) {
    once("property " + name, "a value");
  }
}
