package dev.abkit.internal.condition;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The members of an {@code $in}-style list. Lists of primitives (the usual case) become a hash set
 * of normalized keys, so membership costs O(1) however long the list; other lists are scanned with
 * GrowthBook's comparisons.
 */
final class Members {
  private static final Object NULL = new Object();
  private final List<?> list;
  private final boolean insensitive;
  private final Set<Object> keys;

  private Members(List<?> list, boolean insensitive, Set<Object> keys) {
    this.list = list;
    this.insensitive = insensitive;
    this.keys = keys;
  }

  static Members of(List<?> list, boolean insensitive) {
    Set<Object> keys = new HashSet<>();
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
      return isIn(actual, list, insensitive);
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
        if (JavaScript.strictEquals(folded, caseFold(e))) {
          return true;
        }
      }
      return false;
    }
    for (Object e : list) {
      if (JavaScript.sameValueZero(e, v)) {
        return true;
      }
    }
    return false;
  }

  private static Object caseFold(Object v) {
    return v instanceof String ? ((String) v).toLowerCase(Locale.ROOT) : v;
  }
}
