package dev.abkit.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything analysis needs from a store for one experiment: per-variant sufficient statistics.
 * Variants never exposed may be absent.
 */
public record ExperimentData(String experiment, List<VariantData> variants) {
  public ExperimentData {
    Objects.requireNonNull(experiment, "experiment");
    variants = List.copyOf(variants);
  }

  /** The data of one variant. */
  public Optional<VariantData> variant(String key) {
    return variants.stream().filter(v -> v.variant().equals(key)).findFirst();
  }
}
