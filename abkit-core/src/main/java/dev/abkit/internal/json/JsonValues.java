package dev.abkit.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

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
      LinkedHashMap<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        map.put(e.getKey(), toJava(e.getValue()));
      }
      return new FrozenMap(map);
    }
    if (node.isArray()) {
      Object[] list = new Object[node.size()];
      int i = 0;
      for (JsonNode element : node) {
        list[i++] = toJava(element);
      }
      return new FrozenList(list);
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

  /**
   * An unmodifiable deep copy of a JSON-like map, checking every value: keys must be strings,
   * values {@code null}, {@link String}, {@link Boolean}, a finite {@link Number}, or lists and
   * maps of those. Values of other types would fail later, in a store's writer thread, far from the
   * caller who can fix them.
   *
   * @param what names the map in the error message, e.g. {@code "event properties"}
   * @throws IllegalArgumentException naming the path of the first value that is not JSON-like
   */
  public static Map<String, Object> copyOf(Map<String, ?> map, String what) {
    return copyMap(map, what);
  }

  /**
   * An unmodifiable deep copy of a JSON-like map (nested maps and lists copied too, order kept), so
   * that a record holding it is truly immutable. Checks the same value types as {@link #copyOf} but
   * allows U+0000 (manifest text never reaches a store). Empty maps become {@link Map#of()}.
   *
   * @param what names the map in the error message, e.g. {@code "config"}
   * @throws IllegalArgumentException naming the path of the first value that is not JSON-like
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> freeze(Map<String, ?> map, String what) {
    if (map instanceof FrozenMap) {
      return (Map<String, Object>) map; // deeply unmodifiable already: no need to copy again
    }
    return map.isEmpty() ? Map.of() : copyMap(map, what, false);
  }

  private static Map<String, Object> copyMap(Map<?, ?> map, String path) {
    return copyMap(map, path, true);
  }

  private static Map<String, Object> copyMap(Map<?, ?> map, String path, boolean noNul) {
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String)) {
        throw new IllegalArgumentException(path + " keys must be strings, was " + e.getKey());
      }
      String key = (String) e.getKey();
      if (noNul) {
        requireStorableText(key, path + " key");
      }
      copy.put(key, copyValue(e.getValue(), path + "." + key, noNul));
    }
    return new FrozenMap(copy);
  }

  private static Object copyValue(Object v, String path, boolean noNul) {
    if (v instanceof String) {
      if (noNul) {
        requireStorableText((String) v, path);
      }
      return v;
    }
    if (v == null || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Number) {
      if ((v instanceof Double || v instanceof Float)
          && !Double.isFinite(((Number) v).doubleValue())) {
        throw new IllegalArgumentException(path + " must be a finite number, was " + v);
      }
      if (noNul) {
        requireStorableNumber((Number) v, path);
      }
      return v;
    }
    if (v instanceof Map) {
      return copyMap((Map<?, ?>) v, path, noNul);
    }
    if (v instanceof List) {
      Object[] copy = ((List<?>) v).toArray();
      for (int i = 0; i < copy.length; i++) {
        copy[i] = copyValue(copy[i], path + "[" + i + "]", noNul);
      }
      return new FrozenList(copy);
    }
    throw new IllegalArgumentException(
        path
            + " must be a JSON value (string, number, boolean, null, list or map), was a "
            + v.getClass().getName());
  }

  /**
   * Rejects U+0000 in text bound for a store: PostgreSQL cannot store it in text or jsonb, and one
   * such record would otherwise fail its batch again and again, holding up every record behind it.
   *
   * @throws IllegalArgumentException naming {@code what}
   */
  public static void requireNoNul(String text, String what) {
    if (text.indexOf('\u0000') >= 0) {
      throw new IllegalArgumentException(what + " must not contain the NUL character (U+0000)");
    }
  }

  /**
   * Rejects what no store can hold in text: U+0000 (see {@link #requireNoNul}) and UTF-16 lone
   * surrogates, which are not Unicode text at all: PostgreSQL and MariaDB refuse them (or mangle
   * them into {@code ?}), and encoders disagree on how to write them.
   *
   * @throws IllegalArgumentException naming {@code what} and the position of the bad character
   */
  public static void requireStorableText(String text, String what) {
    requireNoNul(text, what);
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (!Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++; // a valid pair
        continue;
      }
      throw new IllegalArgumentException(
          what
              + " must be valid Unicode text, but has a lone surrogate U+"
              + Integer.toHexString(c).toUpperCase(Locale.ROOT)
              + " at index "
              + i);
    }
  }

  /**
   * Rejects numbers no store can hold: integers beyond 64 bits (a {@link BigInteger} that does not
   * fit a {@code long}) and decimals outside the range of a double (a {@link BigDecimal} too large
   * to be finite, or so small but non-zero that it would become 0). PostgreSQL's jsonb refuses
   * {@code 1E+200000} with a data error, and such a record would fail its batch on every retry.
   *
   * @throws IllegalArgumentException naming {@code what}
   */
  public static void requireStorableNumber(Number v, String what) {
    if (v instanceof BigInteger big && big.bitLength() > 63) {
      throw new IllegalArgumentException(
          what + " must be an integer that fits in 64 bits (a long), was " + abbreviate(big));
    }
    if (v instanceof BigDecimal big) {
      double d = big.doubleValue();
      if (!Double.isFinite(d) || (d == 0.0 && big.signum() != 0)) {
        throw new IllegalArgumentException(
            what + " must be within the range of a double, was " + abbreviate(big));
      }
    }
  }

  private static String abbreviate(Number n) {
    String s = n.toString();
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
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

  /**
   * A map whose values are all JSON-like and deeply unmodifiable (only this class builds one), so
   * that {@link #freeze} can hand it on without copying it again.
   */
  private static final class FrozenMap extends AbstractMap<String, Object> {
    private final Map<String, Object> map;

    FrozenMap(LinkedHashMap<String, Object> map) {
      this.map = Collections.unmodifiableMap(map);
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
      return map.entrySet();
    }

    @Override
    public Object get(Object key) {
      return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }
  }

  /** A list whose elements are all JSON-like and deeply unmodifiable. */
  private static final class FrozenList extends AbstractList<Object> implements RandomAccess {
    private final Object[] elements;

    FrozenList(Object[] elements) {
      this.elements = elements;
    }

    @Override
    public Object get(int index) {
      return elements[index];
    }

    @Override
    public int size() {
      return elements.length;
    }
  }
}
