package dev.abkit.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real databases the contract runs against: PostgreSQL and MariaDB on loopback, H2 in memory. A
 * database that cannot be reached fails the test under {@code CI=true} and skips it otherwise.
 */
enum TestDatabase {
  POSTGRESQL(Dialect.POSTGRESQL, "jdbc:postgresql://127.0.0.1:5432/test", "postgres", ""),
  MARIADB(Dialect.MARIADB, "jdbc:mariadb://127.0.0.1:3306/test", "root", ""),
  H2(Dialect.H2, null, "sa", "");

  final Dialect dialect;
  private final String url;
  final String user;
  final String password;
  private final String h2Url =
      "jdbc:h2:mem:abkit_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";

  TestDatabase(Dialect dialect, String url, String user, String password) {
    this.dialect = dialect;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  String url() {
    return url != null ? url : h2Url;
  }

  /** A fresh table prefix, so concurrent runs never share tables. */
  static String freshPrefix() {
    return "abkit_t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";
  }

  /** Fails (CI) or skips (elsewhere) unless the database answers. */
  void requireReachable() {
    try (Connection c = connect()) {
      c.isValid(2);
    } catch (SQLException e) {
      String message = name().toLowerCase(Locale.ROOT) + " not reachable at " + url() + ": " + e;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message + " (skipped; it fails under CI=true)");
    }
  }

  Connection connect() throws SQLException {
    DriverManager.setLoginTimeout(3);
    return DriverManager.getConnection(url(), user, password);
  }

  /** A store on this database that creates (or migrates) its tables. */
  JdbcStore.Builder store(String prefix) {
    return existingTables(prefix).createSchema(true);
  }

  /** A store on this database that expects its tables to be there at the current version. */
  JdbcStore.Builder existingTables(String prefix) {
    return JdbcStore.builder().url(url()).username(user).password(password).tablePrefix(prefix);
  }

  long count(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  void execute(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  void dropTables(String prefix) throws SQLException {
    for (String table : JdbcStore.tables(dialect, prefix)) {
      execute("drop table if exists " + table);
    }
  }
}
