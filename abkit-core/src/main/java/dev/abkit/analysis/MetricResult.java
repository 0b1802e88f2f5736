package dev.abkit.analysis;

import java.util.List;
import java.util.Objects;

/**
 * Results of one further metric (beyond the target event).
 *
 * @param name event name
 * @param kind how it is compared
 * @param variants per variant, in manifest order, control included
 */
public record MetricResult(String name, MetricKind kind, List<VariantResult> variants) {
  public MetricResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    variants = List.copyOf(variants);
  }
}
