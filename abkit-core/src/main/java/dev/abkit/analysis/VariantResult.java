package dev.abkit.analysis;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One variant's figures on one metric.
 *
 * @param key variant key
 * @param exposures units exposed (0 when the store has none)
 * @param conversions exposed units with at least one event of the metric after first exposure
 * @param conversionRate {@code conversions / exposures}, or {@code null} with no exposures
 * @param conversionRateCi Wilson interval of the rate at the experiment's level, or {@code null}
 *     with no exposures
 * @param sum sum of the units' values
 * @param mean {@code sum / exposures} (value per exposed unit), or {@code null} with no exposures
 * @param comparison against control; {@code null} for the control itself
 */
public record VariantResult(
    String key,
    long exposures,
    long conversions,
    @Nullable Double conversionRate,
    @Nullable Interval conversionRateCi,
    double sum,
    @Nullable Double mean,
    @Nullable Comparison comparison) {
  public VariantResult {
    Objects.requireNonNull(key, "key");
    if (exposures < 0 || conversions < 0) {
      throw new IllegalArgumentException(
          "exposures and conversions must be >= 0, were " + exposures + ", " + conversions);
    }
  }

  /** Whether this is the control (it has no comparison). */
  public boolean isControl() {
    return comparison == null;
  }
}
