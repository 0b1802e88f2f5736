package dev.abkit.internal.condition;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A compiled MongoDB-style targeting condition: GrowthBook's condition language.
 *
 * <p>Semantics follow GrowthBook's JavaScript SDK {@code evalCondition} (growthbook/growthbook,
 * {@code packages/sdk-js/src/mongrule.ts}, MIT), including its JavaScript coercions: a string
 * condition compares {@code String(value)}, a number condition {@code value * 1}, {@code
 * $lt}/{@code $gt} use JavaScript's relational comparison, arrays and plain objects compare by
 * {@code JSON.stringify}, and version operators compare GrowthBook's {@code paddedVersionString}.
 * The suite {@code peer-vectors/growthbook-condition-cases.json} (GrowthBook's own 248 cases) is
 * the acceptance test.
 *
 * <p>Attributes and conditions are JSON-like Java values: {@code Map<String, ?>}, {@code List<?>},
 * {@link String}, any {@link Number} (compared as doubles, as JavaScript does), {@link Boolean} and
 * {@code null}. Dotted keys ({@code "father.age"}) walk nested maps and list indexes.
 *
 * <p>The condition is compiled once (paths split, regular expressions compiled, operators
 * resolved); {@link #test} then walks the compiled tree without allocating beyond strings that the
 * JavaScript coercions require. Malformed parts (unknown operator, {@code $in} without an array,
 * bad regular expression, ...) evaluate to {@code false} where they stand, as in GrowthBook, and
 * are listed by {@link #check}. Instances are immutable and thread-safe; {@code test} never throws.
 */
public final class Condition {

  /** One malformed part of a condition, for validation messages. */
  public record Issue(String path, String rule, Object value) {}

  private interface Matcher {
    boolean test(Object value);
  }

  private static final Matcher ALWAYS = v -> true;
  private static final Matcher NEVER = v -> false;
  private static final Condition EVERYONE = new Condition(ALWAYS);
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:Infinity|(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)");
  private static final Pattern NUMERIC = Pattern.compile("[0-9]+");
  private static final Pattern VERSION_STRIP = Pattern.compile("^v|\\+.*$");
  private static final Pattern VERSION_SPLIT = Pattern.compile("[-.]");

  private final Matcher root;

  private Condition(Matcher root) {
    this.root = root;
  }

  /**
   * Compiles a condition; {@code null} or an empty map matches everyone. Malformed parts evaluate
   * to {@code false} (see {@link #check}).
   */
  public static Condition compile(Map<String, Object> condition) {
    return compile(condition, Map.of());
  }

  /** Compiles a condition with saved groups for {@code $inGroup} / {@code $notInGroup}. */
  public static Condition compile(
      Map<String, Object> condition, Map<String, List<Object>> savedGroups) {
    if (condition == null || condition.isEmpty()) {
      return EVERYONE;
    }
    Compiler c = new Compiler(savedGroups == null ? Map.of() : savedGroups);
    return new Condition(c.condition(condition, ""));
  }

  /**
   * The malformed parts of a condition, each with its path inside the condition (e.g. {@code
   * platform.$in}); empty when the condition is well formed.
   */
  public static List<Issue> check(Map<String, Object> condition) {
    if (condition == null) {
      return List.of();
    }
    Compiler c = new Compiler(Map.of());
    c.condition(condition, "");
    return Collections.unmodifiableList(c.issues);
  }

  /**
   * Whether the attributes satisfy the condition. Never throws; {@code null} means no attributes.
   */
  public boolean test(Map<String, Object> attributes) {
    try {
      return root.test(attributes == null ? Map.of() : attributes);
    } catch (RuntimeException | StackOverflowError e) {
      // only reachable with exotic attribute values (self-referencing maps, throwing toString);
      // the request path must not fail, and GrowthBook also evaluates such cases to false
      return false;
    }
  }

  // ---------------------------------------------------------------- compilation

  private static final class Compiler {
    final Map<String, List<Object>> savedGroups;
    final List<Issue> issues = new ArrayList<>();

    Compiler(Map<String, List<Object>> savedGroups) {
      this.savedGroups = savedGroups;
    }

    Matcher fail(String path, String rule, Object value) {
      issues.add(new Issue(path, rule, value));
      return NEVER;
    }

    /** evalCondition: the matcher tests the object the condition's paths are read from. */
    Matcher condition(Object cond, String path) {
      if (!(cond instanceof Map)) {
        return fail(path, "must be an object", cond);
      }
      List<Matcher> parts = new ArrayList<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) cond).entrySet()) {
        String k = String.valueOf(e.getKey());
        Object v = e.getValue();
        String p = join(path, k);
        switch (k) {
          case "$or":
            {
              List<Matcher> ms = conditions(v, p);
              parts.add(ms == null ? NEVER : ms.isEmpty() ? ALWAYS : any(ms));
              break;
            }
          case "$nor":
            {
              List<Matcher> ms = conditions(v, p);
              Matcher or = ms == null ? ALWAYS : ms.isEmpty() ? ALWAYS : any(ms);
              parts.add(ms == null ? NEVER : o -> !or.test(o));
              break;
            }
          case "$and":
            {
              List<Matcher> ms = conditions(v, p);
              parts.add(ms == null ? NEVER : all(ms));
              break;
            }
          case "$not":
            {
              Matcher inner = condition(v, p);
              parts.add(o -> !inner.test(o));
              break;
            }
          default:
            {
              String[] keys = k.split("\\.", -1);
              Matcher m = value(v, false, p);
              parts.add(o -> m.test(getPath(o, keys)));
            }
        }
      }
      return all(parts);
    }

    List<Matcher> conditions(Object v, String path) {
      if (!(v instanceof List)) {
        fail(path, "must be an array of conditions", v);
        return null;
      }
      List<Matcher> ms = new ArrayList<>();
      List<?> list = (List<?>) v;
      for (int i = 0; i < list.size(); i++) {
        ms.add(condition(list.get(i), path + "[" + i + "]"));
      }
      return ms;
    }

    /** evalConditionValue: the matcher tests one (already resolved) attribute value. */
    Matcher value(Object cond, boolean insensitive, String path) {
      if (cond instanceof String) {
        String s = (String) cond;
        if (insensitive) {
          String lower = s.toLowerCase(Locale.ROOT);
          return v -> jsString(v).toLowerCase(Locale.ROOT).equals(lower);
        }
        return v -> jsString(v).equals(s);
      }
      if (cond instanceof Number) {
        double d = ((Number) cond).doubleValue();
        return v -> toNumber(v) == d;
      }
      if (cond instanceof Boolean) {
        boolean b = (Boolean) cond;
        return v -> v != null && truthy(v) == b;
      }
      if (cond == null) {
        return v -> v == null;
      }
      if (cond instanceof List || !isOperatorObject(cond)) {
        String json = stringify(cond);
        return v -> stringify(v).equals(json);
      }
      List<Matcher> ops = new ArrayList<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) cond).entrySet()) {
        String op = String.valueOf(e.getKey());
        ops.add(operator(op, e.getValue(), join(path, op)));
      }
      return all(ops);
    }

    Matcher operator(String op, Object expected, String path) {
      switch (op) {
        case "$veq":
        case "$vne":
        case "$vgt":
        case "$vgte":
        case "$vlt":
        case "$vlte":
          return version(op, paddedVersionString(expected));
        case "$eq":
          return v -> strictEquals(v, expected);
        case "$ne":
          return v -> !strictEquals(v, expected);
        case "$lt":
          return v -> Boolean.TRUE.equals(lessThan(v, expected));
        case "$lte":
          return v -> Boolean.FALSE.equals(lessThan(expected, v));
        case "$gt":
          return v -> Boolean.TRUE.equals(lessThan(expected, v));
        case "$gte":
          return v -> Boolean.FALSE.equals(lessThan(v, expected));
        case "$exists":
          return truthy(expected) ? v -> v != null : v -> v == null;
        case "$in":
        case "$ini":
        case "$nin":
        case "$nini":
          {
            if (!(expected instanceof List)) {
              return fail(path, "must be an array", expected);
            }
            Members members = Members.of((List<?>) expected, op.endsWith("i"));
            return op.startsWith("$n") ? v -> !members.isIn(v) : v -> members.isIn(v);
          }
        case "$inGroup":
        case "$notInGroup":
          {
            List<?> group = savedGroups.get(jsString(expected));
            Members members = Members.of(group == null ? List.of() : group, false);
            return op.equals("$inGroup") ? v -> members.isIn(v) : v -> !members.isIn(v);
          }
        case "$not":
          {
            Matcher inner = value(expected, false, path);
            return v -> !inner.test(v);
          }
        case "$size":
          {
            Matcher inner = value(expected, false, path);
            return v -> v instanceof List && inner.test((double) ((List<?>) v).size());
          }
        case "$elemMatch":
          {
            Matcher check =
                isOperatorObject(expected)
                    ? value(expected, false, path)
                    : condition(expected, path);
            return v -> {
              if (!(v instanceof List)) {
                return false;
              }
              for (Object el : (List<?>) v) {
                if (truthy(el) && check.test(el)) {
                  return true;
                }
              }
              return false;
            };
          }
        case "$all":
        case "$alli":
          {
            if (!(expected instanceof List)) {
              return fail(path, "must be an array", expected);
            }
            List<?> list = (List<?>) expected;
            List<Matcher> each = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
              each.add(value(list.get(i), op.equals("$alli"), path + "[" + i + "]"));
            }
            return v -> {
              if (!(v instanceof List)) {
                return false;
              }
              for (Matcher m : each) {
                boolean passed = false;
                for (Object el : (List<?>) v) {
                  if (m.test(el)) {
                    passed = true;
                    break;
                  }
                }
                if (!passed) {
                  return false;
                }
              }
              return true;
            };
          }
        case "$regex":
        case "$regexi":
          {
            if (!(expected instanceof String)) {
              return fail(path, "must be a string", expected);
            }
            Pattern p;
            try {
              int flags =
                  op.equals("$regexi") ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
              p = Pattern.compile((String) expected, flags);
            } catch (PatternSyntaxException e) {
              return fail(
                  path,
                  "must be a valid regular expression (" + e.getDescription() + ")",
                  expected);
            }
            return v -> p.matcher(jsString(v)).find();
          }
        case "$type":
          return v -> getType(v).equals(expected);
        default:
          return fail(path, "unknown operator", op);
      }
    }
  }

  private static Matcher version(String op, String expected) {
    switch (op) {
      case "$veq":
        return v -> paddedVersionString(v).equals(expected);
      case "$vne":
        return v -> !paddedVersionString(v).equals(expected);
      case "$vgt":
        return v -> paddedVersionString(v).compareTo(expected) > 0;
      case "$vgte":
        return v -> paddedVersionString(v).compareTo(expected) >= 0;
      case "$vlt":
        return v -> paddedVersionString(v).compareTo(expected) < 0;
      default:
        return v -> paddedVersionString(v).compareTo(expected) <= 0;
    }
  }

  private static Matcher all(List<Matcher> ms) {
    if (ms.isEmpty()) {
      return ALWAYS;
    }
    if (ms.size() == 1) {
      return ms.get(0);
    }
    Matcher[] arr = ms.toArray(new Matcher[0]);
    return v -> {
      for (Matcher m : arr) {
        if (!m.test(v)) {
          return false;
        }
      }
      return true;
    };
  }

  private static Matcher any(List<Matcher> ms) {
    Matcher[] arr = ms.toArray(new Matcher[0]);
    return v -> {
      for (Matcher m : arr) {
        if (m.test(v)) {
          return true;
        }
      }
      return false;
    };
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  // ---------------------------------------------------------------- JavaScript semantics

  private static boolean isOperatorObject(Object o) {
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
  private static Object getPath(Object obj, String[] keys) {
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
  private static int arrayIndex(String key) {
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

  private static String getType(Object v) {
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

  private static boolean truthy(Object v) {
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
  private static boolean strictEquals(Object a, Object b) {
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
  private static boolean sameValueZero(Object a, Object b) {
    if (a instanceof Number && b instanceof Number) {
      double x = ((Number) a).doubleValue();
      double y = ((Number) b).doubleValue();
      return x == y || (Double.isNaN(x) && Double.isNaN(y));
    }
    return strictEquals(a, b);
  }

  /**
   * The members of an {@code $in}-style list. Lists of primitives (the usual case) become a hash
   * set of normalized keys, so membership costs O(1) however long the list; other lists are scanned
   * with GrowthBook's comparisons.
   */
  private static final class Members {
    private static final Object NULL = new Object();
    private final List<?> list;
    private final boolean insensitive;
    private final java.util.Set<Object> keys;

    private Members(List<?> list, boolean insensitive, java.util.Set<Object> keys) {
      this.list = list;
      this.insensitive = insensitive;
      this.keys = keys;
    }

    static Members of(List<?> list, boolean insensitive) {
      java.util.Set<Object> keys = new java.util.HashSet<>();
      for (Object e : list) {
        Object k = key(e, insensitive);
        if (k == null) {
          return new Members(list, insensitive, null);
        }
        keys.add(k);
      }
      return new Members(list, insensitive, keys);
    }

    /**
     * The hash key of a primitive; {@code null} for containers and exotic values. Numbers become
     * doubles ({@code -0.0} as {@code 0.0}; {@link Double#equals} treats NaN as equal to itself,
     * which is SameValueZero); case-insensitive lists fold strings to lower case.
     */
    private static Object key(Object v, boolean insensitive) {
      if (v == null) {
        return NULL;
      }
      if (v instanceof String) {
        return insensitive ? ((String) v).toLowerCase(Locale.ROOT) : v;
      }
      if (v instanceof Number) {
        double d = ((Number) v).doubleValue();
        return d == 0 ? 0.0 : d;
      }
      if (v instanceof Boolean) {
        return v;
      }
      return null;
    }

    boolean isIn(Object actual) {
      if (keys == null) {
        return Condition.isIn(actual, list, insensitive);
      }
      if (actual instanceof List) {
        for (Object el : (List<?>) actual) {
          if (contains(el)) {
            return true;
          }
        }
        return false;
      }
      return contains(actual);
    }

    private boolean contains(Object v) {
      if (insensitive && v instanceof Number && Double.isNaN(((Number) v).doubleValue())) {
        return false; // the case-insensitive variant compares with ===, where NaN equals nothing
      }
      Object k = key(v, insensitive);
      return k != null && keys.contains(k);
    }
  }

  private static boolean isIn(Object actual, List<?> expected, boolean insensitive) {
    if (actual instanceof List) {
      for (Object el : (List<?>) actual) {
        if (contains(expected, el, insensitive)) {
          return true;
        }
      }
      return false;
    }
    return contains(expected, actual, insensitive);
  }

  private static boolean contains(List<?> list, Object v, boolean insensitive) {
    if (insensitive) {
      Object folded = caseFold(v);
      for (Object e : list) {
        if (strictEquals(folded, caseFold(e))) {
          return true;
        }
      }
      return false;
    }
    for (Object e : list) {
      if (sameValueZero(e, v)) {
        return true;
      }
    }
    return false;
  }

  private static Object caseFold(Object v) {
    return v instanceof String ? ((String) v).toLowerCase(Locale.ROOT) : v;
  }

  /**
   * JavaScript's abstract relational comparison {@code a < b}; {@code null} for undefined (NaN).
   */
  private static Boolean lessThan(Object a, Object b) {
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

  /** GrowthBook's paddedVersionString: numeric parts left-padded so strings compare as versions. */
  static String paddedVersionString(Object input) {
    Object in = input instanceof Number ? numberToString(((Number) input).doubleValue()) : input;
    if (!(in instanceof String) || ((String) in).isEmpty()) {
      in = "0";
    }
    String stripped = VERSION_STRIP.matcher((String) in).replaceAll("");
    List<String> parts = new ArrayList<>(List.of(VERSION_SPLIT.split(stripped, -1)));
    if (parts.size() == 3) {
      parts.add("~");
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        sb.append('-');
      }
      String p = parts.get(i);
      if (NUMERIC.matcher(p).matches()) {
        for (int j = p.length(); j < 5; j++) {
          sb.append(' ');
        }
      }
      sb.append(p);
    }
    return sb.toString();
  }
}
