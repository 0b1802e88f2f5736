package dev.abkit.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a batch of observations on one connection inside the caller's transaction: one multi-row
 * {@code INSERT} per chunk of {@link #CHUNK} rows, the unique keys doing the dedupe.
 *
 * <p>Multi-row VALUES rather than JDBC statement batches: one round trip and one statement parse
 * per chunk on every driver, without relying on driver options such as PostgreSQL's {@code
 * reWriteBatchedInserts} (which the user's URL may not set). Plain JDBC rather than Jdbi bindings
 * on this hot path, where a batch binds thousands of values. Thread-safe (stateless apart from the
 * shared, immutable {@link Sql}).
 */
public final class Writer {
  /** Rows per statement: 500 events bind 3,000 parameters, far below every driver's limit. */
  public static final int CHUNK = 500;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Sql sql;

  public Writer(Sql sql) {
    this.sql = sql;
  }

  /** Writes {@code batch}; returns normally once every record is stored or already was. */
  public void write(Connection c, List<Observation> batch) throws SQLException {
    // Dedupe inside the batch first: H2's MERGE would otherwise insert a key twice, and fewer rows
    // is less work for every dialect. The first occurrence wins, as in the table.
    Map<List<String>, Exposure> exposures = new LinkedHashMap<>();
    Map<String, Event> events = new LinkedHashMap<>();
    for (Observation o : batch) {
      if (o instanceof Exposure x) {
        exposures.putIfAbsent(List.of(x.experiment(), x.unit()), x);
      } else {
        Event e = (Event) o;
        events.putIfAbsent(e.id(), e);
      }
    }
    writeExposures(c, new ArrayList<>(exposures.values()));
    writeEvents(c, new ArrayList<>(events.values()));
  }

  private void writeExposures(Connection c, List<Exposure> rows) throws SQLException {
    for (int from = 0; from < rows.size(); from += CHUNK) {
      List<Exposure> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
      try (PreparedStatement ps = c.prepareStatement(sql.insertExposures(chunk.size()))) {
        int i = 1;
        for (Exposure x : chunk) {
          ps.setString(i++, x.unit());
          ps.setString(i++, x.experiment());
          ps.setString(i++, x.variant());
          setTime(ps, i++, x.time());
        }
        ps.executeUpdate();
      }
    }
  }

  private void writeEvents(Connection c, List<Event> rows) throws SQLException {
    for (int from = 0; from < rows.size(); from += CHUNK) {
      List<Event> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
      try (PreparedStatement ps = c.prepareStatement(sql.insertEvents(chunk.size()))) {
        int i = 1;
        for (Event e : chunk) {
          ps.setString(i++, e.id());
          ps.setString(i++, e.unit());
          ps.setString(i++, e.name());
          setTime(ps, i++, e.time());
          if (e.value() == null) {
            ps.setNull(i++, Types.DOUBLE);
          } else {
            ps.setDouble(i++, e.value());
          }
          String props = props(e);
          if (props == null) {
            ps.setNull(i++, Types.VARCHAR);
          } else {
            ps.setString(i++, props);
          }
        }
        ps.executeUpdate();
      }
    }
  }

  /** Binds an instant, truncated to the microseconds every dialect stores, as UTC. */
  public void setTime(PreparedStatement ps, int index, Instant t) throws SQLException {
    ps.setObject(index, timeValue(t));
  }

  /** The JDBC value of an instant in this dialect's timestamp column. */
  public Object timeValue(Instant t) {
    Instant micros = t.truncatedTo(ChronoUnit.MICROS);
    // MariaDB's DATETIME has no zone: the store always writes and compares UTC wall-clock time.
    return sql.dialect() == Dialect.MARIADB
        ? LocalDateTime.ofInstant(micros, ZoneOffset.UTC)
        : OffsetDateTime.ofInstant(micros, ZoneOffset.UTC);
  }

  private static String props(Event e) throws SQLException {
    if (e.properties().isEmpty()) {
      return null;
    }
    try {
      return JSON.writeValueAsString(e.properties());
    } catch (JsonProcessingException ex) {
      throw new SQLException("event " + e.id() + ": properties are not JSON-serializable", ex);
    }
  }
}
