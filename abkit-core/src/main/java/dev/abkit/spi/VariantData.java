package dev.abkit.spi;

import java.util.Map;
import java.util.Objects;

/**
 * Sufficient statistics of one variant.
 *
 * @param variant the variant key
 * @param exposures units exposed to this variant only (unique)
 * @param metrics per metric name; a metric with no events may be absent (read as {@link
 *     MetricData#EMPTY})
 */
public record VariantData(String variant, long exposures, Map<String, MetricData> metrics) {
  public VariantData {
    Objects.requireNonNull(variant, "variant");
    metrics = Map.copyOf(metrics);
  }

  /** The statistics of {@code name}, empty when no unit did it. */
  public MetricData metric(String name) {
    return metrics.getOrDefault(name, MetricData.EMPTY);
  }
}
