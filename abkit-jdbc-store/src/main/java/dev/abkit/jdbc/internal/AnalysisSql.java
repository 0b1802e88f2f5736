package dev.abkit.jdbc.internal;

import dev.abkit.jdbc.Dialect;
import dev.abkit.spi.MetricQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The analysis reads of one store, in its dialect and over its tables ({@link Sql}): exposed units,
 * each metric's sufficient statistics under the counting rules of DESIGN.md section 9 (delay,
 * window, end, units exposed to several variants left out), paired sums for ratios and CUPED, caps,
 * and the timeline. Every statement is one aggregate query whose rows never leave the database
 * unaggregated. Thread-safe.
 *
 * <p>A breakdown by dimension reads the same statements in the same single pass, each unit's value
 * of the dimension ({@code null} without one) in a last column {@code dimension_value} that the
 * rows are grouped by too; the reader merges the segments into the experiment's figures. Exposure
 * counts and the converted-units fallback left-join the attributes ({@link #dimensionJoin}); the
 * per-unit aggregates look the value up once per unit ({@link #perUnitDimension}), so their join of
 * exposures and events, and its plan, stay the ones without a dimension. Without a dimension the
 * statements have neither.
 */
public final class AnalysisSql {
  private final Sql sql;

  public AnalysisSql(Sql sql) {
    this.sql = sql;
  }

  /**
   * Session settings for the analysis query, applied with {@code SET LOCAL} inside its read-only
   * transaction. PostgreSQL: enough {@code work_mem} that sorts and hashes stay in memory (the 4 MB
   * default spills a million units to disk), a parallel plan even when the planner's default costs
   * would not pick one, no JIT (its compile time exceeds its gain on this query), and no hash join
   * (see {@link #metricStats}). Measured on 1M exposures + 1M events: about 4.3 s with the
   * defaults, 1.3 s with these, on a loaded 2-core machine.
   */
  public List<String> analysisSettings() {
    if (sql.dialect() != Dialect.POSTGRESQL) {
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

  /**
   * Exposed units per variant, and units exposed to more than one (variant then ignored), as rows
   * (variant, multiple, count), and with a {@code dimension} its value last. The dimension's
   * attributes are left-joined (PostgreSQL merges them with the exposures in unit order): on the
   * data of {@link #metricStats}'s note 1.5-2.2 s against 0.45 s without, where a subquery per
   * exposure took 3.6 s.
   */
  public Statement exposureCounts(String experiment, String dimension) {
    if (dimension == null) {
      return new Statement(
          "select variant, multiple, count(*) from "
              + sql.exposures()
              + " where experiment = ? group by variant, multiple",
          List.of(experiment));
    }
    List<Object> params = new ArrayList<>();
    String join = dimensionJoin(dimension, params);
    params.add(experiment);
    return new Statement(
        "select x.variant, x.multiple, count(*), d."
            + sql.value()
            + " as dimension_value from "
            + sql.exposures()
            + " x"
            + join
            + " where x.experiment = ? group by x.variant, x.multiple, d."
            + sql.value(),
        params);
  }

  /**
   * {@code " left join <attributes> d on ..."}: each exposure's value of {@code dimension}, if it
   * has one, appending the parameter; nothing without a dimension.
   */
  private String dimensionJoin(String dimension, List<Object> params) {
    if (dimension == null) {
      return "";
    }
    params.add(dimension);
    return " left join "
        + sql.exposureAttributes()
        + " d on d.experiment = x.experiment and d.unit = x.unit and d.name = ?";
  }

  /**
   * The per-unit column of the dimension's value, appending its parameter, or none: a subquery on
   * the attributes' primary key that refers to the per-unit grouping's columns only, so it runs
   * once per unit after the aggregate, not once per joined event as a join would.
   */
  private String perUnitDimension(String dimension, List<Object> params) {
    if (dimension == null) {
      return "";
    }
    params.add(dimension);
    return ", (select d."
        + sql.value()
        + " from "
        + sql.exposureAttributes()
        + " d where d.experiment = x.experiment and d.unit = x.unit and d.name = ?)"
        + " as dimension_value";
  }

  /** The outer select's and group's column of the dimension's value, or none. */
  private static String byDimension(String dimension) {
    return dimension == null ? "" : ", dimension_value";
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
   *
   * <p>With a {@code dimension} the unit's value is one index probe of the attributes' primary key
   * per converted unit ({@link #perUnitDimension}), after that join. Measured on PostgreSQL 15 with
   * 500k exposures, 500k events over 167k units and a value for 6 in 7 units (2-core machine at
   * load 9-11, three runs each): 1.3-1.5 s without a dimension, 1.9-2.6 s with; the attributes
   * left-joined to the exposures instead took 2.2-3.2 s, the planner probing them once per event.
   */
  public Statement metricStats(
      String experiment,
      MetricQuery metric,
      Instant end,
      double pilot,
      Double cap,
      String dimension) {
    String shifted = "(total - " + castDouble("?") + ")";
    List<Object> params = new ArrayList<>(List.of(pilot, pilot, pilot));
    String total =
        capped("sum(" + castDouble(amount(metric.amount(), "e." + sql.value())) + ")", cap, params);
    String segment = perUnitDimension(dimension, params);
    String counted = countedEvents("join", experiment, metric, end, null, params);
    return new Statement(
        "select variant, count(*), sum("
            + shifted
            + "), sum("
            + shifted
            + " * "
            + shifted
            + ")"
            + byDimension(dimension)
            + " from (\n"
            + "  select x.variant, "
            + total
            + " as total"
            + segment
            + "\n"
            + counted
            + "  group by x.experiment, x.unit, x.variant\n"
            + ") per_unit group by variant"
            + byDimension(dimension),
        params);
  }

  /**
   * Per variant, for one metric: the converted units only, when {@link #metricStats} failed on a
   * value too large to square.
   */
  public Statement metricUnits(
      String experiment, MetricQuery metric, Instant end, String dimension) {
    List<Object> params = new ArrayList<>();
    String counted = countedEvents("join", experiment, metric, end, dimension, params);
    return new Statement(
        "select variant, count(*)"
            + byDimension(dimension)
            + " from (\n  select distinct x.variant, x.unit"
            + (dimension == null ? "" : ", d." + sql.value() + " as dimension_value")
            + "\n"
            + counted
            + ") converted group by variant"
            + byDimension(dimension),
        params);
  }

  /**
   * Per variant, for one metric with a {@link MetricQuery.Pairing}: the sums {@code Σy, Σy², Σx,
   * Σx², Σxy} over its units of the metric's value {@code y} and the paired value {@code x} (a
   * ratio's denominator counted under the same window, or the metric's own event in CUPED's
   * pre-period before the first exposure), computed per unit in one pass over the unit's events.
   * Rows: variant, then the five sums (and with a {@code dimension} its value).
   */
  public Statement pairedStats(
      String experiment, MetricQuery metric, Instant end, Double cap, String dimension) {
    List<Object> select = new ArrayList<>();
    List<Object> selectX = new ArrayList<>();
    List<Object> join = new ArrayList<>();
    List<Object> where = new ArrayList<>();
    String yWhen;
    String xWhen;
    String xAmount;
    String on;
    String names;
    if (metric.pairing() instanceof MetricQuery.Denominator d) {
      on = "e.ts >= " + plus("x.ts", metric.delay(), join) + window(metric, join);
      yWhen = "e.name = ?";
      select.add(metric.event());
      xWhen = "e.name = ?";
      selectX.add(d.event());
      xAmount = amount(d.amount(), "e." + sql.value());
      names = "e.name in (?, ?)";
      where.add(metric.event());
      where.add(d.event());
    } else if (metric.pairing() instanceof MetricQuery.PrePeriod pre) {
      on = "e.ts >= " + plus("x.ts", pre.length().negated(), join);
      yWhen = "e.ts >= " + plus("x.ts", metric.delay(), select) + window(metric, select);
      xWhen = "e.ts < x.ts";
      xAmount = amount(metric.amount(), "e." + sql.value());
      // one name, not "in (?, ?)" with it twice: PostgreSQL reads one name's events in unit order
      // from the (name, unit, ts) index (an index-only merge join), but two names' from the
      // primary key and the table (measured 16 s against 5.7 s on 1M exposures + 3M events)
      names = "e.name = ?";
      where.add(metric.event());
    } else {
      throw new IllegalArgumentException(metric.name() + " has no pairing");
    }
    boolean indicator = metric.pairing() instanceof MetricQuery.PrePeriod pre && pre.indicator();
    String y =
        capped(
            perUnit(indicator, yWhen, castDouble(amount(metric.amount(), "e." + sql.value()))),
            cap,
            select);
    String xv = capped(perUnit(indicator, xWhen, castDouble(xAmount)), cap, selectX);
    List<Object> params = new ArrayList<>(select);
    params.addAll(selectX);
    String segment = perUnitDimension(dimension, params);
    params.addAll(join);
    params.add(experiment);
    params.addAll(where);
    String endCondition = "";
    if (end != null) {
      endCondition = " and e.ts < ?";
      params.add(end);
    }
    return new Statement(
        "select variant, sum(y), sum(y * y), sum(xv), sum(xv * xv), sum(xv * y)"
            + byDimension(dimension)
            + " from (\n"
            + "  select x.variant, "
            + castDouble(y)
            + " as y, "
            + castDouble(xv)
            + " as xv"
            + segment
            + "\n  from "
            + sql.exposures()
            + " x join "
            + sql.events()
            + " e on e.unit = x.unit and "
            + on
            + "\n  where x.experiment = ? and "
            + names
            + " and not x.multiple"
            + endCondition
            + "\n  group by x.experiment, x.unit, x.variant\n) per_unit group by variant"
            + byDimension(dimension),
        params);
  }

  /**
   * One metric's timeline: per variant, UTC day of first exposure and UTC day of the first event
   * that counts (null for none), the units; every exposed unit once (a left join), units exposed to
   * several variants left out. Rows: variant, exposure day, conversion day, units.
   */
  public Statement daily(String experiment, MetricQuery metric, Instant end) {
    List<Object> params = new ArrayList<>();
    String everyUnit = countedEvents("left join", experiment, metric, end, null, params);
    return new Statement(
        "select variant, exposure_day, conversion_day, count(*) from (\n"
            + "  select x.variant, "
            + day("x.ts")
            + " as exposure_day, "
            + day("min(e.ts)")
            + " as conversion_day\n"
            + everyUnit
            + "  group by x.experiment, x.unit, x.variant, x.ts\n"
            + ") per_unit group by variant, exposure_day, conversion_day",
        params);
  }

  /** The UTC date of a timestamp expression (MariaDB's DATETIME already holds UTC). */
  private String day(String timestamp) {
    return switch (sql.dialect()) {
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
    String perUnit =
        "(\n  select coalesce(sum("
            + castDouble(amount(metric.amount(), "e." + sql.value()))
            + "), 0) as total\n"
            + countedEvents("left join", experiment, metric, end, null, params)
            + "  group by x.experiment, x.unit\n) u";
    // MariaDB has percentile_cont only as a window function
    return new Statement(
        sql.dialect() == Dialect.MARIADB
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

  /**
   * The {@code from ... where} of an experiment's units exposed to one variant only, joined to
   * their events that count for {@code metric} ({@code join}: {@code "join"}, or {@code "left
   * join"} to keep units without one), and with a {@code dimension} to their value of it ({@code
   * d}), appending its parameters.
   */
  private String countedEvents(
      String join,
      String experiment,
      MetricQuery metric,
      Instant end,
      String dimension,
      List<Object> params) {
    String attributes = dimensionJoin(dimension, params);
    String on = countedOn(metric, end, params);
    params.add(experiment);
    return "  from "
        + sql.exposures()
        + " x"
        + attributes
        + " "
        + join
        + " "
        + sql.events()
        + " e on "
        + on
        + "\n  where x.experiment = ? and not x.multiple\n";
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
    return switch (sql.dialect()) {
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
        + castDouble(amount(amount, sql.value()))
        + ") from "
        + sql.events()
        + " where name = ? and unit = (select min(unit) from "
        + sql.events()
        + " where name = ?)";
  }

  private String castDouble(String expression) {
    return "cast("
        + expression
        + (sql.dialect() == Dialect.POSTGRESQL ? " as double precision)" : " as double)");
  }
}
