package dev.abkit.jdbc.internal;

import dev.abkit.jdbc.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The SQL text of one store: its dialect and table prefix. The schema, its migrations and the
 * writes are built here so they read side by side; the analysis reads are {@link AnalysisSql}.
 *
 * <p>Dedupe lives in the unique keys, never in a read-then-write: PostgreSQL's {@code ON CONFLICT
 * DO NOTHING}, MariaDB's {@code ON DUPLICATE KEY UPDATE k = k} (a no-op that, unlike {@code INSERT
 * IGNORE}, still fails on truncation and other errors), H2's {@code MERGE ... WHEN NOT MATCHED}.
 * Events are unique on (unit, id) and the stored row is kept. An exposure of a stored (experiment,
 * unit) updates the row instead (DESIGN.md section 9): the earlier time wins, with its variant, and
 * a second variant marks the unit {@code multiple}, excluded from every read. An exposure's
 * attributes are rows of their own, one per (experiment, unit, name), inserted unless present: the
 * first value received is kept, whatever the exposures' times.
 *
 * <p>PostgreSQL marks each row of exposures, events and attributes with the id of the transaction
 * that last wrote it ({@code txid}, version 4): inserts take the column's default, and an exposure
 * the upsert changes is stamped again, so a reader can find the rows written since a snapshot it
 * read at. Ids are handed out at a transaction's first write, not in commit order, so the bound is
 * the snapshot's {@code xmin}, not the largest id it saw: every row that snapshot did not see has
 * an id at or above its {@code xmin}. Thread-safe.
 */
public final class Sql {
  /** The schema version this code writes and reads. */
  public static final int SCHEMA_VERSION = 4;

  private final Dialect dialect;
  private final String p;
  private final ConcurrentHashMap<Integer, String> exposureInserts = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, String> eventInserts = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, String> attributeInserts = new ConcurrentHashMap<>();

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

  /** The units' attribute values, per experiment, for breakdowns by dimension (version 3). */
  public String exposureAttributes() {
    return p + "exposure_attributes";
  }

  public String assignments() {
    return p + "assignments";
  }

  /** The per-unit rollups of the results reads, one row each (version 4, PostgreSQL only). */
  public String rollups() {
    return p + "rollups";
  }

  /** The rollups' rows, one per (rollup, unit) (version 4, PostgreSQL only). */
  public String rollupUnits() {
    return p + "rollup_units";
  }

  /** What the rollups' rows add up to per group (version 4, PostgreSQL only). */
  public String rollupTotals() {
    return p + "rollup_totals";
  }

  public String schemaVersion() {
    return p + "schema_version";
  }

  /** Every table of the store in this dialect (those of {@link #ddl()}), dependents last. */
  public List<String> tables() {
    List<String> tables =
        List.of(exposures(), exposureAttributes(), events(), assignments(), schemaVersion());
    return dialect == Dialect.POSTGRESQL
        ? Stream.concat(tables.stream(), Stream.of(rollups(), rollupUnits(), rollupTotals()))
            .toList()
        : tables;
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
    String tableOptions = tableOptions();
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
                    + " not null,\n  multiple boolean default false not null,\n"
                    + txidColumn()
                    + "  primary key (experiment, unit)\n)"
                    + tableOptions,
                exposureAttributesTable(true),
                "create table if not exists "
                    + events()
                    + " (\n  id varchar(128) not null,\n  unit varchar(256) not null,\n"
                    + "  name varchar(64) not null,\n  ts "
                    + ts
                    + " not null,\n  "
                    + value()
                    + " double precision null,\n  props "
                    + json
                    + " null,\n"
                    + txidColumn()
                    + "  primary key (unit, id)"
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
    List<String> all =
        concat(
            tables,
            "create index if not exists "
                + p
                + "events_name_unit_ts on "
                + events()
                + " (name, unit, ts)"
                + (dialect == Dialect.POSTGRESQL ? " include (" + value() + ")" : ""));
    if (dialect != Dialect.POSTGRESQL) {
      return all;
    }
    var withRollups = new ArrayList<>(all);
    withRollups.addAll(txidIndexes());
    withRollups.addAll(rollupTables());
    return List.copyOf(withRollups);
  }

  /**
   * PostgreSQL's change tracking (version 4), a column line of a create table: the id of the
   * transaction that wrote the row, nullable (rows from before version 4 have none). Empty on the
   * other dialects.
   */
  private String txidColumn() {
    return dialect == Dialect.POSTGRESQL ? "  txid bigint default txid_current() null,\n" : "";
  }

  /** The tables that carry {@code txid} (version 4, PostgreSQL). */
  private List<String> trackedTables() {
    return List.of(exposures(), events(), exposureAttributes());
  }

  /**
   * A BRIN index on each tracked table's {@code txid} (version 4, PostgreSQL): ids grow as rows are
   * appended, so a range index of a few pages finds the rows written since a transaction id.
   */
  private List<String> txidIndexes() {
    return trackedTables().stream()
        .map(t -> "create index if not exists " + t + "_txid on " + t + " using brin (txid)")
        .toList();
  }

  /** The rollup tables (version 4, PostgreSQL), after {@link #collateIds}. */
  private List<String> rollupTables() {
    return Stream.of(
            "create table if not exists "
                + rollups()
                + " (\n  rollup varchar(64) not null primary key,\n"
                + "  definition varchar(4000) not null,\n"
                + "  experiment varchar(64) not null,\n"
                + "  watermark bigint not null,\n"
                + "  refreshed_at timestamptz not null\n)",
            "create table if not exists "
                + rollupUnits()
                + " (\n  rollup varchar(64) not null,\n"
                + "  unit varchar(256) not null,\n"
                + "  variant varchar(128) not null,\n"
                + "  multiple boolean not null,\n"
                + "  segment varchar(128) null,\n"
                + "  exposure_day date not null,\n"
                + "  y_total double precision not null,\n"
                + "  y_events bigint not null,\n"
                + "  y_first_day date null,\n"
                + "  x_total double precision not null,\n"
                + "  x_events bigint not null,\n"
                + "  primary key (rollup, unit)\n)",
            // what the rows add up to per variant, multiple and segment, as exact numeric sums kept
            // by adding the changed rows' new figures and subtracting their old ones (a row per
            // group and refresh until compacted)
            "create table if not exists "
                + rollupTotals()
                + " (\n  rollup varchar(64) not null,\n"
                + "  variant varchar(128) not null,\n"
                + "  multiple boolean not null,\n"
                + "  segment varchar(128) null,\n"
                + "  units bigint not null,\n"
                + "  converted bigint not null,\n"
                + "  y_sum numeric not null,\n"
                + "  y_squares numeric not null,\n"
                + "  paired bigint not null,\n"
                + "  paired_x_sum numeric not null,\n"
                + "  paired_x_squares numeric not null,\n"
                + "  paired_xy_sum numeric not null,\n"
                + "  x_units bigint not null,\n"
                + "  xy_units bigint not null\n)",
            "create index if not exists "
                + rollupTotals()
                + "_rollup on "
                + rollupTotals()
                + " (rollup)")
        .map(this::collateIds)
        .toList();
  }

  private String tableOptions() {
    return dialect == Dialect.MARIADB
        ? " engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin"
        : "";
  }

  /**
   * The attributes table (schema version 3): per (experiment, unit) and attribute name, the first
   * value received. Its key leads with the exposures' key, so a breakdown joins it to the exposures
   * in their index order. Before {@link #collateIds}.
   *
   * @param current with the columns of the current version ({@code txid}, version 4), else as
   *     version 3 created it (the migration from version 2)
   */
  private String exposureAttributesTable(boolean current) {
    return "create table if not exists "
        + exposureAttributes()
        + " (\n  experiment varchar(64) not null,\n  unit varchar(256) not null,\n"
        + "  name varchar(64) not null,\n  "
        + value()
        + " varchar(128) not null,\n"
        + (current ? txidColumn() : "")
        + "  primary key (experiment, unit, name)\n)"
        + tableOptions();
  }

  /**
   * PostgreSQL: ids compare byte-wise ({@code collate "C"}), as Java compares them, and sort
   * several times faster than under a linguistic collation when the planner groups by sorting.
   * Nullable text too (a rollup's segment): it is compared with the attribute values it came from,
   * and PostgreSQL refuses to compare two columns of different collations.
   */
  private String collateIds(String ddl) {
    if (dialect != Dialect.POSTGRESQL) {
      return ddl;
    }
    return ddl.replaceAll("(varchar\\(\\d+\\)) (not null|null)", "$1 collate \"C\" $2");
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
    var all = new ArrayList<>(head);
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

  /**
   * Inserts {@code rows} exposures (unit, experiment, variant, ts, multiple each), or merges each
   * into the stored row of its (experiment, unit): the earlier time and its variant kept, {@code
   * multiple} set when the variants differ. An identical or later exposure of the same variant
   * changes nothing (and, with the condition on the update, writes nothing).
   */
  public String insertExposures(int rows) {
    return exposureInserts.computeIfAbsent(rows, this::upsertExposures);
  }

  private String upsertExposures(int rows) {
    List<String> cols = List.of("unit", "experiment", "variant", "ts", "multiple");
    String values = rows(cols, rows);
    String table = exposures();
    return switch (dialect) {
      case POSTGRESQL ->
          "insert into "
              + table
              + " as t ("
              + String.join(", ", cols)
              + ") values "
              + values
              + " on conflict (experiment, unit) do update set"
              + " multiple = t.multiple or excluded.multiple or t.variant <> excluded.variant,"
              + " variant = case when excluded.ts < t.ts then excluded.variant else t.variant end,"
              + " ts = least(t.ts, excluded.ts),"
              // changed: stamped with this transaction, as an insert is by the column's default
              + " txid = txid_current()"
              + " where excluded.multiple or t.variant <> excluded.variant or excluded.ts < t.ts";
      // MySQL/MariaDB assign left to right, each seeing the columns already assigned: multiple
      // and variant read the stored variant and time before ts changes.
      case MARIADB ->
          "insert into "
              + table
              + " ("
              + String.join(", ", cols)
              + ") values "
              + values
              + " on duplicate key update"
              + " multiple = multiple or values(multiple) or variant <> values(variant),"
              + " variant = if(values(ts) < ts, values(variant), variant),"
              + " ts = least(ts, values(ts))";
      case H2 ->
          "merge into "
              + table
              + " t using (values "
              + values
              + ") s ("
              + String.join(", ", cols)
              + ") on t.experiment = s.experiment and t.unit = s.unit"
              + " when matched and (s.multiple or t.variant <> s.variant or s.ts < t.ts) then"
              + " update set multiple = t.multiple or s.multiple or t.variant <> s.variant,"
              + " variant = case when s.ts < t.ts then s.variant else t.variant end,"
              + " ts = least(t.ts, s.ts)"
              + " when not matched then insert ("
              + String.join(", ", cols)
              + ") values (s.unit, s.experiment, s.variant, s.ts, s.multiple)";
    };
  }

  /** Inserts {@code rows} events (id, unit, name, ts, value, props each) unless present. */
  public String insertEvents(int rows) {
    return eventInserts.computeIfAbsent(
        rows,
        n ->
            insertIfAbsent(
                events(),
                List.of("id", "unit", "name", "ts", value(), "props"),
                List.of("unit", "id"),
                n));
  }

  /**
   * Inserts {@code rows} attribute values (experiment, unit, name, value each) unless a value of
   * that (experiment, unit, name) is stored: the first value received is kept.
   */
  public String insertAttributes(int rows) {
    return attributeInserts.computeIfAbsent(
        rows,
        n ->
            insertIfAbsent(
                exposureAttributes(),
                List.of("experiment", "unit", "name", value()),
                List.of("experiment", "unit", "name"),
                n));
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

  private String rows(List<String> cols, int rows) {
    String row = "(" + placeholders(cols) + ")";
    StringBuilder values = new StringBuilder(rows * (row.length() + 1));
    for (int i = 0; i < rows; i++) {
      values.append(i == 0 ? "" : ",").append(row);
    }
    return values.toString();
  }

  private String insertIfAbsent(String table, List<String> cols, List<String> key, int rows) {
    String values = rows(cols, rows);
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

  // ---- migrations ---------------------------------------------------------------------------

  /**
   * The statements that take tables of schema version {@code from} to {@code from + 1}, in order.
   * Version 2: exposures gain {@code multiple} (units exposed to two variants, DESIGN.md section
   * 9), events are unique on (unit, id) instead of id, and PostgreSQL's events index carries the
   * value (tables created before it did kept the narrower index under the same name). Version 3:
   * the exposures' attributes get their table (breakdowns by dimension, DESIGN.md section 10);
   * units exposed before it have no attributes, so they fall in the segment without a value.
   * Version 4, on PostgreSQL only (elsewhere it records the version and nothing else): exposures,
   * events and attributes gain {@code txid}, the id of the transaction that wrote the row, with a
   * BRIN index each, and the tables of the per-unit rollups are created. The column is added
   * without a default and then given one, so the table is not rewritten (a volatile default would
   * fill every row): rows from before keep {@code null}. The last statement records the version
   * reached, so a migration applied by Flyway or Liquibase records it too.
   *
   * @throws IllegalArgumentException for a version this code cannot migrate from
   */
  public List<String> migration(int from) {
    return switch (from) {
      case 1 -> concat(perUnitIds(), reached(2));
      case 2 -> List.of(collateIds(exposureAttributesTable(false)), reached(3));
      case 3 ->
          concat(dialect == Dialect.POSTGRESQL ? rollupsAndTracking() : List.of(), reached(4));
      default -> throw new IllegalArgumentException("no migration from schema version " + from);
    };
  }

  /** Version 1 to 2, without recording the version. */
  private List<String> perUnitIds() {
    String multiple =
        "alter table " + exposures() + " add column multiple boolean default false not null";
    return switch (dialect) {
      case POSTGRESQL ->
          List.of(
              multiple,
              "alter table " + events() + " drop constraint " + events() + "_pkey",
              "alter table " + events() + " add primary key (unit, id)",
              "drop index if exists " + p + "events_name_unit_ts",
              "create index "
                  + p
                  + "events_name_unit_ts on "
                  + events()
                  + " (name, unit, ts) include ("
                  + value()
                  + ")");
      case MARIADB ->
          List.of(
              multiple,
              "alter table " + events() + " drop primary key, add primary key (unit, id)");
      case H2 ->
          List.of(
              multiple,
              "alter table " + events() + " drop primary key",
              "alter table " + events() + " add primary key (unit, id)");
    };
  }

  /** Version 3 to 4 on PostgreSQL, without recording the version. */
  private List<String> rollupsAndTracking() {
    var statements = new ArrayList<String>();
    for (String t : trackedTables()) {
      statements.add("alter table " + t + " add column txid bigint");
      statements.add("alter table " + t + " alter column txid set default txid_current()");
    }
    statements.addAll(txidIndexes());
    statements.addAll(rollupTables());
    return List.copyOf(statements);
  }

  /** Records {@code version} unless recorded (no parameters, so it runs as a script line too). */
  private String reached(int version) {
    return "insert into "
        + schemaVersion()
        + " (version, applied_at) select "
        + version
        + ", current_timestamp where not exists (select 1 from "
        + schemaVersion()
        + " where version = "
        + version
        + ")";
  }
}
