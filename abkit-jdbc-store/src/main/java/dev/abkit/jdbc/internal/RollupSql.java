package dev.abkit.jdbc.internal;

import dev.abkit.jdbc.internal.AnalysisSql.Statement;
import dev.abkit.spi.MetricQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of PostgreSQL's per-unit rollups (schema version 4): one row per exposed unit and metric
 * definition ({@link RollupKey}) in {@code <prefix>rollup_units}, with what the analysis reads need
 * of the unit's events under that definition, and the statements that read the rollup instead of
 * the events. A unit's row holds its exposure (variant, whether it saw several, the day), its value
 * of the query's dimension, and for the metric's counted events ({@code y}: DESIGN.md section 9's
 * delay, window and end) and its paired events ({@code x}: a ratio's denominator under the same
 * rules, or CUPED's pre-period) the sum of their amounts and their number; the day of the first
 * counted event gives the timeline. Caps are applied when reading, so one rollup serves any cap.
 * {@code <prefix>rollup_totals} holds what the rows add up to per variant, multiple and segment
 * ({@link #addTotals}), so an uncapped metric's read adds up a few rows instead of one per unit.
 *
 * <p>Rows are computed exactly as {@link AnalysisSql} computes its per-unit aggregates, only kept.
 * {@link Rollups} keeps them current.
 */
final class RollupSql {
  private final Sql sql;

  RollupSql(Sql sql) {
    this.sql = sql;
  }

  /** The temporary table of the units one refresh recomputes, dropped when its transaction ends. */
  static final String CHANGED = "abkit_changed_units";

  /**
   * Inserts the rows of {@code key}: every exposed unit of the experiment, or only those in {@link
   * #CHANGED} ({@link #deleteChanged} removes their old rows first).
   */
  Statement insert(RollupKey key, boolean changedOnly) {
    MetricQuery m = key.metric();
    List<Object> params = new ArrayList<>();
    params.add(key.id());
    String segment = segment(key, params);
    String y = counted(m, params);
    String yAmount = amount(m.amount());
    StringBuilder s = new StringBuilder();
    s.append("insert into ")
        .append(sql.rollupUnits())
        .append(
            " (rollup, unit, variant, multiple, segment, exposure_day, y_total, y_events,"
                + " y_first_day, x_total, x_events)\nselect ?, x.unit, x.variant, x.multiple, ")
        .append(segment)
        .append(", ")
        .append(day("x.ts"))
        .append(",\n  coalesce(sum(case when ")
        .append(y)
        .append(" then ")
        .append(yAmount)
        .append(" end), 0), count(case when ")
        .append(counted(m, params))
        .append(" then 1 end), ")
        .append(day("min(case when " + counted(m, params) + " then e.ts end)"));
    if (m.pairing() == null) {
      s.append(", 0, 0");
    } else {
      s.append(",\n  coalesce(sum(case when ")
          .append(paired(m, params))
          .append(" then ")
          .append(pairedAmount(m))
          .append(" end), 0), count(case when ")
          .append(paired(m, params))
          .append(" then 1 end)");
    }
    s.append("\nfrom ");
    if (changedOnly) {
      s.append(CHANGED).append(" c join ");
    }
    s.append(sql.exposures()).append(" x");
    if (changedOnly) {
      s.append(" on x.unit = c.unit");
    }
    s.append("\nleft join ")
        .append(sql.events())
        .append(" e on e.unit = x.unit and not x.multiple and ")
        .append(names(m, params))
        .append(" and e.ts >= ")
        .append(plus("x.ts", lowest(m), params));
    if (key.end() != null) {
      s.append(" and e.ts < ?");
      params.add(key.end());
    }
    s.append("\nwhere x.experiment = ?");
    params.add(key.experiment());
    s.append("\ngroup by x.experiment, x.unit, x.variant, x.multiple, x.ts");
    return new Statement(s.toString(), params);
  }

  /** Creates {@link #CHANGED} (once per transaction) and empties it. */
  List<String> prepareChanged() {
    return List.of(
        "create temporary table if not exists "
            + CHANGED
            + " (unit varchar(256) collate \"C\" not null primary key) on commit drop",
        "truncate " + CHANGED);
  }

  /**
   * Fills {@link #CHANGED} with the units of {@code key} written at or after transaction {@code
   * since}: one set for every step of the refresh, which runs statement by statement.
   */
  Statement collectChanged(RollupKey key, long since) {
    List<Object> params = new ArrayList<>();
    return new Statement(
        "insert into "
            + CHANGED
            + " (unit) select unit from "
            + changedUnits(key, since, params)
            + " c",
        params);
  }

  /** Deletes the rows of {@code key}'s units in {@link #CHANGED}. Parameter: its id. */
  String deleteChanged() {
    return "delete from "
        + sql.rollupUnits()
        + " r where r.rollup = ? and r.unit in (select c.unit from "
        + CHANGED
        + " c)";
  }

  /**
   * Adds to the totals of {@code key} what its rows add up to per variant, multiple and segment,
   * times {@code sign}: all rows ({@code changedOnly} false, a build), or those of the units in
   * {@link #CHANGED}, before they are recomputed (-1) and after (+1). The sums are {@code numeric},
   * so adding and subtracting the same rows cancels exactly. Columns: {@code y} the totals of the
   * converted units (a unit without a counted event has none), {@code paired_x} the paired values
   * and their products with {@code y} over the units of one variant, and the units with a paired
   * event, and with both, for CUPED's indicators.
   */
  Statement addTotals(RollupKey key, int sign, boolean changedOnly) {
    String k = Integer.toString(sign);
    String c = "not multiple and y_events > 0";
    String p = "not multiple and (y_events > 0 or x_events > 0)";
    String single = "not multiple";
    return new Statement(
        "insert into "
            + sql.rollupTotals()
            + " (rollup, variant, multiple, segment, units, converted, y_sum, y_squares, paired,"
            + " paired_x_sum, paired_x_squares, paired_xy_sum, x_units, xy_units)\n"
            + "select ?, variant, multiple, segment, "
            + k
            + " * count(*), "
            + k
            + " * count(*) filter (where "
            + c
            + "), "
            + k
            + " * coalesce(sum(y) filter (where "
            + c
            + "), 0), "
            + k
            + " * coalesce(sum(y * y) filter (where "
            + c
            + "), 0), "
            + k
            + " * count(*) filter (where "
            + p
            + "), "
            + k
            + " * coalesce(sum(x) filter (where "
            + single
            + "), 0), "
            + k
            + " * coalesce(sum(x * x) filter (where "
            + single
            + "), 0), "
            + k
            + " * coalesce(sum(x * y) filter (where "
            + single
            + "), 0), "
            + k
            + " * count(*) filter (where "
            + single
            + " and x_events > 0), "
            + k
            + " * count(*) filter (where "
            + c
            + " and x_events > 0)\nfrom (select variant, multiple, segment, y_events, x_events,"
            + " cast(y_total as numeric) as y, cast(x_total as numeric) as x from "
            + sql.rollupUnits()
            + " where rollup = ?"
            + (changedOnly ? " and unit in (select unit from " + CHANGED + ")" : "")
            + ") r group by variant, multiple, segment",
        List.of(key.id(), key.id()));
  }

  /** How many rows of totals {@code key} has. Parameter: its id. */
  String totalsRows() {
    return "select count(*) from " + sql.rollupTotals() + " where rollup = ?";
  }

  /**
   * Compacts the totals of a rollup to one row per group: their sums into a temporary table, the
   * rows deleted, the sums inserted back. Parameters: the id in the first two statements.
   */
  List<String> compactTotals() {
    String columns =
        "units, converted, y_sum, y_squares, paired, paired_x_sum, paired_x_squares,"
            + " paired_xy_sum, x_units, xy_units";
    return List.of(
        "create temporary table abkit_compacted on commit drop as select rollup, variant,"
            + " multiple, segment, sum(units) as units, sum(converted) as converted, sum(y_sum) as"
            + " y_sum, sum(y_squares) as y_squares, sum(paired) as paired, sum(paired_x_sum) as"
            + " paired_x_sum, sum(paired_x_squares) as paired_x_squares, sum(paired_xy_sum) as"
            + " paired_xy_sum, sum(x_units) as x_units, sum(xy_units) as xy_units from "
            + sql.rollupTotals()
            + " where rollup = ? group by rollup, variant, multiple, segment having sum(units) <> 0",
        "delete from " + sql.rollupTotals() + " where rollup = ?",
        "insert into "
            + sql.rollupTotals()
            + " (rollup, variant, multiple, segment, "
            + columns
            + ") select rollup, variant, multiple, segment, "
            + columns
            + " from abkit_compacted",
        "drop table abkit_compacted");
  }

  /**
   * The units with a row written at or after transaction {@code since} that the rollup reads: the
   * experiment's exposures, the metric's events and the dimension's attribute values. The {@code
   * txid} columns are BRIN-indexed, so only the recently written blocks are read.
   */
  private String changedUnits(RollupKey key, long since, List<Object> params) {
    StringBuilder s = new StringBuilder("(select unit from ");
    s.append(sql.exposures()).append(" where experiment = ? and txid >= ?");
    params.add(key.experiment());
    params.add(since);
    s.append(" union select unit from ")
        .append(sql.events())
        .append(" e where ")
        .append(names(key.metric(), params))
        .append(" and txid >= ?");
    params.add(since);
    if (key.dimension() != null) {
      s.append(" union select unit from ")
          .append(sql.exposureAttributes())
          .append(" where experiment = ? and name = ? and txid >= ?");
      params.add(key.experiment());
      params.add(key.dimension());
      params.add(since);
    }
    return s.append(")").toString();
  }

  // ---- reads: the same rows and columns as AnalysisSql's statements ---------------------------

  /** As {@link AnalysisSql#exposureCounts}: (variant, multiple, count[, dimension value]). */
  Statement exposureCounts(RollupKey key) {
    return new Statement(
        "select variant, multiple, count(*)"
            + segmentColumn(key)
            + " from "
            + sql.rollupUnits()
            + " where rollup = ? group by variant, multiple"
            + segmentColumn(key),
        List.of(key.id()));
  }

  /**
   * {@link #stats}'s rows from the totals of an uncapped metric, without scanning the units: the
   * shifted sums computed exactly from the {@code numeric} ones ({@code Σ(y−p) = Σy − n·p}, {@code
   * Σ(y−p)² = Σy² − 2pΣy + n·p²}), then converted; groups whose units all moved away are left out.
   */
  Statement totals(RollupKey key, double pilot) {
    boolean indicator =
        key.metric().pairing() instanceof MetricQuery.PrePeriod pre && pre.indicator();
    String p = "cast(? as numeric)";
    String paired =
        indicator
            ? "sum(converted), sum(converted), sum(x_units), sum(x_units), sum(xy_units)"
            : "cast(sum(y_sum) as double precision), cast(sum(y_squares) as double precision),"
                + " cast(sum(paired_x_sum) as double precision),"
                + " cast(sum(paired_x_squares) as double precision),"
                + " cast(sum(paired_xy_sum) as double precision)";
    return new Statement(
        "select variant, multiple, sum(units), sum(converted), cast(sum(y_sum) - sum(converted) * "
            + p
            + " as double precision), cast(sum(y_squares) - 2 * "
            + p
            + " * sum(y_sum) + sum(converted) * "
            + p
            + " * "
            + p
            + " as double precision), "
            + (key.metric().pairing() == null ? "0, 0, 0, 0, 0, 0" : "sum(paired), " + paired)
            + segmentColumn(key)
            + " from "
            + sql.rollupTotals()
            + " where rollup = ? group by variant, multiple"
            + segmentColumn(key)
            + " having sum(units) <> 0",
        List.of(pilot, pilot, pilot, pilot, key.id()));
  }

  /**
   * Everything a read needs of one metric in one scan of its rollup, per variant, whether the units
   * saw several variants, and (with a dimension) segment: columns 1 variant, 2 multiple, 3 units, 4
   * converted units (a counted event), 5 and 6 the sum and sum of squares of their totals minus
   * {@code pilot} ({@link AnalysisSql#metricStats}), 7 units with a counted or a paired event, 8 to
   * 12 their {@code Σy, Σy², Σx, Σx², Σxy} ({@link AnalysisSql#pairedStats}; zeros without a
   * pairing), 13 the segment. Totals and paired values are capped at {@code cap}.
   */
  Statement stats(RollupKey key, double pilot, Double cap) {
    List<Object> params = new ArrayList<>();
    String converted = "not multiple and y_events > 0";
    String paired = "not multiple and (y_events > 0 or x_events > 0)";
    String shifted = "(total - cast(? as double precision))";
    StringBuilder s = new StringBuilder("select variant, multiple, count(*), count(case when ");
    s.append(converted).append(" then 1 end), ");
    s.append("sum(case when ").append(converted).append(" then ").append(shifted).append(" end), ");
    params.add(pilot);
    s.append("sum(case when ")
        .append(converted)
        .append(" then ")
        .append(shifted)
        .append(" * ")
        .append(shifted)
        .append(" end)");
    params.add(pilot);
    params.add(pilot);
    if (key.metric().pairing() == null) {
      s.append(", 0, 0, 0, 0, 0, 0");
    } else {
      s.append(", count(case when ").append(paired).append(" then 1 end)");
      for (String sum : new String[] {"y", "y * y", "xv", "xv * xv", "xv * y"}) {
        s.append(", sum(case when ").append(paired).append(" then ").append(sum).append(" end)");
      }
    }
    s.append(segmentColumn(key)).append(" from (select variant, multiple, y_events, x_events, ");
    s.append(capped("y_total", cap, params)).append(" as total");
    if (key.metric().pairing() != null) {
      boolean indicator =
          key.metric().pairing() instanceof MetricQuery.PrePeriod pre && pre.indicator();
      s.append(", ")
          .append(
              capped(
                  indicator ? "case when y_events > 0 then 1.0 else 0.0 end" : "y_total",
                  cap,
                  params))
          .append(" as y, ")
          .append(
              capped(
                  indicator ? "case when x_events > 0 then 1.0 else 0.0 end" : "x_total",
                  cap,
                  params))
          .append(" as xv");
    }
    s.append(segmentColumn(key))
        .append(" from ")
        .append(sql.rollupUnits())
        .append(" where rollup = ?) u group by variant, multiple")
        .append(segmentColumn(key));
    params.add(key.id());
    return new Statement(s.toString(), params);
  }

  /** As {@link AnalysisSql#metricUnits}: (variant, converted units). */
  Statement metricUnits(RollupKey key) {
    return new Statement(
        "select variant, count(*)"
            + segmentColumn(key)
            + " from "
            + sql.rollupUnits()
            + " where rollup = ? and not multiple and y_events > 0 group by variant"
            + segmentColumn(key),
        List.of(key.id()));
  }

  /**
   * As {@link AnalysisSql#pairedStats}: (variant, Σy, Σy², Σx, Σx², Σxy) over the units with a
   * counted or a paired event (a unit with neither adds 0 to every sum).
   */
  Statement pairedStats(RollupKey key, Double cap) {
    boolean indicator =
        key.metric().pairing() instanceof MetricQuery.PrePeriod pre && pre.indicator();
    List<Object> params = new ArrayList<>();
    String y =
        capped(indicator ? "case when y_events > 0 then 1.0 else 0.0 end" : "y_total", cap, params);
    String x =
        capped(indicator ? "case when x_events > 0 then 1.0 else 0.0 end" : "x_total", cap, params);
    params.add(key.id());
    return new Statement(
        "select variant, sum(y), sum(y * y), sum(xv), sum(xv * xv), sum(xv * y)"
            + segmentColumn(key)
            + " from (select variant, cast("
            + y
            + " as double precision) as y, cast("
            + x
            + " as double precision) as xv"
            + segmentColumn(key)
            + " from "
            + sql.rollupUnits()
            + " where rollup = ? and not multiple and (y_events > 0 or x_events > 0)) p"
            + " group by variant"
            + segmentColumn(key),
        params);
  }

  /**
   * As {@link AnalysisSql#percentile}: over every unit exposed to one variant, 0 without events.
   */
  Statement percentile(RollupKey key, double p) {
    return new Statement(
        "select percentile_cont(?) within group (order by y_total) from "
            + sql.rollupUnits()
            + " where rollup = ? and not multiple",
        List.of(p, key.id()));
  }

  /** As {@link AnalysisSql#daily}: (variant, exposure day, first counted event's day, units). */
  Statement daily(RollupKey key) {
    return new Statement(
        "select variant, exposure_day, y_first_day, count(*) from "
            + sql.rollupUnits()
            + " where rollup = ? and not multiple group by variant, exposure_day, y_first_day",
        List.of(key.id()));
  }

  // ---- the rollups' own table --------------------------------------------------------------

  /** The watermark of one rollup, if built. Parameter: its id. */
  String watermark() {
    return "select watermark from " + sql.rollups() + " where rollup = ?";
  }

  /**
   * Records a rollup's watermark. Parameters: id, definition, experiment, watermark, refreshed_at
   * (then watermark and refreshed_at again for the update).
   */
  String recordWatermark() {
    return "insert into "
        + sql.rollups()
        + " (rollup, definition, experiment, watermark, refreshed_at) values (?, ?, ?, ?, ?)"
        + " on conflict (rollup) do update set watermark = ?, refreshed_at = ?";
  }

  /** Refreshes the planner's statistics of the rollups' rows. */
  String analyze() {
    return "analyze " + sql.rollupUnits();
  }

  /** The ids of the rollups not refreshed since a time. Parameter: that time. */
  String stale() {
    return "select rollup from " + sql.rollups() + " where refreshed_at < ?";
  }

  /**
   * Deletes one rollup: its rows, its totals and itself (each by its id, the leading column of an
   * index). Parameter of each: the id.
   */
  List<String> delete() {
    return List.of(
        "delete from " + sql.rollupUnits() + " where rollup = ?",
        "delete from " + sql.rollupTotals() + " where rollup = ?",
        "delete from " + sql.rollups() + " where rollup = ?");
  }

  // ---- pieces ------------------------------------------------------------------------------

  /** {@code ", segment"} when the rollup has a dimension, named as AnalysisSql names it. */
  private static String segmentColumn(RollupKey key) {
    return key.dimension() == null ? "" : ", segment";
  }

  /** The unit's value of the key's dimension (or null), appending its parameter. */
  private String segment(RollupKey key, List<Object> params) {
    if (key.dimension() == null) {
      return "cast(null as varchar)";
    }
    params.add(key.dimension());
    return "(select d."
        + sql.value()
        + " from "
        + sql.exposureAttributes()
        + " d where d.experiment = x.experiment and d.unit = x.unit and d.name = ?)";
  }

  /** Whether a joined event counts for the metric ({@code y}), appending its parameters. */
  private String counted(MetricQuery m, List<Object> params) {
    params.add(m.event());
    return "e.name = ? and e.ts >= " + plus("x.ts", m.delay(), params) + window(m, params);
  }

  /** Whether a joined event is the metric's paired value ({@code x}), appending parameters. */
  private String paired(MetricQuery m, List<Object> params) {
    if (m.pairing() instanceof MetricQuery.Denominator d) {
      params.add(d.event());
      return "e.name = ? and e.ts >= " + plus("x.ts", m.delay(), params) + window(m, params);
    }
    // CUPED's pre-period: the join already starts it at x.ts - length
    return "e.ts < x.ts";
  }

  private String pairedAmount(MetricQuery m) {
    return m.pairing() instanceof MetricQuery.Denominator d
        ? amount(d.amount())
        : amount(m.amount());
  }

  /** The event names the rollup joins, appending them. */
  private static String names(MetricQuery m, List<Object> params) {
    params.add(m.event());
    if (m.pairing() instanceof MetricQuery.Denominator d) {
      params.add(d.event());
      return "e.name in (?, ?)";
    }
    return "e.name = ?";
  }

  /** The earliest an event may be, relative to the first exposure, to matter to the rollup. */
  private static Duration lowest(MetricQuery m) {
    return m.pairing() instanceof MetricQuery.PrePeriod pre ? pre.length().negated() : m.delay();
  }

  private String window(MetricQuery m, List<Object> params) {
    return m.window() == null ? "" : " and e.ts < " + plus("x.ts", m.window(), params);
  }

  private static String plus(String column, Duration d, List<Object> params) {
    if (d.isZero()) {
      return column;
    }
    params.add(d.toNanos() / 1_000);
    return "(" + column + " + cast(? as bigint) * interval '1 microsecond')";
  }

  private String amount(MetricQuery.Amount amount) {
    String value = "cast(e." + sql.value() + " as double precision)";
    return switch (amount) {
      case VALUE_OR_ONE -> "coalesce(" + value + ", 1)";
      case ONE -> "1";
      case VALUE_OR_ZERO -> "coalesce(" + value + ", 0)";
    };
  }

  private static String capped(String expression, Double cap, List<Object> params) {
    if (cap == null) {
      return expression;
    }
    params.add(cap);
    return "least(" + expression + ", cast(? as double precision))";
  }

  private static String day(String timestamp) {
    return "cast(" + timestamp + " at time zone 'UTC' as date)";
  }
}
