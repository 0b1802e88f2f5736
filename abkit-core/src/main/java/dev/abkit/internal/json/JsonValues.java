package dev.abkit.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts Jackson trees into plain, unmodifiable JSON-like Java values: {@code Map<String,Object>}
 * (insertion order kept), {@code List<Object>}, {@link String}, {@link Long} or {@link Double}
 * ({@link BigInteger} / {@link BigDecimal} when the number does not fit), {@link Boolean} and
 * {@code null}. Such values are what targeting conditions, configs and event properties hold
 * everywhere in abkit, so that callers never depend on Jackson types. Stateless and thread-safe.
 */
public final class JsonValues {
  private JsonValues() {}

  /** The Java value of a JSON node; {@code null} for JSON {@code null} or a missing node. */
  public static Object toJava(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        map.put(e.getKey(), toJava(e.getValue()));
      }
      return Collections.unmodifiableMap(map);
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      for (JsonNode element : node) {
        list.add(toJava(element));
      }
      return Collections.unmodifiableList(list);
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNumber()) {
      return number(node);
    }
    // binary or POJO nodes never come out of the parser; keep their text rather than fail
    return node.asText();
  }

  /** The Java value of a JSON object node as a map ({@code null} if the node is not an object). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> toMap(JsonNode node) {
    return node != null && node.isObject() ? (Map<String, Object>) toJava(node) : null;
  }

  private static Object number(JsonNode node) {
    if (node.isIntegralNumber()) {
      BigInteger big = node.bigIntegerValue();
      return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }
    if (node.isBigDecimal()) {
      BigDecimal big = node.decimalValue();
      double d = big.doubleValue();
      return Double.isFinite(d) ? (Object) d : big;
    }
    // a double node only comes from a mapper without USE_BIG_DECIMAL_FOR_FLOATS; keep it as is
    return node.doubleValue();
  }
}
