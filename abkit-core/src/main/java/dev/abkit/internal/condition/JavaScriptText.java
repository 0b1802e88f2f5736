package dev.abkit.internal.condition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JavaScript's conversions of JSON-like Java values to text, as GrowthBook's conditions compare
 * them: {@code String(v)}, Number's {@code toString} (shortest round-trip digits) and {@code
 * JSON.stringify} with its key order. Stateless.
 */
final class JavaScriptText {
  private JavaScriptText() {}

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

  private static void stringify(Object v, StringBuilder sb) {
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
        (JavaScript.arrayIndex(key) >= 0 ? indexKeys : keys).add(key);
      }
      indexKeys.sort((a, b) -> Integer.compare(JavaScript.arrayIndex(a), JavaScript.arrayIndex(b)));
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

  private static void quote(String s, StringBuilder sb) {
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
