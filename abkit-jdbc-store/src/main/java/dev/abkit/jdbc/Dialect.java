package dev.abkit.jdbc;

import java.util.Locale;
import java.util.Optional;

/**
 * The SQL dialects the JDBC store speaks. Each differs in how it inserts a row only if its key is
 * absent (the store's dedupe), in its types, and in where indexes are declared.
 */
public enum Dialect {
  /** PostgreSQL 11 or later: {@code INSERT ... ON CONFLICT DO NOTHING}, {@code timestamptz}. */
  POSTGRESQL,
  /**
   * MariaDB 10.5 or later, and MySQL 8: {@code INSERT ... ON DUPLICATE KEY UPDATE} as a no-op,
   * binary collation so ids compare like Java strings.
   */
  MARIADB,
  /** H2 2.x (embedded or server): {@code MERGE INTO ... USING ... WHEN NOT MATCHED}. */
  H2;

  /**
   * The dialect a JDBC URL names ({@code jdbc:postgresql:}, {@code jdbc:mariadb:}, {@code
   * jdbc:mysql:}, {@code jdbc:h2:}), or empty for any other URL.
   */
  public static Optional<Dialect> fromUrl(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:postgresql:")) {
      return Optional.of(POSTGRESQL);
    }
    if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
      return Optional.of(MARIADB);
    }
    if (url.startsWith("jdbc:h2:")) {
      return Optional.of(H2);
    }
    return Optional.empty();
  }

  /**
   * The dialect of a database product name as JDBC metadata reports it ({@code PostgreSQL}, {@code
   * MariaDB}, {@code MySQL}, {@code H2}), or empty.
   */
  static Optional<Dialect> fromProductName(String productName) {
    String name = productName.toLowerCase(Locale.ROOT);
    if (name.contains("postgres")) {
      return Optional.of(POSTGRESQL);
    }
    if (name.contains("mariadb") || name.contains("mysql")) {
      return Optional.of(MARIADB);
    }
    if (name.equals("h2")) {
      return Optional.of(H2);
    }
    return Optional.empty();
  }
}
