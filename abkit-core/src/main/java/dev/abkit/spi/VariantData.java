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
 * @param paired per name of a metric queried with a {@link MetricQuery.Pairing}, the sums of its
 *     value and the value paired with it; may be absent when no unit has either (read as {@link
 *     PairedData#EMPTY})
 */
public record VariantData(
    String variant,
    long exposures,
    Map<String, MetricData> metrics,
    Map<String, PairedData> paired) {
  public VariantData {
    Objects.requireNonNull(variant, "variant");
    metrics = Map.copyOf(metrics);
    paired = Map.copyOf(paired);
  }

  /** A variant's data without paired sums (no metric was queried with a pairing). */
  public VariantData(String variant, long exposures, Map<String, MetricData> metrics) {
    this(variant, exposures, metrics, Map.of());
  }

  /** The paired sums of {@code name}, empty when no unit has either value. */
  public PairedData paired(String name) {
    return paired.getOrDefault(name, PairedData.EMPTY);
  }

  /** The statistics of {@code name}, empty when no unit did it. */
  public MetricData metric(String name) {
    return metrics.getOrDefault(name, MetricData.EMPTY);
  }
}
