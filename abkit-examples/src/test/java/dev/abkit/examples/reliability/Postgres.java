package dev.abkit.examples.reliability;

import dev.abkit.jdbc.Dialect;
import dev.abkit.jdbc.JdbcStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The loopback PostgreSQL the suite checks against, read directly (never through the proxy). Each
 * run uses its own table prefix; {@link #dropTables} removes them. Unreachable: fails under {@code
 * CI=true}, skips otherwise.
 */
final class Postgres {
  static final String HOST = "127.0.0.1";
  static final int PORT = 5432;
  static final String USER = "postgres";
  static final String DB = "test";

  private Postgres() {}

  static String url(int port) {
    return "jdbc:postgresql://" + HOST + ":" + port + "/" + DB;
  }

  /** A fresh table prefix, so concurrent runs never share tables. */
  static String freshPrefix(String scenario) {
    return "abkit_r"
        + scenario
        + UUID.randomUUID().toString().replace("-", "").substring(0, 10)
        + "_";
  }

  static void requireReachable() {
    try (Connection c = connect()) {
      c.isValid(2);
    } catch (SQLException e) {
      String message = "postgresql not reachable at " + url(PORT) + ": " + e;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message + " (skipped; it fails under CI=true)");
    }
  }

  static Connection connect() throws SQLException {
    DriverManager.setLoginTimeout(5);
    return DriverManager.getConnection(url(PORT), USER, "");
  }

  static boolean tableExists(String table) throws SQLException {
    try (Connection c = connect();
        ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
      return rs.next();
    }
  }

  /** Row count per event id (a key stored twice would show 2). */
  static Map<String, Integer> eventRows(String prefix) throws SQLException {
    return counts("select id, count(*) from " + prefix + "events group by id");
  }

  /** Row count per "experiment/unit" exposure key. */
  static Map<String, Integer> exposureRows(String prefix) throws SQLException {
    return counts(
        "select experiment || '/' || unit, count(*) from "
            + prefix
            + "exposures"
            + " group by experiment, unit");
  }

  /** Stored variant per "experiment/unit". */
  static Map<String, String> exposureVariants(String prefix) throws SQLException {
    Map<String, String> out = new HashMap<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select experiment || '/' || unit, variant from " + prefix + "exposures")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  /** Stored sticky variant per "experiment/unit" (empty when the table was never created). */
  static Map<String, String> assignmentVariants(String prefix) throws SQLException {
    Map<String, String> out = new HashMap<>();
    if (!tableExists(prefix + "assignments")) {
      return out;
    }
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select experiment || '/' || unit, variant from " + prefix + "assignments")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  /** Events as (id, unit, name, props-as-text) rows. */
  static List<String[]> events(String prefix) throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select id, unit, name, cast(props as text) from " + prefix + "events")) {
      while (rs.next()) {
        out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
      }
    }
    return out;
  }

  static long count(String table) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Map<String, Integer> counts(String sql) throws SQLException {
    Map<String, Integer> out = new HashMap<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getInt(2));
      }
    }
    return out;
  }

  static void dropTables(String prefix) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String table : JdbcStore.tables(Dialect.POSTGRESQL, prefix)) {
        s.execute("drop table if exists " + table);
      }
    }
  }
}
