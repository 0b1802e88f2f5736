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
 *
 * <p>Rows are computed exactly as {@link AnalysisSql} computes its per-unit aggregates, only kept:
 * the reads then scan one row per unit rather than join every event to its exposure. {@link
 * Rollups} keeps them current.
 */
final class RollupSql {
  private final Sql sql;

  RollupSql(Sql sql) {
    this.sql = sql;
  }

  /**
   * Inserts the rows of {@code key}: every exposed unit of the experiment, or with {@code since}
   * only the units whose exposure, attribute or events of the metric were written by a transaction
   * at or after that id ({@link #deleteChanged} removes their old rows first).
   */
  Statement insert(RollupKey key, Long since) {
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
    if (since != null) {
      s.append(changedUnits(key, since, params)).append(" c join ");
    }
    s.append(sql.exposures()).append(" x");
    if (since != null) {
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

  /** Deletes the rows of {@code key}'s units changed at or after transaction {@code since}. */
  Statement deleteChanged(RollupKey key, long since) {
    List<Object> params = new ArrayList<>();
    params.add(key.id());
    String changed = changedUnits(key, since, params);
    return new Statement(
        "delete from "
            + sql.rollupUnits()
            + " r where r.rollup = ? and r.unit in (select c.unit from "
            + changed
            + " c)",
        params);
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

  /** Rows of rollups not refreshed since a time. Parameter: that time. */
  String deleteStaleRows() {
    return "delete from "
        + sql.rollupUnits()
        + " where rollup in (select rollup from "
        + sql.rollups()
        + " where refreshed_at < ?)";
  }

  /** Refreshes the planner's statistics of the rollups' rows. */
  String analyze() {
    return "analyze " + sql.rollupUnits();
  }

  /** The rollups not refreshed since a time. Parameter: that time. */
  String deleteStale() {
    return "delete from " + sql.rollups() + " where refreshed_at < ?";
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
