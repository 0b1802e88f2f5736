package dev.abkit.internal.engine;

import dev.abkit.event.Exposure;
import dev.abkit.internal.json.JsonValues;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Which of a unit's attributes an exposure records: those named in the experiment's {@code
 * dimensions} (DESIGN.md section 10), as text. A dimension is a category, so only a string, a
 * number or a boolean is recorded; an object, an array, {@code null}, or a value longer than {@link
 * Exposure#MAX_ATTRIBUTE_VALUE_LENGTH} is left out, and the unit appears in the breakdown among
 * those without a value (recording never fails over an attribute).
 */
final class ExposureAttributes {
  private ExposureAttributes() {}

  static Map<String, String> of(List<String> dimensions, Map<String, Object> attributes) {
    if (dimensions.isEmpty() || attributes.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new TreeMap<>();
    for (String d : dimensions) {
      String text = text(attributes.get(d));
      if (text != null && text.length() <= Exposure.MAX_ATTRIBUTE_VALUE_LENGTH && storable(text)) {
        out.put(d, text);
      }
    }
    return out;
  }

  /**
   * A scalar as text: numbers in their shortest decimal form (2, 2.5), the same whether the caller
   * passed an Integer, a Long or a Double, so one value is one segment.
   */
  private static @Nullable String text(@Nullable Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Boolean b) {
      return b.toString();
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (!Double.isFinite(d)) {
        return null;
      }
      BigDecimal exact = n instanceof BigDecimal bd ? bd : new BigDecimal(n.toString());
      return exact.stripTrailingZeros().toPlainString();
    }
    return null;
  }

  /** Whether every store can hold {@code text} (no NUL, no lone surrogate). */
  private static boolean storable(String text) {
    try {
      JsonValues.requireStorableText(text, "attribute");
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
