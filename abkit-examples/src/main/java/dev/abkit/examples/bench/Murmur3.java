package dev.abkit.examples.bench;

/**
 * A straightforward MurmurHash3 x86_32, the benchmark floor: written here from the public algorithm
 * (Austin Appleby, SMHasher {@code MurmurHash3.cpp}, {@code MurmurHash3_x86_32}) rather than
 * calling abkit's internal hash, so the floor does not move when the engine does. Checked against
 * published vectors in {@code Murmur3Test}.
 */
public final class Murmur3 {
  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private Murmur3() {}

  /** MurmurHash3 x86_32 of {@code data[offset, offset + length)} with {@code seed}. */
  public static int hash32(byte[] data, int offset, int length, int seed) {
    int h = seed;
    int blocksEnd = offset + (length & ~3);
    for (int i = offset; i < blocksEnd; i += 4) {
      int k =
          (data[i] & 0xff)
              | (data[i + 1] & 0xff) << 8
              | (data[i + 2] & 0xff) << 16
              | (data[i + 3] & 0xff) << 24;
      h ^= mixK(k);
      h = Integer.rotateLeft(h, 13);
      h = h * 5 + 0xe6546b64;
    }
    int tail = length & 3;
    if (tail != 0) {
      int k = 0;
      if (tail == 3) {
        k ^= (data[blocksEnd + 2] & 0xff) << 16;
      }
      if (tail >= 2) {
        k ^= (data[blocksEnd + 1] & 0xff) << 8;
      }
      k ^= data[blocksEnd] & 0xff;
      h ^= mixK(k);
    }
    h ^= length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  private static int mixK(int k) {
    k *= C1;
    k = Integer.rotateLeft(k, 15);
    return k * C2;
  }
}
