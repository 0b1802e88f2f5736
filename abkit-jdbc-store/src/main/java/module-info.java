/** abkit's event and assignment stores on PostgreSQL, MariaDB/MySQL and H2 (HikariCP + jdbi3). */
module dev.abkit.jdbc {
  requires transitive dev.abkit.core;
  requires java.sql;
  requires com.zaxxer.hikari;
  requires org.jdbi.v3.core;
  requires com.fasterxml.jackson.databind;

  exports dev.abkit.jdbc;

  provides dev.abkit.spi.StoreProvider with
      dev.abkit.jdbc.internal.JdbcStoreProvider;
}
