package dev.abkit.internal.condition;

import static dev.abkit.internal.condition.JavaScript.getPath;
import static dev.abkit.internal.condition.JavaScript.getType;
import static dev.abkit.internal.condition.JavaScript.isOperatorObject;
import static dev.abkit.internal.condition.JavaScript.lessThan;
import static dev.abkit.internal.condition.JavaScript.strictEquals;
import static dev.abkit.internal.condition.JavaScript.toNumber;
import static dev.abkit.internal.condition.JavaScript.truthy;
import static dev.abkit.internal.condition.JavaScriptText.jsString;
import static dev.abkit.internal.condition.JavaScriptText.stringify;
import static dev.abkit.internal.condition.Matcher.ALWAYS;
import static dev.abkit.internal.condition.Matcher.NEVER;
import static dev.abkit.internal.condition.Matcher.all;
import static dev.abkit.internal.condition.Matcher.any;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a condition into a tree of {@link Matcher}s once (paths split, regular expressions
 * compiled, operators resolved, {@code $in} lists hashed), recording each malformed part as an
 * {@link Condition.Issue} and compiling it to {@link Matcher#NEVER}, as GrowthBook evaluates it.
 * One instance per compilation; not thread-safe.
 */
final class ConditionCompiler {
  final Map<String, List<Object>> savedGroups;
  final List<Condition.Issue> issues = new ArrayList<>();

  ConditionCompiler(Map<String, List<Object>> savedGroups) {
    this.savedGroups = savedGroups;
  }

  Matcher fail(String path, String rule, Object value) {
    issues.add(new Condition.Issue(path, rule, value));
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
        return VersionStrings.version(op, VersionStrings.paddedVersionString(expected));
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
              isOperatorObject(expected) ? value(expected, false, path) : condition(expected, path);
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
            int flags = op.equals("$regexi") ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
            p = Pattern.compile((String) expected, flags);
          } catch (PatternSyntaxException e) {
            return fail(
                path, "must be a valid regular expression (" + e.getDescription() + ")", expected);
          }
          return new BoundedRegex(p, path, BoundedRegex.BUDGET);
        }
      case "$type":
        return v -> getType(v).equals(expected);
      default:
        return fail(path, "unknown operator", op);
    }
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
