package dev.abkit.servlet.internal;

import dev.abkit.spi.AssignmentStore;
import dev.abkit.spi.EventStore;
import dev.abkit.store.file.FileEventStore;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Opens the store named by the {@code abkit.store} context parameter: {@code file:<dir>} (core's
 * file store) or {@code jdbc:<url>} (abkit-jdbc-store, an optional dependency: its classes are
 * touched only in {@link JdbcStores}, which is loaded only when a JDBC store is asked for, so this
 * module runs without it).
 */
public final class Stores {
  private Stores() {}

  /** An opened store: the event store, and the assignment store when it doubles as one. */
  public record Opened(EventStore events, AssignmentStore assignments) {}

  /**
   * Opens {@code spec}.
   *
   * @throws IllegalArgumentException if the spec is malformed, the store cannot be opened, or it
   *     names a store whose module is not on the class path
   */
  public static Opened open(String spec, String user, String password) {
    if (spec.startsWith("file:")) {
      String dir = spec.substring("file:".length());
      if (dir.isBlank()) {
        throw new IllegalArgumentException("file: needs a directory, e.g. file:/var/lib/app/abkit");
      }
      try {
        return new Opened(FileEventStore.open(Path.of(dir)), null);
      } catch (IOException | InvalidPathException e) {
        throw new IllegalArgumentException(
            "cannot open the file store in " + dir + ": " + e.getMessage(), e);
      }
    }
    if (spec.startsWith("jdbc:")) {
      try {
        Class.forName("dev.abkit.jdbc.JdbcStore", false, Stores.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalArgumentException(
            "a jdbc: store needs dev.abkit:abkit-jdbc-store (and the database's JDBC driver) on"
                + " the class path",
            e);
      }
      return JdbcStores.open(spec, user, password);
    }
    int colon = spec.indexOf(':');
    throw new IllegalArgumentException(
        "must be file:<dir>, jdbc:<url> or none, was "
            + (colon > 0 ? spec.substring(0, colon + 1) + "..." : "\"" + spec + "\""));
  }
}
