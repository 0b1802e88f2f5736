package dev.abkit.spring.internal;

import dev.abkit.jdbc.Dialect;

/**
 * Puts abkit's tables in place with the application's migration tool instead of the store's own
 * DDL. Free of the tool's types, so the auto-configuration can ask for it without the tool on the
 * class path.
 */
@FunctionalInterface
public interface SchemaMigration {
  /**
   * Migrates abkit's tables (prefix {@code abkit_}) for {@code dialect}.
   *
   * @return true if the tool now manages the tables (the store then creates none), false if it does
   *     not apply here (the store creates them as usual)
   */
  boolean migrate(Dialect dialect);
}
