package dev.abkit.jdbc.internal;

import dev.abkit.jdbc.Dialect;
import dev.abkit.spi.DailyData;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.MetricQuery;
import dev.abkit.spi.PairedData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Reads an experiment's sufficient statistics with aggregate SQL, so the rows never leave the
 * database: exposed units per variant, then per metric and variant the converted units with the sum
 * and sum of squares of their per-unit totals ({@link AnalysisSql#metricStats} explains the query
 * plan). On PostgreSQL, for a query with metrics, it reads the per-unit rollups instead ({@link
 * RollupReader}): the same figures, from totals kept current at each read.
 *
 * <p>Thread-safe.
 */
public final class StatsReader {
  private final Jdbi jdbi;
  private final AnalysisSql reads;
  private final RollupReader rollups;

  public StatsReader(Jdbi jdbi, Sql sql) {
    this.jdbi = jdbi;
    this.reads = new AnalysisSql(sql);
    this.rollups =
        sql.dialect() == Dialect.POSTGRESQL
            ? new RollupReader(new RollupSql(sql), Clock.systemUTC(), this::pilot)
            : null;
  }

  /** One row of a per-variant statement: its segment ({@code null} without a dimension). */
  private record MetricRow(String segment, String variant, MetricData data) {}

  /**
   * Reads {@code query} in one transaction, which scopes the {@link AnalysisSql#analysisSettings()}
   * (they are {@code SET LOCAL}) to this read. With a {@link ExperimentQuery#dimension()} every
   * statement is grouped by its value as well, and the experiment's figures are the segments'
   * merged ({@link Breakdown}): one pass per statement either way.
   *
   * @throws JdbiException if the database fails
   */
  public ExperimentData read(ExperimentQuery query) {
    if (rollups != null && !query.metrics().isEmpty()) {
      return inAnalysisTransaction(h -> rollups.read(h, query));
    }
    return inAnalysisTransaction(
        h -> {
          Breakdown breakdown = new Breakdown();
          long multiple = exposedUnits(h, query, breakdown);
          Map<String, String> errors = new HashMap<>();
          Map<String, Double> capsApplied = new HashMap<>();
          if (!breakdown.isEmpty()) {
            for (MetricQuery m : query.metrics()) {
              if (m.cap() != null) {
                capsApplied.put(m.name(), cap(h, query, m, m.cap()));
              }
              for (MetricRow row : metric(h, query, m, errors, capsApplied.get(m.name()))) {
                breakdown.metric(row.segment(), row.variant(), m.name(), row.data());
              }
              if (m.pairing() != null) {
                paired(h, query, m, breakdown, capsApplied.get(m.name()));
              }
            }
          }
          return new ExperimentData(
              query.experiment(),
              breakdown.variants(),
              errors,
              multiple,
              0,
              capsApplied,
              query.dimension() == null ? List.of() : breakdown.segments());
        });
  }

  private record ExposedRow(String segment, String variant, boolean multiple, long units) {}

  /**
   * Adds the units exposed to one variant, per segment and variant, to {@code breakdown}, and
   * returns how many units were exposed to several.
   */
  private long exposedUnits(Handle h, ExperimentQuery query, Breakdown breakdown) {
    return exposedUnits(
        h, query, reads.exposureCounts(query.experiment(), query.dimension()), breakdown);
  }

  /** As above, from the rows (variant, multiple, units[, segment]) of {@code counts}. */
  static long exposedUnits(
      Handle h, ExperimentQuery query, AnalysisSql.Statement counts, Breakdown breakdown) {
    long[] multiple = {0};
    boolean segmented = query.dimension() != null;
    bound(h, counts)
        .map(
            (rs, ctx) ->
                new ExposedRow(
                    segmented ? rs.getString(4) : null,
                    rs.getString(1),
                    rs.getBoolean(2),
                    rs.getLong(3)))
        .forEach(
            row -> {
              if (row.multiple()) {
                multiple[0] += row.units();
              } else {
                breakdown.exposed(row.segment(), row.variant(), row.units());
              }
            });
    return multiple[0];
  }

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

  /**
   * One metric's rows. A data error (SQLSTATE class 22, e.g. PostgreSQL's "value out of range:
   * overflow" when a value rows were written with bypassing abkit is too large to square) is rolled
   * back to a savepoint, so the transaction and the other metrics go on: the metric then counts its
   * converted units only, with {@code NaN} sums, and its error goes into {@code errors}.
   */
  private List<MetricRow> metric(
      Handle h, ExperimentQuery query, MetricQuery metric, Map<String, String> errors, Double cap) {
    String savepoint = "abkit_metric";
    h.savepoint(savepoint);
    try {
      List<MetricRow> rows = metricStats(h, query, metric, cap);
      h.release(savepoint);
      return rows;
    } catch (JdbiException e) {
      SQLException cause = dataError(e);
      h.rollbackToSavepoint(savepoint);
      errors.put(metric.name(), sumFailed(metric, cause));
      return rows(
          h,
          query,
          reads.metricUnits(query.experiment(), metric, query.end(), query.dimension()),
          2,
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
        query,
        reads.metricStats(query.experiment(), metric, query.end(), pilot, cap, query.dimension()),
        4,
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
            bound(
                    h,
                    rollups != null
                        ? rollups.daily(h, query, metric)
                        : reads.daily(query.experiment(), metric, query.end()))
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

  private record PairedRow(String segment, String variant, PairedData data) {}

  /** Reads one metric's paired sums into {@code breakdown}. */
  private void paired(
      Handle h, ExperimentQuery query, MetricQuery metric, Breakdown breakdown, Double cap) {
    paired(
        h,
        query,
        metric,
        reads.pairedStats(query.experiment(), metric, query.end(), cap, query.dimension()),
        breakdown);
  }

  /**
   * As above, from the rows (variant, Σy, Σy², Σx, Σx², Σxy[, segment]) of {@code statement}
   * ({@link AnalysisSql#pairedStats}).
   */
  static void paired(
      Handle h,
      ExperimentQuery query,
      MetricQuery metric,
      AnalysisSql.Statement statement,
      Breakdown breakdown) {
    boolean segmented = query.dimension() != null;
    bound(h, statement)
        .map(
            (rs, ctx) ->
                new PairedRow(
                    segmented ? rs.getString(7) : null,
                    rs.getString(1),
                    new PairedData(
                        rs.getDouble(2),
                        rs.getDouble(3),
                        rs.getDouble(4),
                        rs.getDouble(5),
                        rs.getDouble(6))))
        .forEach(r -> breakdown.paired(r.segment(), r.variant(), metric.name(), r.data()));
  }

  /**
   * Runs a per-variant statement: column 1 the variant, the rest up to column {@code columns} read
   * by {@code data}, and the segment after them when the query has a dimension.
   */
  private List<MetricRow> rows(
      Handle h, ExperimentQuery query, AnalysisSql.Statement statement, int columns, RowData data) {
    boolean segmented = query.dimension() != null;
    return bound(h, statement)
        .map(
            (rs, ctx) ->
                new MetricRow(
                    segmented ? rs.getString(columns + 1) : null, rs.getString(1), data.read(rs)))
        .list();
  }

  static Query bound(Handle h, AnalysisSql.Statement statement) {
    return bind(h.createQuery(statement.sql()), statement.params());
  }

  /** Binds {@code params} in order to {@code statement} (a query or an update). */
  static <T extends SqlStatement<T>> T bind(T statement, List<Object> params) {
    for (int i = 0; i < params.size(); i++) {
      // an Instant goes through the store's Timestamps argument factory, as in writes
      Object p = params.get(i);
      statement.bindByType(i, p, p.getClass());
    }
    return statement;
  }

  @FunctionalInterface
  private interface RowData {
    MetricData read(ResultSet rs) throws SQLException;
  }

  /**
   * The metric's pilot value ({@link AnalysisSql#metricPilot}); 0 without events or when not
   * finite.
   */
  double pilot(Handle h, MetricQuery metric) {
    Double pilot =
        h.createQuery(reads.metricPilot(metric.amount()))
            .bind(0, metric.event())
            .bind(1, metric.event())
            .map((rs, ctx) -> rs.getObject(1) == null ? null : rs.getDouble(1))
            .findFirst()
            .orElse(null);
    return pilot != null && Double.isFinite(pilot) ? pilot : 0;
  }

  /**
   * The data error (SQLSTATE class 22, e.g. PostgreSQL's "value out of range: overflow") that
   * failed a metric's statement; rethrows {@code e} when it is anything else.
   */
  static SQLException dataError(JdbiException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s
          && s.getSQLState() != null
          && s.getSQLState().startsWith("22")) {
        return s;
      }
    }
    throw e;
  }

  /** What {@code metric}'s error says when its sums failed with {@code cause}. */
  static String sumFailed(MetricQuery metric, SQLException cause) {
    return "the database could not sum the values of "
        + metric.name()
        + " ("
        + firstLine(cause.getMessage())
        + "): some value is far too large";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
