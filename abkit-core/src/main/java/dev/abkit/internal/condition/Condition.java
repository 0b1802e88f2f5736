package dev.abkit.internal.condition;

import java.util.List;
import java.util.Map;

/**
 * A compiled MongoDB-style targeting condition (GrowthBook's condition language). Placeholder
 * signatures: the manifest work implements them.
 */
public final class Condition {

  /** Compiles a condition; malformed conditions compile to one that matches nothing. */
  public static Condition compile(Map<String, Object> condition) {
    return compile(condition, Map.of());
  }

  /** Compiles a condition with saved groups for {@code $inGroup} / {@code $notInGroup}. */
  public static Condition compile(
      Map<String, Object> condition, Map<String, List<Object>> savedGroups) {
    throw new UnsupportedOperationException("implemented by the manifest work");
  }

  /** Whether the attributes satisfy the condition. Never throws. */
  public boolean test(Map<String, Object> attributes) {
    throw new UnsupportedOperationException("implemented by the manifest work");
  }
}
