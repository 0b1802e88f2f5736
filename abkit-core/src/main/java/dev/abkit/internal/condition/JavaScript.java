package dev.abkit.internal.condition;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * JavaScript's value semantics on JSON-like Java values, as GrowthBook's {@code evalCondition}
 * relies on them: property paths, {@code typeof}, truthiness, {@code ===} and SameValueZero, the
 * relational comparison with its ToPrimitive/ToNumber coercions, {@code String(v)}, Number's {@code
 * toString} and {@code JSON.stringify}. Stateless.
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

  static Object toPrimitive(Object v) {
    if (v instanceof List || v instanceof Map) {
      return jsString(v);
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
    return stringToNumber(jsString(v));
  }

  static double stringToNumber(String s) {
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

  static String jsTrim(String s) {
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

  static boolean isJsSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF';
  }

  /** JavaScript's {@code String(v)}. */
  static String jsString(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String) {
      return (String) v;
    }
    if (v instanceof Number) {
      return numberToString(((Number) v).doubleValue());
    }
    if (v instanceof List) {
      StringBuilder sb = new StringBuilder();
      List<?> l = (List<?>) v;
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        Object el = l.get(i);
        if (el != null) {
          sb.append(jsString(el));
        }
      }
      return sb.toString();
    }
    if (v instanceof Map) {
      return "[object Object]";
    }
    return v.toString();
  }

  /** JavaScript's Number::toString (shortest round-trip digits, JavaScript's exponent rules). */
  static String numberToString(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return "0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int k = digits.length();
    int n = k - bd.scale();
    StringBuilder sb = new StringBuilder();
    if (d < 0) {
      sb.append('-');
    }
    if (k <= n && n <= 21) {
      sb.append(digits);
      for (int i = 0; i < n - k; i++) {
        sb.append('0');
      }
    } else if (0 < n && n <= 21) {
      sb.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      sb.append("0.");
      for (int i = 0; i < -n; i++) {
        sb.append('0');
      }
      sb.append(digits);
    } else {
      sb.append(digits.charAt(0));
      if (k > 1) {
        sb.append('.').append(digits, 1, k);
      }
      sb.append('e').append(n - 1 >= 0 ? "+" : "-").append(Math.abs(n - 1));
    }
    return sb.toString();
  }

  /** JavaScript's {@code JSON.stringify}, including its key order (integer keys first). */
  static String stringify(Object v) {
    StringBuilder sb = new StringBuilder();
    stringify(v, sb);
    return sb.toString();
  }

  static void stringify(Object v, StringBuilder sb) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Number) {
      double d = ((Number) v).doubleValue();
      sb.append(Double.isFinite(d) ? numberToString(d) : "null");
    } else if (v instanceof List) {
      sb.append('[');
      boolean first = true;
      for (Object el : (List<?>) v) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        stringify(el, sb);
      }
      sb.append(']');
    } else if (v instanceof Map) {
      Map<?, ?> m = (Map<?, ?>) v;
      List<String> keys = new ArrayList<>(m.size());
      List<String> indexKeys = new ArrayList<>();
      for (Object k : m.keySet()) {
        String key = String.valueOf(k);
        (arrayIndex(key) >= 0 ? indexKeys : keys).add(key);
      }
      indexKeys.sort((a, b) -> Integer.compare(arrayIndex(a), arrayIndex(b)));
      indexKeys.addAll(keys);
      sb.append('{');
      boolean first = true;
      for (String key : indexKeys) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        quote(key, sb);
        sb.append(':');
        stringify(m.get(key), sb);
      }
      sb.append('}');
    } else {
      quote(v.toString(), sb);
    }
  }

  static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\b':
          sb.append("\\b");
          break;
        case '\f':
          sb.append("\\f");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          boolean lone =
              Character.isSurrogate(c)
                  && !(Character.isHighSurrogate(c)
                          && i + 1 < s.length()
                          && Character.isLowSurrogate(s.charAt(i + 1))
                      || Character.isLowSurrogate(c)
                          && i > 0
                          && Character.isHighSurrogate(s.charAt(i - 1)));
          if (c < 0x20 || lone) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }
}
