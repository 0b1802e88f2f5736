package dev.abkit.jdbc;

/** The JDBC store. Placeholder: the JDBC store work implements it. */
public final class JdbcStore {
  private JdbcStore() {}
}
