package dev.abkit.manifest;

import java.util.Optional;

/**
 * How a unit id is turned into a number in [0,1). {@link #MURMUR3} is abkit's own; the others
 * reproduce a vendor's SDK bit for bit so a team can migrate without reshuffling users.
 */
public enum HashAlgorithm {
  /** MurmurHash3 x86_32 of UTF-8 {@code salt + ":" + unit}, seed 0, divided by 2^32. */
  MURMUR3("murmur3"),
  /** GrowthBook hash version 1: FNV-1a 32 of {@code unit + salt}, mod 1000. */
  GROWTHBOOK_V1("growthbook-v1"),
  /** GrowthBook hash version 2: FNV-1a 32 twice, mod 10000. */
  GROWTHBOOK_V2("growthbook-v2"),
  /** Optimizely: MurmurHash3 seed 1 of {@code unit + salt}, bucket 0..9999. */
  OPTIMIZELY("optimizely"),
  /** Eppo: MD5 prefix of {@code salt + "-" + unit}, shard 0..9999. */
  EPPO("eppo"),
  /** Unleash: MurmurHash3 of {@code salt + ":" + unit} with the variant seed, 1..1000. */
  UNLEASH("unleash");

  private final String id;

  HashAlgorithm(String id) {
    this.id = id;
  }

  /** The manifest spelling, e.g. {@code growthbook-v2}. */
  public String id() {
    return id;
  }

  /** Looks up an algorithm by its manifest spelling. */
  public static Optional<HashAlgorithm> fromId(String id) {
    for (HashAlgorithm a : values()) {
      if (a.id.equals(id)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
