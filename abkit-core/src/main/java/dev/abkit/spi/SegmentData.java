package dev.abkit.spi;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The sufficient statistics of the units with one value of a dimension ({@link
 * ExperimentQuery#dimension()}), per variant, under the same rules as the whole experiment's.
 *
 * @param value the attribute's value, or {@code null} for the units exposed without it
 * @param variants per variant, the data of its units with this value; variants without such a unit
 *     may be absent
 */
public record SegmentData(@Nullable String value, List<VariantData> variants) {
  public SegmentData {
    variants = List.copyOf(variants);
  }

  /** The data of one variant in this segment. */
  public Optional<VariantData> variant(String key) {
    return variants.stream().filter(v -> v.variant().equals(key)).findFirst();
  }
}
