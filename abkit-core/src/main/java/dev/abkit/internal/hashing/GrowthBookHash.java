package dev.abkit.internal.hashing;

/**
 * GrowthBook's {@code hash(seed, value, version)}: a bucket value in [0, 1).
 *
 * <p>Note on sources: docs/BUCKETING-SPEC.md section 2.1, after growthbook/growthbook {@code
 * packages/sdk-js/src/util.ts} ({@code hash}, commit 8f1db44); checked against the {@code hash}
 * section of {@code packages/sdk-js/test/cases.json}.
 *
 * <ul>
 *   <li>version 1: {@code fnv1a32(value + seed) mod 1000 / 1000} (value first);
 *   <li>version 2: {@code fnv1a32(decimal(fnv1a32(seed + value))) mod 10000 / 10000} (seed first);
 *   <li>any other version: no value ({@link Double#NaN} here, {@code null} in JS).
 * </ul>
 *
 * The division is a correctly rounded double division, as in JS, so results compare {@code ==} with
 * the vendor's vectors. Stateless, thread-safe, allocation-free.
 */
public final class GrowthBookHash {
  private GrowthBookHash() {}

  /** The bucket value, or {@link Double#NaN} for an unsupported version. */
  public static double hash(String seed, String value, int version) {
    if (version == 1) {
      return v1(value, seed);
    }
    if (version == 2) {
      return v2(seed, value);
    }
    return Double.NaN;
  }

  /** Version 1 of {@code first + second} (callers pass value, then seed). */
  static double v1(CharSequence first, CharSequence second) {
    return Integer.remainderUnsigned(Fnv1a32.hash(first, second), 1000) / 1000.0;
  }

  /** Version 2 of {@code first + second} (callers pass seed, then value). */
  static double v2(CharSequence first, CharSequence second) {
    int inner = Fnv1a32.hash(first, second);
    return Integer.remainderUnsigned(Fnv1a32.hashUnsignedDecimal(inner), 10000) / 10000.0;
  }

  /**
   * GrowthBook's {@code inNamespace}: version-1 hash with seed {@code "__" + namespace}, admitted
   * iff {@code start <= n < end}.
   */
  public static boolean inNamespace(String value, String namespace, double start, double end) {
    double n = hash("__" + namespace, value, 1);
    return n >= start && n < end;
  }
}
