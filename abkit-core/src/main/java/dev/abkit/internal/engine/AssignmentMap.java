package dev.abkit.internal.engine;

import dev.abkit.Assignment;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The unmodifiable result of {@code assignAll}: keys shared with the snapshot, one value array per
 * call, iteration in manifest order. Cheaper than a {@code LinkedHashMap} on the request path.
 */
final class AssignmentMap extends AbstractMap<String, Assignment> {
  private final String[] keys;
  private final Map<String, Integer> index;
  private final Assignment[] values;

  AssignmentMap(String[] keys, Map<String, Integer> index, Assignment[] values) {
    this.keys = keys;
    this.index = index;
    this.values = values;
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public boolean containsKey(Object key) {
    return index.containsKey(key);
  }

  @Override
  public Assignment get(Object key) {
    Integer i = index.get(key);
    return i == null ? null : values[i];
  }

  @Override
  public Set<Entry<String, Assignment>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return keys.length;
      }

      @Override
      public Iterator<Entry<String, Assignment>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < keys.length;
          }

          @Override
          public Entry<String, Assignment> next() {
            if (next >= keys.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(keys[i], values[i]);
          }
        };
      }
    };
  }
}
