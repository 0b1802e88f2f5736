package dev.abkit.jdbc.internal;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * What a failure means, from the SQLState (and, for MariaDB, the vendor code) of the first {@link
 * SQLException} in its cause chain: JDBC drivers and jdbi wrap each other's exceptions, so the
 * chain is walked rather than the top exception's type trusted.
 */
public final class SqlStates {
  private SqlStates() {}

  /**
   * A conflict with a concurrent writer that a retry of the same statements resolves: a
   * serialization failure or MariaDB deadlock (40001), a PostgreSQL deadlock (40P01), or H2's
   * {@code MERGE} losing a race to a concurrent insert of the same key (a duplicate key).
   */
  public static boolean isRace(Throwable e) {
    SQLException s = firstWithState(e);
    if (s == null) {
      return false;
    }
    String state = s.getSQLState();
    return state.equals("40001") || state.equals("40P01") || duplicateKey(s);
  }

  /**
   * The database refused the data itself, so the same rows would be refused again: a data exception
   * (SQLState class 22: a value out of range, a bad datetime, text it cannot encode, a string too
   * long) or an integrity-constraint violation (class 23: a CHECK constraint or trigger a DBA
   * added, a NOT NULL) other than a duplicate key, which is a race with a concurrent writer ({@link
   * #isRace}). Connection failures (class 08) and everything else are not data errors.
   */
  public static boolean isDataError(Throwable e) {
    SQLException s = firstWithState(e);
    if (s == null || duplicateKey(s)) {
      return false;
    }
    String state = s.getSQLState();
    return state.startsWith("22") || state.startsWith("23");
  }

  /** A unique-key violation: SQLState 23505, or MariaDB/MySQL's error 1062. */
  public static boolean isDuplicateKey(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && duplicateKey(s)) {
        return true;
      }
    }
    return false;
  }

  private static boolean duplicateKey(SQLException s) {
    return "23505".equals(s.getSQLState()) || s.getErrorCode() == 1062;
  }

  /**
   * The database could not be reached: the pool timed out waiting for a connection, or the driver
   * reports a connection exception (class 08).
   */
  public static boolean isConnectionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException s
          && s.getSQLState() != null
          && s.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
  }

  private static SQLException firstWithState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s;
      }
    }
    return null;
  }
}
