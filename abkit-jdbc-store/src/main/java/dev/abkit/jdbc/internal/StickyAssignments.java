package dev.abkit.jdbc.internal;

import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Sticky assignments in the assignments table, kept consistent across every store sharing the
 * database without locks: the first variant is inserted if absent, and one made under an old salt
 * is replaced by a compare-and-set on that salt. A caller that loses either race selects again and
 * returns the winner, so concurrent callers all return the one stored variant.
 *
 * <p>Thread-safe.
 */
public final class StickyAssignments {
  /** Select-then-write rounds before giving up; each lost race costs one. */
  private static final int ROUNDS = 6;

  private final Jdbi jdbi;
  private final Sql sql;
  private final Clock clock;

  /**
   * @param clock stamps each stored assignment
   */
  public StickyAssignments(Jdbi jdbi, Sql sql, Clock clock) {
    this.jdbi = jdbi;
    this.sql = sql;
    this.clock = clock;
  }

  private record Stored(String salt, String variant) {}

  /**
   * Returns the stored variant of (experiment, unit) when it was made under {@code salt}; otherwise
   * stores {@code proposed} and returns what is then stored.
   *
   * @throws IllegalStateException if concurrent salt changes keep replacing the row
   * @throws JdbiException if the database fails
   */
  public String getOrPut(String experiment, String unit, String salt, String proposed) {
    return jdbi.withHandle(
        h -> {
          // Outside a transaction each statement commits on its own, so every select sees the
          // latest winner.
          for (int round = 0; round < ROUNDS; round++) {
            Optional<Stored> stored = select(h, experiment, unit);
            if (stored.isEmpty()) {
              insertIfAbsent(h, experiment, unit, salt, proposed);
            } else if (stored.get().salt().equals(salt)) {
              return stored.get().variant();
            } else {
              h.createUpdate(sql.updateAssignment())
                  .bind(0, salt)
                  .bind(1, proposed)
                  .bind(2, clock.instant())
                  .bind(3, experiment)
                  .bind(4, unit)
                  .bind(5, stored.get().salt())
                  .execute();
            }
          }
          throw new IllegalStateException(
              "assignment of unit "
                  + unit
                  + " in "
                  + experiment
                  + " kept changing under concurrent salt updates; giving up");
        });
  }

  private Optional<Stored> select(Handle h, String experiment, String unit) {
    return h.createQuery(sql.selectAssignment())
        .bind(0, experiment)
        .bind(1, unit)
        .map((rs, ctx) -> new Stored(rs.getString("salt"), rs.getString("variant")))
        .findOne();
  }

  private void insertIfAbsent(
      Handle h, String experiment, String unit, String salt, String variant) {
    try {
      h.createUpdate(sql.insertAssignment())
          .bind(0, experiment)
          .bind(1, unit)
          .bind(2, salt)
          .bind(3, variant)
          .bind(4, clock.instant())
          .execute();
    } catch (JdbiException e) {
      // H2's MERGE can lose a race to a concurrent insert of the same key; the row then exists,
      // which is all this step needs: the caller selects the winner next.
      if (!SqlStates.isDuplicateKey(e)) {
        throw e;
      }
    }
  }
}
