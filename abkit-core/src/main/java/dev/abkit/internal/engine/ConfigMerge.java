package dev.abkit.internal.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep merge of JSON-like configs: objects merge recursively, any other value (including lists)
 * replaces. Results are unmodifiable all the way down.
 */
final class ConfigMerge {
  private ConfigMerge() {}

  /** {@code over} merged onto {@code base}; neither input is modified. */
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (base != null) {
      base.forEach((k, v) -> out.put(k, v));
    }
    if (over != null) {
      for (Map.Entry<String, Object> e : over.entrySet()) {
        Object prior = out.get(e.getKey());
        Object next = e.getValue();
        if (prior instanceof Map && next instanceof Map) {
          out.put(e.getKey(), merge(asMap(prior), asMap(next)));
        } else {
          out.put(e.getKey(), next);
        }
      }
    }
    return freeze(out);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }

  private static Map<String, Object> freeze(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, freezeValue(v)));
    return Collections.unmodifiableMap(out);
  }

  private static Object freezeValue(Object v) {
    if (v instanceof Map) {
      return freeze(asMap(v));
    }
    if (v instanceof List) {
      List<?> l = (List<?>) v;
      List<Object> copy = new java.util.ArrayList<>(l.size());
      for (Object x : l) {
        copy.add(freezeValue(x));
      }
      return Collections.unmodifiableList(copy);
    }
    return v;
  }
}
