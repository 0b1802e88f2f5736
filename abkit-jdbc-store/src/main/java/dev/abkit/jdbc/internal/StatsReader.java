package dev.abkit.jdbc.internal;

import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.VariantData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Reads an experiment's sufficient statistics with aggregate SQL, so the rows never leave the
 * database: exposed units per variant, then per metric and variant the converted units with the sum
 * and sum of squares of their per-unit totals ({@link Sql#metricStats()} explains the query plan).
 *
 * <p>Thread-safe.
 */
public final class StatsReader {
  private final Jdbi jdbi;
  private final Sql sql;

  public StatsReader(Jdbi jdbi, Sql sql) {
    this.jdbi = jdbi;
    this.sql = sql;
  }

  private record MetricRow(String variant, MetricData data) {}

  /**
   * Reads {@code query} in one transaction, which scopes the {@link Sql#analysisSettings()} (they
   * are {@code SET LOCAL}) to this read.
   *
   * @throws JdbiException if the database fails
   */
  public ExperimentData read(ExperimentQuery query) {
    return jdbi.inTransaction(
        h -> {
          for (String setting : sql.analysisSettings()) {
            h.execute(setting);
          }
          Map<String, Long> exposed = exposedUnits(h, query.experiment());
          Map<String, Map<String, MetricData>> metrics = new HashMap<>();
          if (!exposed.isEmpty()) {
            for (String name : query.metrics().stream().distinct().toList()) {
              for (MetricRow row : metricStats(h, query.experiment(), name)) {
                metrics.computeIfAbsent(row.variant(), k -> new HashMap<>()).put(name, row.data());
              }
            }
          }
          List<VariantData> variants = new ArrayList<>();
          exposed.forEach(
              (variant, units) ->
                  variants.add(
                      new VariantData(variant, units, metrics.getOrDefault(variant, Map.of()))));
          return new ExperimentData(query.experiment(), variants);
        });
  }

  /** Exposed units per variant, in variant order. */
  private Map<String, Long> exposedUnits(Handle h, String experiment) {
    Map<String, Long> exposed = new TreeMap<>();
    h.createQuery(sql.exposureCounts())
        .bind(0, experiment)
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .forEach(e -> exposed.put(e.getKey(), e.getValue()));
    return exposed;
  }

  private List<MetricRow> metricStats(Handle h, String experiment, String metric) {
    return h.createQuery(sql.metricStats())
        .bind(0, experiment)
        .bind(1, metric)
        .map(
            (rs, ctx) ->
                new MetricRow(
                    rs.getString(1),
                    new MetricData(rs.getLong(2), rs.getDouble(3), rs.getDouble(4))))
        .list();
  }
}
