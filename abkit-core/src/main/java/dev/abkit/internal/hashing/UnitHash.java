package dev.abkit.internal.hashing;

import dev.abkit.manifest.HashAlgorithm;
import java.util.Objects;

/**
 * Maps a unit id to a number in [0, 1) for one salt, per {@link HashAlgorithm}. Compiled once per
 * experiment (and exclusion group); {@link #unitInterval} is the request-path call and allocates
 * nothing (except {@link HashAlgorithm#EPPO}, see {@link Md5Prefix}).
 *
 * <p>Note on sources: DESIGN.md section 2 and docs/BUCKETING-SPEC.md, which cite the vendor code
 * each mapping reproduces:
 *
 * <ul>
 *   <li>{@code murmur3}: {@code murmur3_x86_32(UTF-8(salt + ":" + unit), seed 0) / 2^32} (abkit's
 *       own; the prefix {@code salt + ":"} is built once).
 *   <li>{@code growthbook-v1} / {@code -v2}: GrowthBook {@code hash(seed = salt, value = unit,
 *       version)} (spec 2.1; growthbook sdk-js {@code util.ts}).
 *   <li>{@code optimizely}: {@code floor(10000 * murmur3_x86_32(UTF-8(unit + salt), seed 1) / 2^32)
 *       / 10000}, the salt playing the experiment id (spec 3.2; optimizely/java-sdk {@code
 *       Bucketer.generateBucketValue}). A range {@code [a/10000, b/10000)} then admits exactly the
 *       buckets {@code a <= bucket < b}, Optimizely's {@code bucket < endOfRange} rule.
 *   <li>{@code eppo}: {@code (md5prefix(UTF-8(salt + "-" + unit)) mod 10000) / 10000} (spec 4.1;
 *       Eppo sdk-common-jdk {@code Utils.getShard}); a range {@code [a/10000, b/10000)} is Eppo's
 *       shard range {@code [a, b)}.
 *   <li>{@code unleash}: {@code (normalizedHash(unit, groupId = salt, 1000, seed 86028157) - 1) /
 *       1000} (spec 5; unleash-client-java 9.2.5 {@code StrategyUtils.getNormalizedNumber} and
 *       {@code VariantUtil}). Unleash picks the first variant whose cumulative weight {@code C_i}
 *       is {@code >= target}; with {@code target = n*1000 + 1} that is {@code C_(i-1) <= n*1000 <
 *       C_i}, i.e. abkit's range {@code [C_(i-1)/1000, C_i/1000)}. Unleash's modulus is the sum of
 *       the variant weights; this matches it when they total 1000, Unleash's usual scale.
 * </ul>
 *
 * Immutable and thread-safe.
 */
public abstract class UnitHash {
  /** Unleash's variant normalization seed ({@code VARIANT_NORMALIZATION_SEED}). */
  public static final int UNLEASH_VARIANT_SEED = 86028157;

  private static final double TWO_POW_32 = 4294967296.0;

  private UnitHash() {}

  /** The number in [0, 1) for {@code unit}. Never {@code NaN}. */
  public abstract double unitInterval(String unit);

  /** The hash of {@code algorithm} for {@code salt}. */
  public static UnitHash of(HashAlgorithm algorithm, String salt) {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(salt, "salt");
    switch (algorithm) {
      case MURMUR3:
        return new Murmur(salt + ":");
      case GROWTHBOOK_V1:
        return new GrowthBookV1(salt);
      case GROWTHBOOK_V2:
        return new GrowthBookV2(salt);
      case OPTIMIZELY:
        return new Optimizely(salt);
      case EPPO:
        return new Eppo(salt + "-");
      case UNLEASH:
        return new Unleash(salt + ":");
      default:
        throw new IllegalArgumentException("unsupported hash algorithm " + algorithm);
    }
  }

  /** abkit's {@code murmur3} value of (salt, unit), for callers without a compiled hash. */
  public static double murmur3(String salt, String unit) {
    return Integer.toUnsignedLong(Murmur3.hash32(salt + ":", unit, 0)) / TWO_POW_32;
  }

  /** Optimizely's bucket 0..9999 of a bucketing key (bucketing id + entity id). */
  public static int optimizelyBucket(CharSequence bucketingId, CharSequence entityId) {
    long h = Integer.toUnsignedLong(Murmur3.hash32(bucketingId, entityId, 1));
    return (int) ((h * 10000) >>> 32);
  }

  /** Unleash's {@code normalizedHash(identifier, groupId, modulus, seed)}, in 1..modulus. */
  public static int unleashNormalizedHash(
      String identifier, String groupId, int modulus, int seed) {
    return Integer.remainderUnsigned(Murmur3.hash32(groupId + ":", identifier, seed), modulus) + 1;
  }

  /** Eppo's {@code getShard(input, totalShards)}. */
  public static int eppoShard(String input, int totalShards) {
    return (int) (Md5Prefix.of(input, "") % totalShards);
  }

  private static final class Murmur extends UnitHash {
    private final Murmur3.Prefix prefix;

    Murmur(String prefix) {
      this.prefix = new Murmur3.Prefix(prefix, 0);
    }

    @Override
    public double unitInterval(String unit) {
      return Integer.toUnsignedLong(prefix.hash(unit)) / TWO_POW_32;
    }
  }

  private static final class GrowthBookV1 extends UnitHash {
    private final String seed;

    GrowthBookV1(String seed) {
      this.seed = seed;
    }

    @Override
    public double unitInterval(String unit) {
      return GrowthBookHash.v1(unit, seed);
    }
  }

  private static final class GrowthBookV2 extends UnitHash {
    private final String seed;

    GrowthBookV2(String seed) {
      this.seed = seed;
    }

    @Override
    public double unitInterval(String unit) {
      return GrowthBookHash.v2(seed, unit);
    }
  }

  private static final class Optimizely extends UnitHash {
    private final String entityId;

    Optimizely(String entityId) {
      this.entityId = entityId;
    }

    @Override
    public double unitInterval(String unit) {
      return optimizelyBucket(unit, entityId) / 10000.0;
    }
  }

  private static final class Eppo extends UnitHash {
    private final String prefix;

    Eppo(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public double unitInterval(String unit) {
      return Md5Prefix.of(prefix, unit) % 10000 / 10000.0;
    }
  }

  private static final class Unleash extends UnitHash {
    private final Murmur3.Prefix prefix;

    Unleash(String prefix) {
      this.prefix = new Murmur3.Prefix(prefix, UNLEASH_VARIANT_SEED);
    }

    @Override
    public double unitInterval(String unit) {
      return Integer.remainderUnsigned(prefix.hash(unit), 1000) / 1000.0;
    }
  }
}
