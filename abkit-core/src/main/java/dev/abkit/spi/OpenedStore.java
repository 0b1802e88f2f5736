package dev.abkit.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * A store a {@link StoreProvider} opened: where exposures and events go, and the sticky assignment
 * store when the same backend keeps one (a JDBC store is both). Closing it closes both, once each.
 */
public record OpenedStore(EventStore events, Optional<AssignmentStore> assignments)
    implements AutoCloseable {
  public OpenedStore {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(assignments, "assignments");
  }

  /** An event store that keeps no assignments. */
  public static OpenedStore of(EventStore events) {
    return new OpenedStore(events, Optional.empty());
  }

  /** An event store and an assignment store, which may be one object (closed once, then). */
  public static OpenedStore of(EventStore events, AssignmentStore assignments) {
    return new OpenedStore(events, Optional.of(assignments));
  }

  /** Closes the event store, then the assignment store unless it is the same object. */
  @Override
  public void close() throws Exception {
    try {
      events.close();
    } finally {
      if (assignments.isPresent() && assignments.get() != events) {
        assignments.get().close();
      }
    }
  }
}
