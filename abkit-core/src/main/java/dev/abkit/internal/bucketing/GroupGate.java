package dev.abkit.internal.bucketing;

import dev.abkit.internal.hashing.UnitHash;
import dev.abkit.manifest.ExclusionGroup;
import dev.abkit.manifest.HashAlgorithm;

/**
 * The exclusion-group check of one experiment: admits a unit iff its group hash falls in the
 * experiment's group range {@code [start, end)}. Experiments of one group with disjoint ranges
 * therefore never share a unit.
 *
 * <p>Note on sources: DESIGN.md section 2. The group hash is the experiment's own algorithm with
 * salt {@code "group:" + name}; for the {@code growthbook-*} hashes it is GrowthBook's namespace
 * rule instead (BUCKETING-SPEC.md 2.5, growthbook sdk-js {@code inNamespace}: version-1 hash with
 * seed {@code "__" + name}, i.e. FNV-1a of {@code unit + "__" + name} mod 1000), so GrowthBook
 * namespaces carry over. Immutable and thread-safe.
 */
public final class GroupGate {
  private final UnitHash hash;
  private final double start;
  private final double end;

  private GroupGate(UnitHash hash, double start, double end) {
    this.hash = hash;
    this.start = start;
    this.end = end;
  }

  /** The gate for {@code group} under {@code algorithm}. */
  public static GroupGate of(ExclusionGroup group, HashAlgorithm algorithm) {
    UnitHash h =
        algorithm == HashAlgorithm.GROWTHBOOK_V1 || algorithm == HashAlgorithm.GROWTHBOOK_V2
            ? UnitHash.of(HashAlgorithm.GROWTHBOOK_V1, "__" + group.name())
            : UnitHash.of(algorithm, "group:" + group.name());
    return new GroupGate(h, group.range().start(), group.range().end());
  }

  /** Whether {@code unit} belongs to this experiment's slice of the group. */
  public boolean admits(String unit) {
    double n = hash.unitInterval(unit);
    return n >= start && n < end;
  }
}
