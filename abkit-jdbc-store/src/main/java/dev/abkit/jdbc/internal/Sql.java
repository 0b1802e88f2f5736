package dev.abkit.jdbc.internal;

import dev.abkit.jdbc.Dialect;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The SQL text of one store: its dialect and table prefix. Every statement is built here so the
 * schema and the statements that depend on it read side by side.
 *
 * <p>Dedupe lives in the unique keys, never in a read-then-write: PostgreSQL's {@code ON CONFLICT
 * DO NOTHING}, MariaDB's {@code ON DUPLICATE KEY UPDATE k = k} (a no-op that, unlike {@code INSERT
 * IGNORE}, still fails on truncation and other errors), H2's {@code MERGE ... WHEN NOT MATCHED}.
 * All three keep the stored row, so the first exposure wins. Thread-safe.
 */
public final class Sql {
  /** The schema version this code writes and reads. */
  public static final int SCHEMA_VERSION = 1;

  private final Dialect dialect;
  private final String p;
  private final ConcurrentHashMap<Integer, String> exposureInserts = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, String> eventInserts = new ConcurrentHashMap<>();

  public Sql(Dialect dialect, String prefix) {
    this.dialect = dialect;
    this.p = prefix;
  }

  public Dialect dialect() {
    return dialect;
  }

  public String prefix() {
    return p;
  }

  public String exposures() {
    return p + "exposures";
  }

  public String events() {
    return p + "events";
  }

  public String assignments() {
    return p + "assignments";
  }

  public String schemaVersion() {
    return p + "schema_version";
  }

  /** The events' value column: {@code VALUE} is a reserved word in H2. */
  public String value() {
    return dialect == Dialect.H2 ? "\"VALUE\"" : "value";
  }

  // ---- DDL ----------------------------------------------------------------------------------

  /** The DDL statements, each idempotent, in the order to apply them. */
  public List<String> ddl() {
    String ts = timestampType();
    String json =
        switch (dialect) {
          case POSTGRESQL -> "jsonb";
          case MARIADB -> "json";
          case H2 -> "varchar";
        };
    // MySQL has no CREATE INDEX IF NOT EXISTS, so MariaDB/MySQL declare the index in the table.
    String eventsIndex =
        dialect == Dialect.MARIADB
            ? ",\n  index " + p + "events_name_unit_ts (name, unit, ts)"
            : "";
    String tableOptions =
        dialect == Dialect.MARIADB
            ? " engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin"
            : "";
    List<String> tables =
        Stream.of(
                "create table if not exists "
                    + schemaVersion()
                    + " (\n  version integer not null primary key,\n  applied_at "
                    + ts
                    + " not null\n)"
                    + tableOptions,
                "create table if not exists "
                    + exposures()
                    + " (\n  experiment varchar(64) not null,\n  unit varchar(256) not null,\n"
                    + "  variant varchar(128) not null,\n  ts "
                    + ts
                    + " not null,\n  primary key (experiment, unit)\n)"
                    + tableOptions,
                "create table if not exists "
                    + events()
                    + " (\n  id varchar(128) not null primary key,\n  unit varchar(256) not null,\n"
                    + "  name varchar(64) not null,\n  ts "
                    + ts
                    + " not null,\n  "
                    + value()
                    + " double precision null,\n  props "
                    + json
                    + " null"
                    + eventsIndex
                    + "\n)"
                    + tableOptions,
                "create table if not exists "
                    + assignments()
                    + " (\n  experiment varchar(64) not null,\n  unit varchar(256) not null,\n"
                    + "  salt varchar(255) not null,\n  variant varchar(128) not null,\n  ts "
                    + ts
                    + " not null,\n  primary key (experiment, unit)\n)"
                    + tableOptions)
            .map(this::collateIds)
            .toList();
    if (dialect == Dialect.MARIADB) {
      return tables;
    }
    // PostgreSQL: the index also carries the value, so the analysis reads events per unit in
    // index order without visiting the table (an index-only scan; see metricStats).
    return concat(
        tables,
        "create index if not exists "
            + p
            + "events_name_unit_ts on "
            + events()
            + " (name, unit, ts)"
            + (dialect == Dialect.POSTGRESQL ? " include (" + value() + ")" : ""));
  }

  /**
   * PostgreSQL: ids compare byte-wise ({@code collate "C"}), as Java compares them, and sort
   * several times faster than under a linguistic collation when the planner groups by sorting.
   */
  private String collateIds(String ddl) {
    if (dialect != Dialect.POSTGRESQL) {
      return ddl;
    }
    return ddl.replaceAll("(varchar\\(\\d+\\)) not null", "$1 collate \"C\" not null");
  }

  /**
   * Session settings for the analysis query, applied with {@code SET LOCAL} inside its read-only
   * transaction. PostgreSQL: enough {@code work_mem} that sorts and hashes stay in memory (the 4 MB
   * default spills a million units to disk), a parallel plan even when the planner's default costs
   * would not pick one, no JIT (its compile time exceeds its gain on this query), and no hash join
   * (see {@link #metricStats()}). Measured on 1M exposures + 1M events: about 4.3 s with the
   * defaults, 1.3 s with these, on a loaded 2-core machine.
   */
  public List<String> analysisSettings() {
    if (dialect != Dialect.POSTGRESQL) {
      return List.of();
    }
    return List.of(
        "set local work_mem = '128MB'",
        "set local jit = off",
        "set local parallel_setup_cost = 0",
        "set local parallel_tuple_cost = 0.01",
        // The planner prices a hash join plus a hash aggregate over a million units below the
        // merge join over two unit-ordered indexes, but the latter measured about 3x faster
        // (1.1 s against 3.6 s on 1M exposures + 1M events, loaded 2-core machine).
        "set local enable_hashjoin = off");
  }

  private String timestampType() {
    return switch (dialect) {
      case POSTGRESQL -> "timestamptz";
      // DATETIME, not TIMESTAMP: MariaDB's TIMESTAMP ends in 2038; the store writes UTC.
      case MARIADB -> "datetime(6)";
      case H2 -> "timestamp(6) with time zone";
    };
  }

  private static List<String> concat(List<String> head, String last) {
    var all = new java.util.ArrayList<>(head);
    all.add(last);
    return List.copyOf(all);
  }

  /** Records {@code version} unless already recorded; parameters: version, applied_at. */
  public String recordVersion() {
    return insertIfAbsent(schemaVersion(), List.of("version", "applied_at"), List.of("version"), 1);
  }

  public String maxVersion() {
    return "select max(version) from " + schemaVersion();
  }

  // ---- writes -------------------------------------------------------------------------------

  /** Inserts {@code rows} exposures (unit, experiment, variant, ts each) unless present. */
  public String insertExposures(int rows) {
    return exposureInserts.computeIfAbsent(
        rows,
        n ->
            insertIfAbsent(
                exposures(),
                List.of("unit", "experiment", "variant", "ts"),
                List.of("experiment", "unit"),
                n));
  }

  /** Inserts {@code rows} events (id, unit, name, ts, value, props each) unless present. */
  public String insertEvents(int rows) {
    return eventInserts.computeIfAbsent(
        rows,
        n ->
            insertIfAbsent(
                events(), List.of("id", "unit", "name", "ts", value(), "props"), List.of("id"), n));
  }

  /** Inserts one assignment (experiment, unit, salt, variant, ts) unless present. */
  public String insertAssignment() {
    return insertIfAbsent(
        assignments(),
        List.of("experiment", "unit", "salt", "variant", "ts"),
        List.of("experiment", "unit"),
        1);
  }

  public String selectAssignment() {
    return "select salt, variant from " + assignments() + " where experiment = ? and unit = ?";
  }

  /** Compare-and-set on the salt: parameters new salt, variant, ts, experiment, unit, old salt. */
  public String updateAssignment() {
    return "update "
        + assignments()
        + " set salt = ?, variant = ?, ts = ? where experiment = ? and unit = ? and salt = ?";
  }

  private String insertIfAbsent(String table, List<String> cols, List<String> key, int rows) {
    String row = "(" + placeholders(cols) + ")";
    StringBuilder values = new StringBuilder(rows * (row.length() + 1));
    for (int i = 0; i < rows; i++) {
      values.append(i == 0 ? "" : ",").append(row);
    }
    String colList = String.join(", ", cols);
    return switch (dialect) {
      case POSTGRESQL ->
          "insert into "
              + table
              + " ("
              + colList
              + ") values "
              + values
              + " on conflict do nothing";
      case MARIADB ->
          "insert into "
              + table
              + " ("
              + colList
              + ") values "
              + values
              + " on duplicate key update "
              + key.get(0)
              + " = "
              + key.get(0);
      case H2 -> {
        StringBuilder on = new StringBuilder();
        for (String k : key) {
          on.append(on.length() == 0 ? "" : " and ")
              .append("t.")
              .append(k)
              .append(" = s.")
              .append(k);
        }
        StringBuilder sCols = new StringBuilder();
        for (String c : cols) {
          sCols.append(sCols.length() == 0 ? "" : ", ").append("s.").append(c);
        }
        yield "merge into "
            + table
            + " t using (values "
            + values
            + ") s ("
            + colList
            + ") on "
            + on
            + " when not matched then insert ("
            + colList
            + ") values ("
            + sCols
            + ")";
      }
    };
  }

  private String placeholders(List<String> cols) {
    StringBuilder b = new StringBuilder();
    for (String c : cols) {
      b.append(b.length() == 0 ? "" : ", ");
      // PostgreSQL parses text into jsonb only when told; the other dialects take text as is.
      b.append(dialect == Dialect.POSTGRESQL && c.equals("props") ? "cast(? as jsonb)" : "?");
    }
    return b.toString();
  }

  // ---- reads --------------------------------------------------------------------------------

  /** Exposed units per variant; parameter: experiment. */
  public String exposureCounts() {
    return "select variant, count(*) from "
        + exposures()
        + " where experiment = ? group by variant";
  }

  /**
   * Per variant, for one metric: units with at least one event at or after their first exposure,
   * and the sum and sum of squares of their per-unit totals minus a pilot value (see {@link
   * dev.abkit.spi.MetricData}: values near 1e8 with a spread of 1 keep their variance only when
   * shifted). Parameters: pilot, pilot, pilot, experiment, metric name. Totals are double precision
   * in every dialect, so no exact-numeric type overflows; a square beyond the double range fails
   * the query (PostgreSQL, MariaDB) or gives infinity (H2), and the reader reports that metric's
   * error.
   *
   * <p>One metric per query, grouped by the exposures' primary key (the variant is functionally
   * dependent on it, so PostgreSQL drops it from the grouping): both sides then come in unit order
   * from their indexes ({@code (experiment, unit)} and {@code (name, unit, ts)}), the join is a
   * merge join and the per-unit aggregate streams, with no hash table over a million units.
   */
  public String metricStats() {
    String shifted = "(total - " + castDouble("?") + ")";
    return "select variant, count(*), sum("
        + shifted
        + "), sum("
        + shifted
        + " * "
        + shifted
        + ") from (\n"
        + "  select x.variant, sum("
        + castDouble("coalesce(e." + value() + ", 1)")
        + ") as total\n"
        + "  from "
        + exposures()
        + " x join "
        + events()
        + " e on e.unit = x.unit and e.ts >= x.ts\n"
        + "  where x.experiment = ? and e.name = ?\n"
        + "  group by x.experiment, x.unit, x.variant\n"
        + ") per_unit group by variant";
  }

  /**
   * The pilot value of one metric: the total of the first unit (in id order) that has its event,
   * found through the {@code (name, unit, ts)} index. Any value near the metric's values will do,
   * so exposure and time are ignored. Parameters: metric name, metric name. No row: no events.
   */
  public String metricPilot() {
    return "select sum("
        + castDouble("coalesce(" + value() + ", 1)")
        + ") from "
        + events()
        + " where name = ? and unit = (select min(unit) from "
        + events()
        + " where name = ?)";
  }

  /**
   * Per variant, for one metric: the converted units only, when {@link #metricStats()} failed on a
   * value too large to square. Parameters: experiment, metric name.
   */
  public String metricUnits() {
    return "select variant, count(*) from (\n"
        + "  select distinct x.variant, x.unit\n"
        + "  from "
        + exposures()
        + " x join "
        + events()
        + " e on e.unit = x.unit and e.ts >= x.ts\n"
        + "  where x.experiment = ? and e.name = ?\n"
        + ") converted group by variant";
  }

  private String castDouble(String expression) {
    return "cast("
        + expression
        + (dialect == Dialect.POSTGRESQL ? " as double precision)" : " as double)");
  }
}
