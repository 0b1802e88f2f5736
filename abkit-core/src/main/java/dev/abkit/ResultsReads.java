package dev.abkit;

import dev.abkit.analysis.AnalysisSettings;
import dev.abkit.analysis.Analyzer;
import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.ResultsOptions;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Metric;
import dev.abkit.spi.EventStore;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import org.jspecify.annotations.Nullable;

/**
 * {@link AbKit#results}' reads: one experiment's data from its store (broken down by the options'
 * dimension in the same read when the experiment lists it), its analysis, and the goal's timeline
 * when asked for.
 */
final class ResultsReads {
  private ResultsReads() {}

  /**
   * Refuses a dimension {@code e} does not list, naming the ones it does.
   *
   * @throws IllegalArgumentException naming the experiment and its dimensions
   */
  static void requireDimension(Experiment e, @Nullable String dimension) {
    if (dimension != null && !e.dimensions().contains(dimension)) {
      throw new IllegalArgumentException(
          "experiment "
              + e.id()
              + " has no dimension "
              + dimension
              + (e.dimensions().isEmpty()
                  ? " (it lists no \"dimensions\")"
                  : " (its dimensions: " + String.join(", ", e.dimensions()) + ")"));
    }
  }

  static ExperimentResult analyze(EventStore store, Experiment e, ResultsOptions options) {
    String dimension = options.dimension();
    if (dimension != null && !e.dimensions().contains(dimension)) {
      dimension = null; // results of every experiment: only those listing it are broken down
    }
    ExperimentQuery query = Analyzer.query(e).withDimension(dimension);
    ExperimentData data;
    try {
      data = store.read(query);
    } catch (RuntimeException ex) {
      throw ex;
    } catch (Exception ex) {
      throw new AbKitException("reading results of " + e.id() + " failed", ex);
    }
    ExperimentResult result = Analyzer.analyze(e, data);
    if (dimension != null) {
      result =
          result.withBreakdown(Analyzer.breakdown(e, dimension, data, AnalysisSettings.defaults()));
    }
    Metric goal = e.goal();
    if (!options.timeseries() || goal == null) {
      return result;
    }
    try {
      return result.withTimeseries(
          Analyzer.timeseries(
              e,
              // the same query as the read: a store may share work between the two (PostgreSQL's
              // rollups); the dimension does not divide the timeline
              store.readDaily(query, goal.name()),
              AnalysisSettings.defaults()));
    } catch (RuntimeException ex) {
      throw ex;
    } catch (Exception ex) {
      throw new AbKitException("reading the timeline of " + e.id() + " failed", ex);
    }
  }
}
