package dev.abkit.analysis;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Results of one further metric (beyond the target event).
 *
 * @param name event name
 * @param kind how it is compared
 * @param variants per variant, in manifest order, control included; empty when {@code error} is set
 * @param error why this metric could not be computed (e.g. a value so large that its square leaves
 *     the number range), or {@code null}; the other metrics are computed all the same
 */
public record MetricResult(
    String name, MetricKind kind, List<VariantResult> variants, @Nullable String error) {
  public MetricResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    variants = List.copyOf(variants);
  }

  /** A computed metric. */
  public MetricResult(String name, MetricKind kind, List<VariantResult> variants) {
    this(name, kind, variants, null);
  }

  /** A metric that could not be computed, and why. */
  public static MetricResult failed(String name, MetricKind kind, String error) {
    return new MetricResult(name, kind, List.of(), Objects.requireNonNull(error, "error"));
  }
}
