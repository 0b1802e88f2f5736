package dev.abkit.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything analysis needs from a store for one experiment: per-variant sufficient statistics.
 * Variants never exposed may be absent.
 *
 * @param metricErrors per metric name, why the store could not compute its sums (e.g. a value whose
 *     square leaves the database's number range); such a metric's {@link MetricData} still counts
 *     its units but its sums are not numbers. One metric failing never fails the others.
 */
public record ExperimentData(
    String experiment, List<VariantData> variants, Map<String, String> metricErrors) {
  public ExperimentData {
    Objects.requireNonNull(experiment, "experiment");
    variants = List.copyOf(variants);
    metricErrors = Map.copyOf(metricErrors);
  }

  /** Data in which every metric could be computed. */
  public ExperimentData(String experiment, List<VariantData> variants) {
    this(experiment, variants, Map.of());
  }

  /** The data of one variant. */
  public Optional<VariantData> variant(String key) {
    return variants.stream().filter(v -> v.variant().equals(key)).findFirst();
  }
}
