package dev.abkit.jdbc.internal;

import dev.abkit.jdbc.Dialect;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ArgumentFactory;
import org.jdbi.v3.core.config.ConfigRegistry;

/**
 * How an {@link Instant} is bound in each dialect's timestamp column: truncated to the microseconds
 * every dialect stores, and always as UTC. jdbi's own {@code Instant} binding goes through {@code
 * java.sql.Timestamp}, which the driver converts in the JVM's default time zone; a MariaDB {@code
 * DATETIME} has no zone, so that would shift stored times with the server's zone.
 */
public final class Timestamps {
  private Timestamps() {}

  /** The JDBC value of {@code t} for {@link java.sql.PreparedStatement#setObject}. */
  public static Object value(Dialect dialect, Instant t) {
    Instant micros = t.truncatedTo(ChronoUnit.MICROS);
    // MariaDB's DATETIME has no zone: the store always writes and compares UTC wall-clock time.
    return dialect == Dialect.MARIADB
        ? LocalDateTime.ofInstant(micros, ZoneOffset.UTC)
        : OffsetDateTime.ofInstant(micros, ZoneOffset.UTC);
  }

  /** A jdbi argument factory binding every {@code Instant} as {@link #value} does. */
  public static ArgumentFactory argumentFactory(Dialect dialect) {
    return new AbstractArgumentFactory<Instant>(Types.TIMESTAMP_WITH_TIMEZONE) {
      @Override
      protected Argument build(Instant t, ConfigRegistry config) {
        Object value = value(dialect, t);
        return (position, statement, context) -> statement.setObject(position, value);
      }
    };
  }
}
