package dev.abkit.internal.condition;

import java.util.List;

/**
 * A compiled part of a condition: tests one value (the attributes object, or a value inside it).
 */
interface Matcher {
  Matcher ALWAYS = v -> true;
  Matcher NEVER = v -> false;

  boolean test(Object value);

  static Matcher all(List<Matcher> ms) {
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

  static Matcher any(List<Matcher> ms) {
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
}
