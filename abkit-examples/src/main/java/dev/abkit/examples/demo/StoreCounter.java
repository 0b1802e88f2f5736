package dev.abkit.examples.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Properties;

/**
 * Counts what the demo's JDBC store holds, with plain SQL on its own connection: the library has no
 * count method, and the load test needs exact numbers. The table names follow abkit-jdbc-store's
 * layout ({@code <prefix>exposures}, {@code <prefix>events}). Thread-safe (a connection per call).
 */
final class StoreCounter {
  /** Exact stored row counts. */
  record Counts(long exposures, long events) {}

  private final String url;
  private final String user;
  private final String password;
  private final String prefix;

  StoreCounter(String url, String user, String password, String prefix) {
    this.url = Objects.requireNonNull(url, "url");
    this.user = user;
    this.password = password;
    // the prefix was validated by JdbcStore's builder ([a-z][a-z0-9_]*), so it is safe in SQL
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  Counts count() throws SQLException {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    try (Connection c = DriverManager.getConnection(url, p);
        Statement s = c.createStatement()) {
      return new Counts(
          single(s, "SELECT COUNT(*) FROM " + prefix + "exposures"),
          single(s, "SELECT COUNT(*) FROM " + prefix + "events"));
    }
  }

  private static long single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
