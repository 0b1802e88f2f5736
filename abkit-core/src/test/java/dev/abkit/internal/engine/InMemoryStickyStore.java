package dev.abkit.internal.engine;

import dev.abkit.spi.AssignmentStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread-safe in-memory {@link AssignmentStore} for tests, counting calls; can be made to fail.
 */
final class InMemoryStickyStore implements AssignmentStore {
  private record Entry(String salt, String variant) {}

  final Map<String, Entry> entries = new ConcurrentHashMap<>();
  final AtomicInteger calls = new AtomicInteger();
  volatile boolean failing;

  @Override
  public String getOrPut(String experiment, String unit, String salt, String proposed)
      throws Exception {
    calls.incrementAndGet();
    if (failing) {
      throw new java.io.IOException("store down (test)");
    }
    return entries
        .compute(
            experiment + "\u0000" + unit,
            (k, old) -> old != null && old.salt().equals(salt) ? old : new Entry(salt, proposed))
        .variant();
  }

  /** Puts an assignment directly, as an earlier run would have. */
  void put(String experiment, String unit, String salt, String variant) {
    entries.put(experiment + "\u0000" + unit, new Entry(salt, variant));
  }
}
