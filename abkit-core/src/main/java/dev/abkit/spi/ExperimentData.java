package dev.abkit.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything analysis needs from a store for one experiment: per-variant sufficient statistics.
 * Variants never exposed may be absent. Units exposed to more than one variant are in no variant
 * (DESIGN.md section 9).
 *
 * @param metricErrors per metric name, why the store could not compute its sums (e.g. a value whose
 *     square leaves the database's number range); such a metric's {@link MetricData} still counts
 *     its units but its sums are not numbers. One metric failing never fails the others.
 * @param multipleExposures units exposed to more than one variant, excluded from every variant
 * @param skippedRecords records the store's reader skipped while reading (malformed lines, values
 *     of the wrong type): counted over the whole store, not this experiment only
 * @param cappedAt per name of a metric queried with a {@link MetricQuery.Cap}, the cap applied (for
 *     a percentile, the value it came to)
 * @param segments with a {@link ExperimentQuery#dimension()}: the same statistics per value of it,
 *     one segment per value among the exposed units (units exposed without it in the segment of
 *     value {@code null}), ordered by value with {@code null} last; caps are those of the whole
 *     experiment. Empty without a dimension.
 */
public record ExperimentData(
    String experiment,
    List<VariantData> variants,
    Map<String, String> metricErrors,
    long multipleExposures,
    long skippedRecords,
    Map<String, Double> cappedAt,
    List<SegmentData> segments) {
  public ExperimentData {
    Objects.requireNonNull(experiment, "experiment");
    variants = List.copyOf(variants);
    metricErrors = Map.copyOf(metricErrors);
    cappedAt = Map.copyOf(cappedAt);
    segments = List.copyOf(segments);
    if (multipleExposures < 0 || skippedRecords < 0) {
      throw new IllegalArgumentException(
          "counts must be >= 0, were " + multipleExposures + " and " + skippedRecords);
    }
  }

  /** Data without a breakdown. */
  public ExperimentData(
      String experiment,
      List<VariantData> variants,
      Map<String, String> metricErrors,
      long multipleExposures,
      long skippedRecords,
      Map<String, Double> cappedAt) {
    this(
        experiment, variants, metricErrors, multipleExposures, skippedRecords, cappedAt, List.of());
  }

  /** Data without caps. */
  public ExperimentData(
      String experiment,
      List<VariantData> variants,
      Map<String, String> metricErrors,
      long multipleExposures,
      long skippedRecords) {
    this(experiment, variants, metricErrors, multipleExposures, skippedRecords, Map.of());
  }

  /** Data in which every metric could be computed and nothing was excluded or skipped. */
  public ExperimentData(String experiment, List<VariantData> variants) {
    this(experiment, variants, Map.of(), 0, 0, Map.of(), List.of());
  }

  /** The data of one variant. */
  public Optional<VariantData> variant(String key) {
    return variants.stream().filter(v -> v.variant().equals(key)).findFirst();
  }
}
