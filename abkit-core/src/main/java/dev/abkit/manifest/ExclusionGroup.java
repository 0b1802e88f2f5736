package dev.abkit.manifest;

import java.util.Objects;

/**
 * Mutual exclusion: experiments sharing a group {@code name} with disjoint ranges never share a
 * unit. The unit is hashed with salt {@code "group:" + name} (GrowthBook namespace rules for the
 * {@code growthbook-*} hashes) and admitted only if that number falls in {@code range}.
 */
public record ExclusionGroup(String name, Range range) {
  public ExclusionGroup {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(range, "range");
  }
}
