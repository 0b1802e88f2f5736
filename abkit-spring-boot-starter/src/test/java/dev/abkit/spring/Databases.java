package dev.abkit.spring;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;

/** The local PostgreSQL of the test set-up: required under CI=true, else skipped with a message. */
final class Databases {
  static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String PG_USER = "postgres";

  private Databases() {}

  /** Creates schema {@code schema} and returns a URL using it, or aborts/fails the test class. */
  static String postgresSchema(String schema) {
    try (Connection c = DriverManager.getConnection(PG + "?connectTimeout=3", PG_USER, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
      return PG + "?currentSchema=" + schema;
    } catch (SQLException e) {
      String msg = "PostgreSQL at " + PG + " unreachable (" + e.getMessage() + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(msg + ": CI=true requires it");
      }
      Assumptions.abort(msg + ": skipping");
      return null;
    }
  }

  static void dropPostgresSchema(String schema) {
    try (Connection c = DriverManager.getConnection(PG, PG_USER, "");
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      // best effort: the schema name is unique to this run
    }
  }
}
