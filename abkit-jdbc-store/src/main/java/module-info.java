/** abkit's event and assignment stores on PostgreSQL, MariaDB/MySQL and H2 (HikariCP + jdbi3). */
module dev.abkit.jdbc {
  requires transitive dev.abkit.core;
  // The API takes a DataSource and throws SQLException.
  requires transitive java.sql;
  requires com.zaxxer.hikari;
  requires org.jdbi.v3.core;
  // jdbi3-core is an automatic module, and automatic modules do not make the module system
  // resolve their dependencies; without this, jdbi fails on the module path with
  // NoClassDefFoundError: io/leangen/geantyref/GenericTypeReflector.
  requires io.leangen.geantyref;
  requires com.fasterxml.jackson.databind;

  exports dev.abkit.jdbc;

  provides dev.abkit.spi.StoreProvider with
      dev.abkit.jdbc.internal.JdbcStoreProvider;
}
