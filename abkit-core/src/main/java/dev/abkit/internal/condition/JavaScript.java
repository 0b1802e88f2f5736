package dev.abkit.internal.condition;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * JavaScript's value semantics on JSON-like Java values, as GrowthBook's {@code evalCondition}
 * relies on them: property paths, {@code typeof}, truthiness, {@code ===} and SameValueZero, the
 * relational comparison with its ToPrimitive/ToNumber coercions. {@link JavaScriptText} has the
 * conversions to text. Stateless.
 */
final class JavaScript {
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:Infinity|(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)");

  private JavaScript() {}

  static boolean isOperatorObject(Object o) {
    if (!(o instanceof Map) || ((Map<?, ?>) o).isEmpty()) {
      return false;
    }
    for (Object k : ((Map<?, ?>) o).keySet()) {
      String s = String.valueOf(k);
      if (s.isEmpty() || s.charAt(0) != '$') {
        return false;
      }
    }
    return true;
  }

  /** GrowthBook's getPath: walks objects (and arrays, which are objects in JavaScript). */
  static Object getPath(Object obj, String[] keys) {
    Object current = obj;
    for (String key : keys) {
      if (current instanceof Map) {
        Map<?, ?> m = (Map<?, ?>) current;
        if (!m.containsKey(key)) {
          return null;
        }
        current = m.get(key);
      } else if (current instanceof List) {
        List<?> l = (List<?>) current;
        if (key.equals("length")) {
          current = (double) l.size();
        } else {
          int i = arrayIndex(key);
          if (i < 0 || i >= l.size()) {
            return null;
          }
          current = l.get(i);
        }
      } else {
        return null;
      }
    }
    return current;
  }

  /** The index a canonical array-index key names, or -1. */
  static int arrayIndex(String key) {
    int n = key.length();
    if (n == 0 || n > 9 || (n > 1 && key.charAt(0) == '0')) {
      return -1;
    }
    int i = 0;
    for (int j = 0; j < n; j++) {
      char c = key.charAt(j);
      if (c < '0' || c > '9') {
        return -1;
      }
      i = i * 10 + (c - '0');
    }
    return i;
  }

  static String getType(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof List) {
      return "array";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Number) {
      return "number";
    }
    if (v instanceof Boolean) {
      return "boolean";
    }
    if (v instanceof Map) {
      return "object";
    }
    return "unknown";
  }

  static boolean truthy(Object v) {
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    if (v instanceof Number) {
      double d = ((Number) v).doubleValue();
      return d != 0 && !Double.isNaN(d);
    }
    if (v instanceof String) {
      return !((String) v).isEmpty();
    }
    return true;
  }

  /** JavaScript's {@code ===}; containers are equal only to themselves. */
  static boolean strictEquals(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Number && b instanceof Number) {
      return ((Number) a).doubleValue() == ((Number) b).doubleValue();
    }
    if (a instanceof String || a instanceof Boolean) {
      return a.equals(b);
    }
    return a == b;
  }

  /** JavaScript's SameValueZero ({@code Array.prototype.includes}). */
  static boolean sameValueZero(Object a, Object b) {
    if (a instanceof Number && b instanceof Number) {
      double x = ((Number) a).doubleValue();
      double y = ((Number) b).doubleValue();
      return x == y || (Double.isNaN(x) && Double.isNaN(y));
    }
    return strictEquals(a, b);
  }

  /**
   * JavaScript's abstract relational comparison {@code a < b}; {@code null} for undefined (NaN).
   */
  static Boolean lessThan(Object a, Object b) {
    Object pa = toPrimitive(a);
    Object pb = toPrimitive(b);
    if (pa instanceof String && pb instanceof String) {
      return ((String) pa).compareTo((String) pb) < 0;
    }
    double x = toNumber(pa);
    double y = toNumber(pb);
    if (Double.isNaN(x) || Double.isNaN(y)) {
      return null;
    }
    return x < y;
  }

  private static Object toPrimitive(Object v) {
    if (v instanceof List || v instanceof Map) {
      return JavaScriptText.jsString(v);
    }
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    return v.toString();
  }

  /** JavaScript's ToNumber. */
  static double toNumber(Object v) {
    if (v == null) {
      return 0;
    }
    if (v instanceof Number) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof Boolean) {
      return (Boolean) v ? 1 : 0;
    }
    if (v instanceof Map) {
      return Double.NaN;
    }
    return stringToNumber(JavaScriptText.jsString(v));
  }

  private static double stringToNumber(String s) {
    String t = jsTrim(s);
    if (t.isEmpty()) {
      return 0;
    }
    if (DECIMAL.matcher(t).matches()) {
      if (t.endsWith("Infinity")) {
        return t.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      return Double.parseDouble(t);
    }
    if (t.length() > 2 && t.charAt(0) == '0') {
      int radix;
      switch (t.charAt(1)) {
        case 'x':
        case 'X':
          radix = 16;
          break;
        case 'o':
        case 'O':
          radix = 8;
          break;
        case 'b':
        case 'B':
          radix = 2;
          break;
        default:
          return Double.NaN;
      }
      try {
        return new BigInteger(t.substring(2), radix).doubleValue();
      } catch (NumberFormatException e) {
        return Double.NaN; // not a number in JavaScript either
      }
    }
    return Double.NaN;
  }

  private static String jsTrim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isJsSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isJsSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isJsSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF';
  }
}
