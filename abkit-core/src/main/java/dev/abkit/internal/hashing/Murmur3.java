package dev.abkit.internal.hashing;

/**
 * MurmurHash3 x86_32 (Austin Appleby's public-domain reference, {@code MurmurHash3_x86_32}).
 *
 * <p>Note on sources: the algorithm follows docs/BUCKETING-SPEC.md section 1.2, which describes the
 * reference function as Optimizely (optimizely/java-sdk {@code
 * core-api/.../bucketing/internal/MurmurHash3.java}) and Unleash ({@code
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
    if (alen > 0
        && b.length() > 0
        && Character.isHighSurrogate(a.charAt(alen - 1))
        && Character.isLowSurrogate(b.charAt(0))) {
      return hashAcross(a, b, seed); // a surrogate pair spans the two parts
    }
    return hashParts(seed, 0, 0, 0, a, b);
  }

  /** The general form: walks {@code a + b} code point by code point. */
  private static int hashAcross(CharSequence a, CharSequence b, int seed) {
    int alen = a.length();
    int n = alen + b.length();
    int h = seed;
    int k = 0; // bytes of the current block, little-endian
    int pos = 0; // bytes in k
    int total = 0; // bytes hashed
    for (int i = 0; i < n; ) {
      long e = encodeAt(a, b, alen, n, i);
      int enc = (int) e;
      int count = (int) (e >>> 32) & 7;
      i += (int) (e >>> 35);
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

  /**
   * Continues state ({@code h}, block bytes {@code k}, {@code pos} bytes in it, {@code total} bytes
   * so far) over {@code s1} then {@code s2} and finalizes. ASCII runs go four characters per step;
   * other text (and a misaligned block) is fed byte by byte. Neither part may start with the low
   * half of a surrogate pair begun in the previous part.
   */
  private static int hashParts(int h, int k, int pos, int total, CharSequence s1, CharSequence s2) {
    for (int part = 0; part < 2; part++) {
      CharSequence s = part == 0 ? s1 : s2;
      int n = s.length();
      int i = 0;
      int shift = pos << 3;
      for (; i + 4 <= n; i += 4) {
        int c0 = s.charAt(i);
        int c1 = s.charAt(i + 1);
        int c2 = s.charAt(i + 2);
        int c3 = s.charAt(i + 3);
        if ((c0 | c1 | c2 | c3) >= 0x80) {
          break;
        }
        int w = c0 | c1 << 8 | c2 << 16 | c3 << 24;
        if (shift == 0) {
          h = mixH(h, mixK(w));
        } else {
          h = mixH(h, mixK(k | w << shift));
          k = w >>> (32 - shift);
        }
        total += 4;
      }
      while (i < n) {
        long e = encodeAt(s, "", n, n, i);
        int enc = (int) e;
        int count = (int) (e >>> 32) & 7;
        i += (int) (e >>> 35);
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
    }
    if (pos > 0) {
      h ^= mixK(k);
    }
    return fmix(h, total);
  }

  /**
   * UTF-8 of the code point at index {@code i} of {@code a + b}, packed: bits 0-31 the bytes (first
   * byte lowest), bits 32-34 the byte count, bits 35+ the chars consumed (1 or 2).
   */
  private static long encodeAt(CharSequence a, CharSequence b, int alen, int n, int i) {
    int c = i < alen ? a.charAt(i) : b.charAt(i - alen);
    if (c < 0x80) {
      return c | 1L << 32 | 1L << 35;
    }
    if (c < 0x800) {
      return ((0xc0 | c >>> 6) | (0x80 | (c & 0x3f)) << 8) | 2L << 32 | 1L << 35;
    }
    if (Character.isSurrogate((char) c)) {
      int next = i + 1 < n ? (i + 1 < alen ? a.charAt(i + 1) : b.charAt(i + 1 - alen)) : -1;
      if (Character.isHighSurrogate((char) c)
          && next >= 0
          && Character.isLowSurrogate((char) next)) {
        int cp = Character.toCodePoint((char) c, (char) next);
        long enc =
            Integer.toUnsignedLong(
                (0xf0 | cp >>> 18)
                    | (0x80 | (cp >>> 12 & 0x3f)) << 8
                    | (0x80 | (cp >>> 6 & 0x3f)) << 16
                    | (0x80 | (cp & 0x3f)) << 24);
        return enc | 4L << 32 | 2L << 35;
      }
      return '?' | 1L << 32 | 1L << 35; // String.getBytes(UTF_8)'s replacement
    }
    return ((0xe0 | c >>> 12) | (0x80 | (c >>> 6 & 0x3f)) << 8 | (0x80 | (c & 0x3f)) << 16)
        | 3L << 32
        | 1L << 35;
  }

  /**
   * A fixed prefix (such as {@code salt + ":"}) hashed once, so that hashing {@code prefix + s}
   * only processes {@code s}. ASCII text is taken four characters per step. Immutable and
   * thread-safe.
   */
  public static final class Prefix {
    private final String prefix;
    private final int seed;
    private final boolean splitPair; // prefix ends with a high surrogate: no precomputed state
    private final int h;
    private final int k;
    private final int pos;
    private final int length;

    /** Precomputes the state of {@code prefix} under {@code seed}. */
    public Prefix(String prefix, int seed) {
      this.prefix = prefix;
      this.seed = seed;
      int n = prefix.length();
      this.splitPair = n > 0 && Character.isHighSurrogate(prefix.charAt(n - 1));
      int hh = seed;
      int kk = 0;
      int p = 0;
      int total = 0;
      for (int i = 0; i < n; ) {
        long e = encodeAt(prefix, "", n, n, i);
        int enc = (int) e;
        int count = (int) (e >>> 32) & 7;
        i += (int) (e >>> 35);
        for (int j = 0; j < count; j++) {
          kk |= (enc >>> (j << 3) & 0xff) << (p << 3);
          if (++p == 4) {
            hh = mixH(hh, mixK(kk));
            kk = 0;
            p = 0;
          }
        }
        total += count;
      }
      this.h = hh;
      this.k = kk;
      this.pos = p;
      this.length = total;
    }

    /** {@code Murmur3.hash32(prefix, s, seed)}, computed from the precomputed state. */
    public int hash(CharSequence s) {
      if (splitPair) {
        return hash32(prefix, s, seed);
      }
      return hashParts(h, k, pos, length, s, "");
    }
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
