package dev.abkit.jdbc.internal;

import dev.abkit.jdbc.internal.AnalysisSql.Statement;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.MetricQuery;
import dev.abkit.spi.PairedData;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * PostgreSQL's results reads from per-unit rollups ({@link RollupSql}, kept current by {@link
 * Rollups}): each metric's rollup refreshed, then its totals (or, for a capped metric, one scan of
 * its rows, the cap known only now) give the metric's converted units, shifted sums and paired
 * sums, and the first metric's the exposed units, where the direct reads ({@link StatsReader}) join
 * every event to its exposure once per statement. The figures are the direct reads' (the stores'
 * contract runs on PostgreSQL through here).
 */
final class RollupReader {
  private final RollupSql sql;
  private final Rollups rollups;
  private final ToDoubleBiFunction<Handle, MetricQuery> pilot;

  /**
   * @param pilot a metric's pilot value ({@link AnalysisSql#metricPilot}, read from the events'
   *     index)
   */
  RollupReader(RollupSql sql, Clock clock, ToDoubleBiFunction<Handle, MetricQuery> pilot) {
    this.sql = sql;
    this.rollups = new Rollups(sql, clock);
    this.pilot = pilot;
  }

  private static RollupKey key(ExperimentQuery q, MetricQuery m) {
    return new RollupKey(q.experiment(), m, q.end(), q.dimension());
  }

  /** One row of {@link RollupSql#stats}. */
  private record StatsRow(
      String segment,
      String variant,
      boolean multiple,
      long units,
      MetricData metric,
      long pairedUnits,
      PairedData paired) {}

  /**
   * Reads {@code query}, which has at least one metric, within {@code h}'s transaction. As the
   * direct read, a metric whose sums fail on a value too large to square counts its converted units
   * only and reports the error; an experiment without exposed units reads no metric (no cap, no
   * error).
   */
  ExperimentData read(Handle h, ExperimentQuery query) {
    Breakdown breakdown = new Breakdown();
    Map<String, String> errors = new HashMap<>();
    Map<String, Double> caps = new HashMap<>();
    long multiple = 0;
    boolean first = true;
    for (MetricQuery m : query.metrics()) {
      RollupKey key = key(query, m);
      rollups.refresh(h, key);
      Double cap = m.cap() == null ? null : cap(h, key, m.cap());
      if (cap != null) {
        caps.put(m.name(), cap);
      }
      List<StatsRow> rows = stats(h, query, key, m, cap, errors);
      if (first) {
        multiple = first(h, query, key, rows, breakdown);
        first = false;
      }
      if (rows == null) {
        units(h, query, key, sql, breakdown);
        paired(h, query, key, m, cap, breakdown);
        continue;
      }
      for (StatsRow r : rows) {
        if (!r.multiple() && r.metric().units() > 0) {
          breakdown.metric(r.segment(), r.variant(), m.name(), r.metric());
        }
        if (!r.multiple() && r.pairedUnits() > 0) {
          breakdown.paired(r.segment(), r.variant(), m.name(), r.paired());
        }
      }
    }
    if (breakdown.isEmpty()) {
      caps.clear();
      errors.clear();
    }
    return new ExperimentData(
        query.experiment(),
        breakdown.variants(),
        errors,
        multiple,
        0,
        caps,
        query.dimension() == null ? List.of() : breakdown.segments());
  }

  /** The timeline's statement ({@link RollupSql#daily}) over the metric's refreshed rollup. */
  Statement daily(Handle h, ExperimentQuery query, MetricQuery metric) {
    RollupKey key = key(query, metric);
    rollups.refresh(h, key);
    return sql.daily(key);
  }

  private double cap(Handle h, RollupKey key, MetricQuery.Cap cap) {
    if (cap instanceof MetricQuery.CapAt at) {
      return at.value();
    }
    Double value =
        StatsReader.bound(h, sql.percentile(key, ((MetricQuery.CapPercentile) cap).percentile()))
            .map((rs, ctx) -> rs.getObject(1) == null ? null : rs.getDouble(1))
            .findFirst()
            .orElse(null);
    return value == null ? 0 : value;
  }

  /** The metric's {@link RollupSql#stats} rows, or {@code null} after a data error (recorded). */
  private List<StatsRow> stats(
      Handle h,
      ExperimentQuery query,
      RollupKey key,
      MetricQuery m,
      Double cap,
      Map<String, String> errors) {
    double shift = pilot.applyAsDouble(h, m);
    if (cap != null) {
      shift = Math.min(shift, cap);
    }
    double pilotValue = shift;
    boolean segmented = query.dimension() != null;
    String savepoint = "abkit_metric";
    h.savepoint(savepoint);
    try {
      List<StatsRow> rows =
          StatsReader.bound(
                  h, cap == null ? sql.totals(key, pilotValue) : sql.stats(key, pilotValue, cap))
              .map(
                  (rs, ctx) ->
                      new StatsRow(
                          segmented ? rs.getString(13) : null,
                          rs.getString(1),
                          rs.getBoolean(2),
                          rs.getLong(3),
                          new MetricData(
                              rs.getLong(4), pilotValue, rs.getDouble(5), rs.getDouble(6)),
                          rs.getLong(7),
                          new PairedData(
                              rs.getDouble(8),
                              rs.getDouble(9),
                              rs.getDouble(10),
                              rs.getDouble(11),
                              rs.getDouble(12))))
              .list();
      h.release(savepoint);
      return rows;
    } catch (JdbiException e) {
      SQLException cause = StatsReader.dataError(e);
      h.rollbackToSavepoint(savepoint);
      errors.put(m.name(), StatsReader.sumFailed(m, cause));
      return null;
    }
  }

  /**
   * Adds the exposed units to {@code breakdown}, from the first metric's rows (every exposed unit
   * has a row in each rollup), or after a data error from its rollup's exposure counts; returns the
   * units exposed to several variants.
   */
  private long first(
      Handle h, ExperimentQuery query, RollupKey key, List<StatsRow> rows, Breakdown breakdown) {
    if (rows == null) {
      return StatsReader.exposedUnits(h, query, sql.exposureCounts(key), breakdown);
    }
    long multiple = 0;
    for (StatsRow r : rows) {
      if (r.multiple()) {
        multiple += r.units();
      } else {
        breakdown.exposed(r.segment(), r.variant(), r.units());
      }
    }
    return multiple;
  }

  private record UnitsRow(String segment, String variant, long units) {}

  /** After a data error: the metric's converted units, with {@code NaN} sums. */
  private static void units(
      Handle h, ExperimentQuery query, RollupKey key, RollupSql sql, Breakdown breakdown) {
    boolean segmented = query.dimension() != null;
    StatsReader.bound(h, sql.metricUnits(key))
        .map(
            (rs, ctx) ->
                new UnitsRow(segmented ? rs.getString(3) : null, rs.getString(1), rs.getLong(2)))
        .forEach(
            r ->
                breakdown.metric(
                    r.segment(),
                    r.variant(),
                    key.metric().name(),
                    new MetricData(r.units(), 0, Double.NaN, Double.NaN)));
  }

  /** After a data error: the paired sums on their own, as the direct read reads them. */
  private void paired(
      Handle h,
      ExperimentQuery query,
      RollupKey key,
      MetricQuery m,
      Double cap,
      Breakdown breakdown) {
    if (m.pairing() == null) {
      return;
    }
    StatsReader.paired(h, query, m, sql.pairedStats(key, cap), breakdown);
  }
}
