package dev.abkit.examples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * A generated experiment at scale, streamed into a store's PostgreSQL tables with {@code COPY ...
 * FROM STDIN} (CSV produced on the fly, 4 MB at a time, never held whole): exposures, one {@code
 * platform} attribute per unit, and events spread around each unit's exposure so that CUPED has a
 * pre-period, the metric's window cuts some off, and some units have none.
 *
 * <p>Deterministic: the same sizes give the same rows.
 */
final class ScaleData {
  static final String PLATFORM = "platform";
  private static final String[] PLATFORMS = {"android", "ios", "web"};
  private static final Instant BASE = Instant.parse("2026-11-01T00:00:00Z");
  private static final int CHUNK = 4 << 20;

  private final String prefix;
  private final String experiment;
  private final String event;
  private final int units;
  private final long events;

  ScaleData(String prefix, String experiment, String event, int units, long events) {
    this.prefix = prefix;
    this.experiment = experiment;
    this.event = event;
    this.units = units;
    this.events = events;
  }

  /** Unit {@code i}'s first exposure: 50 ms apart, so 10M units span about six days. */
  private static Instant exposedAt(long i) {
    return BASE.plusMillis(i * 50);
  }

  private static String unit(long i) {
    return String.format("u%08d", i);
  }

  /** A well-mixed 64-bit hash (SplitMix64's finalizer), for picking units and offsets. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  void load(Connection c) throws SQLException, IOException {
    CopyManager copy = new CopyManager(c.unwrap(BaseConnection.class));
    try (Rows rows = new Rows(copy, "exposures (experiment, unit, variant, ts)")) {
      for (long i = 0; i < units; i++) {
        rows.line(experiment, unit(i), i % 2 == 0 ? "A" : "B", exposedAt(i).toString());
      }
    }
    try (Rows rows = new Rows(copy, "exposure_attributes (experiment, unit, name, value)")) {
      for (long i = 0; i < units; i++) {
        rows.line(experiment, unit(i), PLATFORM, PLATFORMS[(int) Math.floorMod(mix(i), 3L)]);
      }
    }
    try (Rows rows = new Rows(copy, "events (id, unit, name, ts, value)")) {
      for (long j = 0; j < events; j++) {
        long h = mix(j + 0x9E3779B97F4A7C15L);
        long u = Math.floorMod(h, (long) units);
        // -10 to +10 days around the exposure: about half in CUPED's 14-day pre-period, the
        // rest after it, the metric's 7-day window keeping most of those
        long offsetSeconds = Math.floorMod(h >>> 20, 20L * 86_400) - 10L * 86_400;
        double value = 1 + Math.floorMod(h >>> 40, 100L) + (u % 2 == 1 ? 2 : 0);
        rows.line(
            "e" + j,
            unit(u),
            event,
            exposedAt(u).plusSeconds(offsetSeconds).toString(),
            Double.toString(value));
      }
    }
  }

  /**
   * Records that arrive after the load, as in a running experiment: {@code newUnits} units exposed
   * for the first time (with their platform), and {@code newEvents} events of units already
   * exposed, spread as the load's are. Round {@code round} names them apart from other rounds'.
   */
  void more(Connection c, int round, int newUnits, int newEvents) throws SQLException, IOException {
    CopyManager copy = new CopyManager(c.unwrap(BaseConnection.class));
    String late = "n" + round + "_";
    try (Rows rows = new Rows(copy, "exposures (experiment, unit, variant, ts)")) {
      for (long i = 0; i < newUnits; i++) {
        rows.line(experiment, late + i, i % 2 == 0 ? "A" : "B", exposedAt(units + i).toString());
      }
    }
    try (Rows rows = new Rows(copy, "exposure_attributes (experiment, unit, name, value)")) {
      for (long i = 0; i < newUnits; i++) {
        rows.line(experiment, late + i, PLATFORM, PLATFORMS[(int) Math.floorMod(mix(i), 3L)]);
      }
    }
    try (Rows rows = new Rows(copy, "events (id, unit, name, ts, value)")) {
      for (long j = 0; j < newEvents; j++) {
        long h = mix(j + 31L * round + 0x5DEECE66DL);
        long u = Math.floorMod(h, (long) units);
        long offsetSeconds = Math.floorMod(h >>> 20, 7L * 86_400);
        rows.line(
            "r" + round + "_" + j,
            unit(u),
            event,
            exposedAt(u).plusSeconds(offsetSeconds).toString(),
            Double.toString(1 + Math.floorMod(h >>> 40, 100L)));
      }
    }
  }

  /** One table's {@code COPY}, fed in chunks. */
  private final class Rows implements AutoCloseable {
    private final CopyIn in;
    private final StringBuilder buffer = new StringBuilder(CHUNK + 1024);

    Rows(CopyManager copy, String tableAndColumns) throws SQLException {
      in = copy.copyIn("copy " + prefix + tableAndColumns + " from stdin (format csv)");
    }

    void line(String... values) throws SQLException {
      for (int i = 0; i < values.length; i++) {
        buffer.append(i == 0 ? "" : ",").append(values[i]);
      }
      buffer.append('\n');
      if (buffer.length() >= CHUNK) {
        flush();
      }
    }

    private void flush() throws SQLException {
      byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
      in.writeToCopy(bytes, 0, bytes.length);
      buffer.setLength(0);
    }

    @Override
    public void close() throws SQLException {
      flush();
      in.endCopy();
    }
  }
}
