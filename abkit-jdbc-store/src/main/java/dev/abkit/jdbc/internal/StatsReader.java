package dev.abkit.jdbc.internal;

import dev.abkit.spi.DailyData;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.MetricQuery;
import dev.abkit.spi.PairedData;
import dev.abkit.spi.VariantData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads an experiment's sufficient statistics with aggregate SQL, so the rows never leave the
 * database: exposed units per variant, then per metric and variant the converted units with the sum
 * and sum of squares of their per-unit totals ({@link AnalysisSql#metricStats()} explains the query
 * plan).
 *
 * <p>Thread-safe.
 */
public final class StatsReader {
  private final Jdbi jdbi;
  private final AnalysisSql reads;

  public StatsReader(Jdbi jdbi, Sql sql) {
    this.jdbi = jdbi;
    this.reads = new AnalysisSql(sql);
  }

  private record MetricRow(String variant, MetricData data) {}

  /**
   * Reads {@code query} in one transaction, which scopes the {@link AnalysisSql#analysisSettings()}
   * (they are {@code SET LOCAL}) to this read.
   *
   * @throws JdbiException if the database fails
   */
  public ExperimentData read(ExperimentQuery query) {
    return inAnalysisTransaction(
        h -> {
          Map<String, Long> exposed = new TreeMap<>();
          long multiple = exposedUnits(h, query.experiment(), exposed);
          Map<String, Map<String, MetricData>> metrics = new HashMap<>();
          Map<String, String> errors = new HashMap<>();
          Map<String, Map<String, PairedData>> pairs = new HashMap<>();
          Map<String, Double> capsApplied = new HashMap<>();
          if (!exposed.isEmpty()) {
            for (MetricQuery m : query.metrics()) {
              if (m.cap() != null) {
                capsApplied.put(m.name(), cap(h, query, m, m.cap()));
              }
              for (MetricRow row : metric(h, query, m, errors, capsApplied.get(m.name()))) {
                metrics
                    .computeIfAbsent(row.variant(), k -> new HashMap<>())
                    .put(m.name(), row.data());
              }
              if (m.pairing() != null) {
                paired(h, query, m, pairs, capsApplied.get(m.name()));
              }
            }
          }
          List<VariantData> variants = new ArrayList<>();
          exposed.forEach(
              (variant, units) ->
                  variants.add(
                      new VariantData(
                          variant,
                          units,
                          metrics.getOrDefault(variant, Map.of()),
                          pairs.getOrDefault(variant, Map.of()))));
          return new ExperimentData(query.experiment(), variants, errors, multiple, 0, capsApplied);
        });
  }

  /**
   * Fills {@code exposed} with the units exposed to one variant, per variant, and returns how many
   * units were exposed to several.
   */
  private long exposedUnits(Handle h, String experiment, Map<String, Long> exposed) {
    long[] multiple = {0};
    h.createQuery(reads.exposureCounts())
        .bind(0, experiment)
        .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getBoolean(2), rs.getLong(3)})
        .forEach(
            row -> {
              if ((Boolean) row[1]) {
                multiple[0] += (Long) row[2];
              } else {
                exposed.put((String) row[0], (Long) row[2]);
              }
            });
    return multiple[0];
  }

  /**
   * One metric's rows. A data error (SQLSTATE class 22, e.g. PostgreSQL's "value out of range:
   * overflow" when a value rows were written with bypassing abkit is too large to square) is rolled
   * back to a savepoint, so the transaction and the other metrics go on: the metric then counts its
   * converted units only, with {@code NaN} sums, and its error goes into {@code errors}.
   */
  /** The value {@code cap} comes to: itself, or the percentile ({@link AnalysisSql#percentile}). */
  private double cap(Handle h, ExperimentQuery query, MetricQuery metric, MetricQuery.Cap cap) {
    if (cap instanceof MetricQuery.CapAt at) {
      return at.value();
    }
    double p = ((MetricQuery.CapPercentile) cap).percentile();
    Double value =
        bound(h, reads.percentile(query.experiment(), metric, query.end(), p))
            .map((rs, ctx) -> rs.getObject(1) == null ? null : rs.getDouble(1))
            .findFirst()
            .orElse(null);
    return value == null ? 0 : value;
  }

  private List<MetricRow> metric(
      Handle h, ExperimentQuery query, MetricQuery metric, Map<String, String> errors, Double cap) {
    String savepoint = "abkit_metric";
    h.savepoint(savepoint);
    try {
      List<MetricRow> rows = metricStats(h, query, metric, cap);
      h.release(savepoint);
      return rows;
    } catch (JdbiException e) {
      SQLException cause = sqlCause(e);
      if (cause == null || cause.getSQLState() == null || !cause.getSQLState().startsWith("22")) {
        throw e;
      }
      h.rollbackToSavepoint(savepoint);
      errors.put(
          metric.name(),
          "the database could not sum the values of "
              + metric.name()
              + " ("
              + firstLine(cause.getMessage())
              + "): some value is far too large");
      return rows(
          h,
          reads.metricUnits(query.experiment(), metric, query.end()),
          rs -> new MetricData(rs.getLong(2), 0, Double.NaN, Double.NaN));
    }
  }

  private List<MetricRow> metricStats(
      Handle h, ExperimentQuery query, MetricQuery metric, Double cap) {
    double pilot = pilot(h, metric);
    if (cap != null) {
      pilot = Math.min(pilot, cap);
    }
    double shift = pilot;
    return rows(
        h,
        reads.metricStats(query.experiment(), metric, query.end(), pilot, cap),
        rs -> new MetricData(rs.getLong(2), shift, rs.getDouble(3), rs.getDouble(4)));
  }

  /**
   * Reads the timeline of metric {@code name} of {@code query} ({@link AnalysisSql#daily}).
   *
   * @throws IllegalArgumentException when the query has no such metric
   */
  public List<DailyData> readDaily(ExperimentQuery query, String name) {
    MetricQuery metric =
        query.metrics().stream()
            .filter(m -> m.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no metric " + name + " in the query"));
    return inAnalysisTransaction(
        h ->
            bound(h, reads.daily(query.experiment(), metric, query.end()))
                .map(
                    (rs, ctx) ->
                        new DailyData(
                            rs.getString(1),
                            rs.getObject(2, java.time.LocalDate.class),
                            rs.getObject(3, java.time.LocalDate.class),
                            rs.getLong(4)))
                .list());
  }

  /**
   * Runs {@code read} in one read transaction with the {@link AnalysisSql#analysisSettings()},
   * which are {@code SET LOCAL}: they last as long as this read.
   */
  private <T> T inAnalysisTransaction(HandleCallback<T, RuntimeException> read) {
    return jdbi.inTransaction(
        h -> {
          for (String setting : reads.analysisSettings()) {
            h.execute(setting);
          }
          return read.withHandle(h);
        });
  }

  /** Reads one metric's paired sums into {@code pairs} (variant, then metric name). */
  private void paired(
      Handle h,
      ExperimentQuery query,
      MetricQuery metric,
      Map<String, Map<String, PairedData>> pairs,
      Double cap) {
    Query q = bound(h, reads.pairedStats(query.experiment(), metric, query.end(), cap));
    q.map(
            (rs, ctx) ->
                Map.entry(
                    rs.getString(1),
                    new PairedData(
                        rs.getDouble(2),
                        rs.getDouble(3),
                        rs.getDouble(4),
                        rs.getDouble(5),
                        rs.getDouble(6))))
        .forEach(
            e ->
                pairs
                    .computeIfAbsent(e.getKey(), k -> new HashMap<>())
                    .put(metric.name(), e.getValue()));
  }

  /** Runs a per-variant statement: column 1 the variant, the rest read by {@code data}. */
  private List<MetricRow> rows(Handle h, AnalysisSql.Statement statement, RowData data) {
    return bound(h, statement)
        .map((rs, ctx) -> new MetricRow(rs.getString(1), data.read(rs)))
        .list();
  }

  private static Query bound(Handle h, AnalysisSql.Statement statement) {
    Query q = h.createQuery(statement.sql());
    List<Object> params = statement.params();
    for (int i = 0; i < params.size(); i++) {
      // an Instant goes through the store's Timestamps argument factory, as in writes
      Object p = params.get(i);
      q.bindByType(i, p, p.getClass());
    }
    return q;
  }

  @FunctionalInterface
  private interface RowData {
    MetricData read(ResultSet rs) throws SQLException;
  }

  /**
   * The metric's pilot value ({@link AnalysisSql#metricPilot}); 0 without events or when not
   * finite.
   */
  private double pilot(Handle h, MetricQuery metric) {
    Double pilot =
        h.createQuery(reads.metricPilot(metric.amount()))
            .bind(0, metric.event())
            .bind(1, metric.event())
            .map((rs, ctx) -> rs.getObject(1) == null ? null : rs.getDouble(1))
            .findFirst()
            .orElse(null);
    return pilot != null && Double.isFinite(pilot) ? pilot : 0;
  }

  private static SQLException sqlCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        return s;
      }
    }
    return null;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
