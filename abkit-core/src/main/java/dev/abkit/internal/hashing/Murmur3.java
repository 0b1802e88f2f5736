package dev.abkit.internal.hashing;

/**
 * MurmurHash3 x86_32 (Austin Appleby's public-domain reference, {@code MurmurHash3_x86_32}).
 *
 * <p>Note on sources: the algorithm follows BUCKETING-SPEC.md section 1.2 (abkit's
 * shared/peer-vectors), which describes the reference function as Optimizely (optimizely/java-sdk
 * {@code core-api/.../bucketing/internal/MurmurHash3.java}) and Unleash ({@code
 * StrategyUtils.getNormalizedNumber}, unleash-client-java 9.2.5) use it. Besides the plain {@code
 * byte[]} form, the {@link CharSequence} forms encode UTF-8 on the fly, like Optimizely's {@code
 * murmurhash3_x86_32(CharSequence, ...)}, so the request path hashes {@code salt + ":" + unit}
 * without building the string or its bytes. Unpaired surrogates are encoded as {@code '?'}, exactly
 * as {@link String#getBytes(java.nio.charset.Charset)} with UTF-8 does, so both forms agree on
 * every string.
 *
 * <p>All results are the 32-bit hash as a Java {@code int}; read it as unsigned ({@link
 * Integer#toUnsignedLong}) before any scaling. Stateless and thread-safe.
 */
public final class Murmur3 {
  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private Murmur3() {}

  /** The hash of {@code data[off, off + len)}. */
  public static int hash32(byte[] data, int off, int len, int seed) {
    int h = seed;
    int end = off + (len & ~3);
    for (int i = off; i < end; i += 4) {
      int k =
          (data[i] & 0xff)
              | (data[i + 1] & 0xff) << 8
              | (data[i + 2] & 0xff) << 16
              | (data[i + 3] & 0xff) << 24;
      h = mixH(h, mixK(k));
    }
    int k = 0;
    switch (len & 3) {
      case 3:
        k ^= (data[end + 2] & 0xff) << 16;
      // fall through
      case 2:
        k ^= (data[end + 1] & 0xff) << 8;
      // fall through
      case 1:
        k ^= data[end] & 0xff;
        h ^= mixK(k);
        break;
      default:
        break;
    }
    return fmix(h, len);
  }

  /** The hash of all of {@code data}. */
  public static int hash32(byte[] data, int seed) {
    return hash32(data, 0, data.length, seed);
  }

  /** The hash of the UTF-8 encoding of {@code s}, without allocating. */
  public static int hash32(CharSequence s, int seed) {
    return hash32(s, "", seed);
  }

  /**
   * The hash of the UTF-8 encoding of {@code a} directly followed by {@code b} (that is, of {@code
   * a + b}), without allocating.
   */
  public static int hash32(CharSequence a, CharSequence b, int seed) {
    int alen = a.length();
    int n = alen + b.length();
    int h = seed;
    int k = 0; // bytes of the current block, little-endian
    int pos = 0; // bytes in k
    int total = 0; // bytes hashed
    for (int i = 0; i < n; i++) {
      int c = i < alen ? a.charAt(i) : b.charAt(i - alen);
      int enc; // up to 4 UTF-8 bytes, first byte lowest
      int count;
      if (c < 0x80) {
        enc = c;
        count = 1;
      } else if (c < 0x800) {
        enc = (0xc0 | c >>> 6) | (0x80 | (c & 0x3f)) << 8;
        count = 2;
      } else if (Character.isSurrogate((char) c)) {
        int next = i + 1 < n ? (i + 1 < alen ? a.charAt(i + 1) : b.charAt(i + 1 - alen)) : -1;
        if (Character.isHighSurrogate((char) c)
            && next >= 0
            && Character.isLowSurrogate((char) next)) {
          int cp = Character.toCodePoint((char) c, (char) next);
          i++;
          enc =
              (0xf0 | cp >>> 18)
                  | (0x80 | (cp >>> 12 & 0x3f)) << 8
                  | (0x80 | (cp >>> 6 & 0x3f)) << 16
                  | (0x80 | (cp & 0x3f)) << 24;
          count = 4;
        } else {
          enc = '?'; // what String.getBytes(UTF_8) substitutes for an unpaired surrogate
          count = 1;
        }
      } else {
        enc = (0xe0 | c >>> 12) | (0x80 | (c >>> 6 & 0x3f)) << 8 | (0x80 | (c & 0x3f)) << 16;
        count = 3;
      }
      for (int j = 0; j < count; j++) {
        k |= (enc >>> (j << 3) & 0xff) << (pos << 3);
        if (++pos == 4) {
          h = mixH(h, mixK(k));
          k = 0;
          pos = 0;
        }
      }
      total += count;
    }
    if (pos > 0) {
      h ^= mixK(k);
    }
    return fmix(h, total);
  }

  private static int mixK(int k) {
    k *= C1;
    k = Integer.rotateLeft(k, 15);
    return k * C2;
  }

  private static int mixH(int h, int k) {
    h ^= k;
    h = Integer.rotateLeft(h, 13);
    return h * 5 + 0xe6546b64;
  }

  private static int fmix(int h, int length) {
    h ^= length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
