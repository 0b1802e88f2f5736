package dev.abkit.jdbc.internal;

import dev.abkit.jdbc.Dialect;
import dev.abkit.spi.MetricQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * Events are unique on (unit, id) and the stored row is kept. An exposure of a stored (experiment,
 * unit) updates the row instead (DESIGN.md section 9): the earlier time wins, with its variant, and
 * a second variant marks the unit {@code multiple}, excluded from every read. Thread-safe.
 */
public final class Sql {
  /** The schema version this code writes and reads. */
  public static final int SCHEMA_VERSION = 2;

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
                    + " not null,\n  multiple boolean default false not null,\n"
                    + "  primary key (experiment, unit)\n)"
                    + tableOptions,
                "create table if not exists "
                    + events()
                    + " (\n  id varchar(128) not null,\n  unit varchar(256) not null,\n"
                    + "  name varchar(64) not null,\n  ts "
                    + ts
                    + " not null,\n  "
                    + value()
                    + " double precision null,\n  props "
                    + json
                    + " null,\n  primary key (unit, id)"
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
              + " ts = least(t.ts, excluded.ts)"
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

  // ---- reads --------------------------------------------------------------------------------

  /**
   * Exposed units per variant, and units exposed to more than one (variant then ignored), as rows
   * (variant, multiple, count); parameter: experiment.
   */
  public String exposureCounts() {
    return "select variant, multiple, count(*) from "
        + exposures()
        + " where experiment = ? group by variant, multiple";
  }

  /**
   * A statement and its parameters, in order ({@link Instant}s bound with {@link Timestamps}).
   *
   * @param sql the statement
   * @param params its parameters
   */
  public record Statement(String sql, List<Object> params) {}

  /**
   * Per variant, for one metric: units with at least one event that counts (DESIGN.md section 9:
   * {@code first exposure + delay <= ts < first exposure + window}, before {@code end}; units
   * exposed to several variants excluded), and the sum and sum of squares of their per-unit totals
   * minus a pilot value (see {@link dev.abkit.spi.MetricData}: values near 1e8 with a spread of 1
   * keep their variance only when shifted). Totals are double precision in every dialect, so no
   * exact-numeric type overflows; a square beyond the double range fails the query (PostgreSQL,
   * MariaDB) or gives infinity (H2), and the reader reports that metric's error.
   *
   * <p>One metric per query, grouped by the exposures' primary key (the variant is functionally
   * dependent on it, so PostgreSQL drops it from the grouping): both sides then come in unit order
   * from their indexes ({@code (experiment, unit)} and {@code (name, unit, ts)}), the join is a
   * merge join and the per-unit aggregate streams, with no hash table over a million units. The
   * window's bounds are conditions on that join, not a different plan.
   */
  public Statement metricStats(
      String experiment, MetricQuery metric, Instant end, double pilot, Double cap) {
    String shifted = "(total - " + castDouble("?") + ")";
    List<Object> params = new ArrayList<>(List.of(pilot, pilot, pilot));
    String total =
        capped("sum(" + castDouble(amount(metric.amount(), "e." + value())) + ")", cap, params);
    String counted = countedEvents(experiment, metric, end, params);
    return new Statement(
        "select variant, count(*), sum("
            + shifted
            + "), sum("
            + shifted
            + " * "
            + shifted
            + ") from (\n"
            + "  select x.variant, "
            + total
            + " as total\n"
            + counted
            + "  group by x.experiment, x.unit, x.variant\n"
            + ") per_unit group by variant",
        params);
  }

  /**
   * Per variant, for one metric: the converted units only, when {@link #metricStats} failed on a
   * value too large to square.
   */
  public Statement metricUnits(String experiment, MetricQuery metric, Instant end) {
    List<Object> params = new ArrayList<>();
    String counted = countedEvents(experiment, metric, end, params);
    return new Statement(
        "select variant, count(*) from (\n  select distinct x.variant, x.unit\n"
            + counted
            + ") converted group by variant",
        params);
  }

  /**
   * Per variant, for one metric with a {@link MetricQuery.Pairing}: the sums {@code Σy, Σy², Σx,
   * Σx², Σxy} over its units of the metric's value {@code y} and the paired value {@code x} (a
   * ratio's denominator counted under the same window, or the metric's own event in CUPED's
   * pre-period before the first exposure), computed per unit in one pass over the unit's events.
   * Rows: variant, then the five sums.
   */
  public Statement pairedStats(String experiment, MetricQuery metric, Instant end, Double cap) {
    List<Object> select = new ArrayList<>();
    List<Object> selectX = new ArrayList<>();
    List<Object> join = new ArrayList<>();
    List<Object> where = new ArrayList<>();
    String yWhen;
    String xWhen;
    String xAmount;
    String on;
    if (metric.pairing() instanceof MetricQuery.Denominator d) {
      on = "e.ts >= " + plus("x.ts", metric.delay(), join) + window(metric, join);
      yWhen = "e.name = ?";
      select.add(metric.event());
      xWhen = "e.name = ?";
      selectX.add(d.event());
      xAmount = amount(d.amount(), "e." + value());
      where.add(metric.event());
      where.add(d.event());
    } else if (metric.pairing() instanceof MetricQuery.PrePeriod pre) {
      on = "e.ts >= " + plus("x.ts", pre.length().negated(), join);
      yWhen = "e.ts >= " + plus("x.ts", metric.delay(), select) + window(metric, select);
      xWhen = "e.ts < x.ts";
      xAmount = amount(metric.amount(), "e." + value());
      where.add(metric.event());
      where.add(metric.event());
    } else {
      throw new IllegalArgumentException(metric.name() + " has no pairing");
    }
    boolean indicator = metric.pairing() instanceof MetricQuery.PrePeriod pre && pre.indicator();
    String y =
        capped(
            perUnit(indicator, yWhen, castDouble(amount(metric.amount(), "e." + value()))),
            cap,
            select);
    String xv = capped(perUnit(indicator, xWhen, castDouble(xAmount)), cap, selectX);
    List<Object> params = new ArrayList<>(select);
    params.addAll(selectX);
    params.addAll(join);
    params.add(experiment);
    params.addAll(where);
    String endCondition = "";
    if (end != null) {
      endCondition = " and e.ts < ?";
      params.add(end);
    }
    return new Statement(
        "select variant, sum(y), sum(y * y), sum(xv), sum(xv * xv), sum(xv * y) from (\n"
            + "  select x.variant, "
            + castDouble(y)
            + " as y, "
            + castDouble(xv)
            + " as xv\n  from "
            + exposures()
            + " x join "
            + events()
            + " e on e.unit = x.unit and "
            + on
            + "\n  where x.experiment = ? and e.name in (?, ?) and not x.multiple"
            + endCondition
            + "\n  group by x.experiment, x.unit, x.variant\n) per_unit group by variant",
        params);
  }

  /**
   * One metric's timeline: per variant, UTC day of first exposure and UTC day of the first event
   * that counts (null for none), the units; every exposed unit once (a left join), units exposed to
   * several variants left out. Rows: variant, exposure day, conversion day, units.
   */
  public Statement daily(String experiment, MetricQuery metric, Instant end) {
    List<Object> params = new ArrayList<>();
    String on = countedOn(metric, end, params);
    params.add(experiment);
    return new Statement(
        "select variant, exposure_day, conversion_day, count(*) from (\n"
            + "  select x.variant, "
            + day("x.ts")
            + " as exposure_day, "
            + day("min(e.ts)")
            + " as conversion_day\n  from "
            + exposures()
            + " x left join "
            + events()
            + " e on "
            + on
            + "\n  where x.experiment = ? and not x.multiple"
            + "\n  group by x.experiment, x.unit, x.variant, x.ts\n"
            + ") per_unit group by variant, exposure_day, conversion_day",
        params);
  }

  /** The UTC date of a timestamp expression (MariaDB's DATETIME already holds UTC). */
  private String day(String timestamp) {
    return switch (dialect) {
      case POSTGRESQL -> "cast(" + timestamp + " at time zone 'UTC' as date)";
      case MARIADB -> "cast(" + timestamp + " as date)";
      case H2 -> "cast(" + timestamp + " at time zone 'UTC' as date)";
    };
  }

  /** {@code least(expression, cap)}, or the expression without a cap, appending the parameter. */
  private String capped(String expression, Double cap, List<Object> params) {
    if (cap == null) {
      return expression;
    }
    params.add(cap);
    return "least(" + expression + ", " + castDouble("?") + ")";
  }

  /**
   * The {@code percentile}-th value ({@code percentile_cont}) of one metric's per-unit values over
   * every unit exposed to one variant only, a unit without a counted event counting 0: the cap of
   * {@link MetricQuery.CapPercentile}. One row, one column.
   */
  public Statement percentile(String experiment, MetricQuery metric, Instant end, double p) {
    List<Object> params = new ArrayList<>();
    params.add(p);
    String on = countedOn(metric, end, params);
    params.add(experiment);
    String perUnit =
        "(\n  select coalesce(sum("
            + castDouble(amount(metric.amount(), "e." + value()))
            + "), 0) as total\n  from "
            + exposures()
            + " x left join "
            + events()
            + " e on "
            + on
            + "\n  where x.experiment = ? and not x.multiple\n  group by x.experiment, x.unit\n) u";
    // MariaDB has percentile_cont only as a window function
    return new Statement(
        dialect == Dialect.MARIADB
            ? "select percentile_cont(?) within group (order by total) over () from "
                + perUnit
                + " limit 1"
            : "select percentile_cont(?) within group (order by total) from " + perUnit,
        params);
  }

  /** The join condition of a unit's events that count for {@code metric}, appending parameters. */
  private String countedOn(MetricQuery metric, Instant end, List<Object> params) {
    params.add(metric.event());
    String on =
        "e.unit = x.unit and e.name = ? and e.ts >= "
            + plus("x.ts", metric.delay(), params)
            + window(metric, params);
    if (end != null) {
      on += " and e.ts < ?";
      params.add(end);
    }
    return on;
  }

  /** A unit's value: the sum of the amounts of its events {@code when}, or 0/1 (did it at all). */
  private static String perUnit(boolean indicator, String when, String amount) {
    return indicator
        ? "max(case when " + when + " then 1 else 0 end)"
        : "coalesce(sum(case when " + when + " then " + amount + " end), 0)";
  }

  /** {@code " and e.ts < x.ts + window"}, or nothing without a window. */
  private String window(MetricQuery metric, List<Object> params) {
    return metric.window() == null ? "" : " and e.ts < " + plus("x.ts", metric.window(), params);
  }

  /** The {@code from ... where} of the events that count, appending its parameters. */
  private String countedEvents(
      String experiment, MetricQuery metric, Instant end, List<Object> params) {
    StringBuilder on = new StringBuilder("e.unit = x.unit and e.ts >= ");
    on.append(plus("x.ts", metric.delay(), params));
    if (metric.window() != null) {
      on.append(" and e.ts < ").append(plus("x.ts", metric.window(), params));
    }
    params.add(experiment);
    params.add(metric.event());
    StringBuilder where = new StringBuilder("x.experiment = ? and e.name = ? and not x.multiple");
    if (end != null) {
      where.append(" and e.ts < ?");
      params.add(end);
    }
    return "  from "
        + exposures()
        + " x join "
        + events()
        + " e on "
        + on
        + "\n  where "
        + where
        + "\n";
  }

  /**
   * {@code column + d} in this dialect (just the column for zero; {@code d} may be negative),
   * appending its parameter.
   */
  private String plus(String column, Duration d, List<Object> params) {
    if (d.isZero()) {
      return column;
    }
    params.add(d.toNanos() / 1_000);
    return switch (dialect) {
      case POSTGRESQL -> "(" + column + " + cast(? as bigint) * interval '1 microsecond')";
      case MARIADB -> "timestampadd(microsecond, ?, " + column + ")";
      case H2 -> "timestampadd(microsecond, cast(? as bigint), " + column + ")";
    };
  }

  /** What one event adds to its unit's total ({@link MetricQuery.Amount}). */
  private static String amount(MetricQuery.Amount amount, String value) {
    return switch (amount) {
      case VALUE_OR_ONE -> "coalesce(" + value + ", 1)";
      case ONE -> "1";
      case VALUE_OR_ZERO -> "coalesce(" + value + ", 0)";
    };
  }

  /**
   * The pilot value of one metric: the total of the first unit (in id order) that has its event,
   * found through the {@code (name, unit, ts)} index. Any value near the metric's values will do,
   * so exposure and time are ignored. Parameters: metric name, metric name. No row: no events.
   */
  public String metricPilot(MetricQuery.Amount amount) {
    return "select sum("
        + castDouble(amount(amount, value()))
        + ") from "
        + events()
        + " where name = ? and unit = (select min(unit) from "
        + events()
        + " where name = ?)";
  }

  // ---- migrations ---------------------------------------------------------------------------

  /**
   * The statements that take tables of schema version {@code from} to {@code from + 1}, in order.
   * Version 2: exposures gain {@code multiple} (units exposed to two variants, DESIGN.md section
   * 9), events are unique on (unit, id) instead of id, and PostgreSQL's events index carries the
   * value (tables created before it did kept the narrower index under the same name). The last
   * statement records the version reached, so a migration applied by Flyway or Liquibase records it
   * too.
   *
   * @throws IllegalArgumentException for a version this code cannot migrate from
   */
  public List<String> migration(int from) {
    if (from != 1) {
      throw new IllegalArgumentException("no migration from schema version " + from);
    }
    String multiple =
        "alter table " + exposures() + " add column multiple boolean default false not null";
    String reached =
        "insert into "
            + schemaVersion()
            + " (version, applied_at) select 2, current_timestamp where not exists (select 1 from "
            + schemaVersion()
            + " where version = 2)";
    List<String> steps =
        switch (dialect) {
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
    return concat(steps, reached);
  }

  private String castDouble(String expression) {
    return "cast("
        + expression
        + (dialect == Dialect.POSTGRESQL ? " as double precision)" : " as double)");
  }
}
