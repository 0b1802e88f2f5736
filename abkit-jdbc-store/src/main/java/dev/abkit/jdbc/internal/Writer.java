package dev.abkit.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.spi.RecordRejectedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch of observations in one transaction: one multi-row {@code INSERT} per chunk of
 * {@link #CHUNK} rows, the unique keys doing the dedupe, the whole batch retried when it loses a
 * race to a concurrent writer.
 *
 * <p>Multi-row VALUES rather than JDBC statement batches: one round trip and one statement parse
 * per chunk on every driver, without relying on driver options such as PostgreSQL's {@code
 * reWriteBatchedInserts} (which the user's URL may not set).
 *
 * <p>jdbi runs the transaction, but the rows are bound on the plain {@link PreparedStatement}: this
 * is abkit's write hot path, where a batch of 1,000 events binds 6,000 values, and {@code
 * PipelineBenchmark.postgresBatched} must stay at or above 100k records/s (README, Performance).
 * jdbi's per-value argument resolution is avoided here and only here; measure that benchmark before
 * changing this.
 *
 * <p>Thread-safe (stateless apart from the shared, immutable {@link Sql}).
 */
public final class Writer {
  private static final Logger log = LoggerFactory.getLogger(Writer.class);

  /** Rows per statement: 500 events bind 3,000 parameters, far below every driver's limit. */
  public static final int CHUNK = 500;

  /** How often a batch is tried when it deadlocks or races a concurrent insert of the same key. */
  private static final int ATTEMPTS = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbi jdbi;
  private final Sql sql;

  public Writer(Jdbi jdbi, Sql sql) {
    this.jdbi = jdbi;
    this.sql = sql;
  }

  /**
   * Stores {@code batch} in one transaction; returns normally once every record is stored or
   * already was.
   *
   * @throws RecordRejectedException when the database refused the data ({@link
   *     SqlStates#isDataError}): the pipeline then bisects the batch and quarantines the bad rows
   * @throws SQLException or {@link JdbiException} when the database cannot take the batch (nothing
   *     of it is then committed)
   */
  public void write(List<Observation> batch) throws SQLException, RecordRejectedException {
    for (int attempt = 1; ; attempt++) {
      try {
        jdbi.useTransaction(h -> insert(h.getConnection(), batch));
        return;
      } catch (SQLException | JdbiException e) {
        if (SqlStates.isDataError(e)) {
          throw new RecordRejectedException("the database refused the data: " + rootMessage(e), e);
        }
        if (attempt >= ATTEMPTS || !SqlStates.isRace(e)) {
          throw e;
        }
        log.debug("retrying a batch after a concurrent-write conflict: {}", e.getMessage());
      }
    }
  }

  /** The message of the first SQLException in the chain (jdbi's own adds the whole statement). */
  private static String rootMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException) {
        return t.getMessage();
      }
    }
    return e.getMessage();
  }

  private void insert(Connection c, List<Observation> batch) throws SQLException {
    // Merge inside the batch first, as the table merges: one statement must not touch a key twice
    // (PostgreSQL refuses that in ON CONFLICT DO UPDATE, H2's MERGE would insert it twice), and
    // fewer rows is less work for every dialect. Events and attribute values: the first
    // occurrence wins, as the table keeps the first value received.
    Map<List<String>, FirstExposure> exposures = new LinkedHashMap<>();
    Map<List<String>, Event> events = new LinkedHashMap<>();
    Map<List<String>, String> attributes = new LinkedHashMap<>();
    for (Observation o : batch) {
      if (o instanceof Exposure x) {
        exposures.merge(
            List.of(x.experiment(), x.unit()), new FirstExposure(x, false), FirstExposure::merge);
        x.attributes()
            .forEach(
                (name, value) ->
                    attributes.putIfAbsent(List.of(x.experiment(), x.unit(), name), value));
      } else {
        Event e = (Event) o;
        events.putIfAbsent(List.of(e.unit(), e.id()), e);
      }
    }
    writeExposures(c, new ArrayList<>(exposures.values()));
    writeAttributes(c, new ArrayList<>(attributes.entrySet()));
    writeEvents(c, new ArrayList<>(events.values()));
  }

  /** A unit's earliest exposure in the batch, and whether the batch shows it another variant. */
  private record FirstExposure(Exposure exposure, boolean multiple) {
    FirstExposure merge(FirstExposure other) {
      Exposure o = other.exposure;
      boolean both = multiple || other.multiple || !o.variant().equals(exposure.variant());
      return new FirstExposure(o.time().isBefore(exposure.time()) ? o : exposure, both);
    }
  }

  private void writeExposures(Connection c, List<FirstExposure> rows) throws SQLException {
    for (int from = 0; from < rows.size(); from += CHUNK) {
      List<FirstExposure> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
      try (PreparedStatement ps = c.prepareStatement(sql.insertExposures(chunk.size()))) {
        int i = 1;
        for (FirstExposure f : chunk) {
          Exposure x = f.exposure();
          ps.setString(i++, x.unit());
          ps.setString(i++, x.experiment());
          ps.setString(i++, x.variant());
          setTime(ps, i++, x.time());
          ps.setBoolean(i++, f.multiple());
        }
        ps.executeUpdate();
      }
    }
  }

  /** Attribute values, keyed (experiment, unit, name), each kept unless one is stored. */
  private void writeAttributes(Connection c, List<Map.Entry<List<String>, String>> rows)
      throws SQLException {
    for (int from = 0; from < rows.size(); from += CHUNK) {
      List<Map.Entry<List<String>, String>> chunk =
          rows.subList(from, Math.min(rows.size(), from + CHUNK));
      try (PreparedStatement ps = c.prepareStatement(sql.insertAttributes(chunk.size()))) {
        int i = 1;
        for (Map.Entry<List<String>, String> row : chunk) {
          for (String keyPart : row.getKey()) {
            ps.setString(i++, keyPart);
          }
          ps.setString(i++, row.getValue());
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

  private void setTime(PreparedStatement ps, int index, Instant t) throws SQLException {
    ps.setObject(index, Timestamps.value(sql.dialect(), t));
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
