package dev.abkit.spi;

/**
 * Sticky assignments: a unit's first variant in an experiment, kept so that later weight changes do
 * not move it. Consulted by the engine behind an in-memory cache.
 *
 * <p>Implementations must be thread-safe. Changing an experiment's salt re-randomizes: a stored
 * assignment made under another salt is replaced.
 */
public interface AssignmentStore extends AutoCloseable {

  /**
   * Returns the variant stored for (experiment, unit) under {@code salt}; if there is none (or it
   * was made under another salt), stores {@code proposed} and returns it. Atomic across instances
   * sharing the store: two concurrent callers get the same answer.
   */
  String getOrPut(String experiment, String unit, String salt, String proposed) throws Exception;

  /** Releases resources. */
  @Override
  default void close() throws Exception {}
}
