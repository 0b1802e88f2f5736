package dev.abkit.servlet.internal;

import dev.abkit.spi.AssignmentStore;
import dev.abkit.spi.EventStore;

/**
 * Opens the store named by the {@code abkit.store} context parameter: {@code file:<dir>} (core's
 * file store) or {@code jdbc:<url>} (abkit-jdbc-store, an optional dependency: its classes are
 * touched only in {@link JdbcStores}, so this module runs without it unless a JDBC store is asked
 * for).
 */
public final class Stores {
  private Stores() {}

  /** An opened store: the event store, and the assignment store when it doubles as one. */
  public record Opened(EventStore events, AssignmentStore assignments) {}

  /**
   * Opens {@code spec}.
   *
   * @throws IllegalArgumentException if the spec is malformed or names a store that is not on the
   *     class path
   */
  public static Opened open(String spec, String user, String password) {
    throw new IllegalArgumentException("abkit.store: not available yet: " + spec);
  }
}
