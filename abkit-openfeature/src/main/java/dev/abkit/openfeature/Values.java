package dev.abkit.openfeature;

import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * abkit's JSON-like config values (maps, lists, strings, numbers, booleans, null) as OpenFeature
 * values.
 */
final class Values {
  private Values() {}

  static Value of(Object o) {
    if (o == null) {
      return new Value();
    }
    if (o instanceof Map<?, ?> map) {
      Map<String, Value> fields = new LinkedHashMap<>();
      map.forEach((k, v) -> fields.put(String.valueOf(k), of(v)));
      return new Value(new ImmutableStructure(fields));
    }
    if (o instanceof List<?> list) {
      List<Value> items = new ArrayList<>(list.size());
      list.forEach(v -> items.add(of(v)));
      return new Value(items);
    }
    if (o instanceof String s) {
      return new Value(s);
    }
    if (o instanceof Boolean b) {
      return new Value(b);
    }
    if (o instanceof Integer || o instanceof Short || o instanceof Byte) {
      return new Value(((Number) o).intValue());
    }
    if (o instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
      return new Value(l.intValue());
    }
    if (o instanceof Number n) {
      // OpenFeature values have no long or decimal type: larger integers become doubles.
      return new Value(n.doubleValue());
    }
    return new Value(o.toString());
  }
}
