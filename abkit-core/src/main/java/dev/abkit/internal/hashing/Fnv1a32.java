package dev.abkit.internal.hashing;

/**
 * FNV-1a, 32 bit, over UTF-16 code units: GrowthBook's hash primitive.
 *
 * <p>Note on sources: docs/BUCKETING-SPEC.md section 1.1, after growthbook/growthbook {@code
 * packages/sdk-js/src/util.ts} ({@code hashFnv32a}, commit 8f1db44). The JavaScript reference feeds
 * {@code charCodeAt(i)}, i.e. UTF-16 code units, which is Java's {@link CharSequence#charAt}; there
 * is deliberately no byte encoding step, so non-ASCII ids hash like the JS SDK (GrowthBook's own
 * Java SDK differs there, see spec 2.10). Offset basis 0x811C9DC5, prime 0x01000193; arithmetic
 * wraps mod 2^32.
 *
 * <p>Stateless and thread-safe; nothing is allocated.
 */
public final class Fnv1a32 {
  /** The FNV-1a 32-bit offset basis (2166136261). */
  public static final int OFFSET_BASIS = 0x811c9dc5;

  private static final int PRIME = 0x01000193;

  private Fnv1a32() {}

  /** The hash of {@code s}'s UTF-16 code units, as an int to read unsigned. */
  public static int hash(CharSequence s) {
    return update(OFFSET_BASIS, s);
  }

  /** The hash of {@code a} followed by {@code b} (that is, of {@code a + b}). */
  public static int hash(CharSequence a, CharSequence b) {
    return update(update(OFFSET_BASIS, a), b);
  }

  /** Continues hash state {@code h} over {@code s}. */
  public static int update(int h, CharSequence s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      h ^= s.charAt(i);
      h *= PRIME;
    }
    return h;
  }

  /**
   * The hash of the decimal text of {@code value} read as unsigned (what {@link
   * Integer#toUnsignedString} returns), computed digit by digit without building the text.
   */
  public static int hashUnsignedDecimal(int value) {
    long v = Integer.toUnsignedLong(value);
    long div = 1;
    while (div <= v / 10) {
      div *= 10;
    }
    int h = OFFSET_BASIS;
    for (; div > 0; div /= 10) {
      h ^= '0' + (int) (v / div % 10);
      h *= PRIME;
    }
    return h;
  }
}
