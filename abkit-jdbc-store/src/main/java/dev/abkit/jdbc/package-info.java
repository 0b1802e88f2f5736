/** abkit's stores on JDBC databases: PostgreSQL, MariaDB/MySQL and H2. */
package dev.abkit.jdbc;
