package dev.abkit.internal.pipeline;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A bounded, lossy memory of recently seen (unit, event id) pairs, for the request-thread dedupe of
 * events.
 *
 * <p>A direct-mapped table, as in a CPU cache: each id's 64-bit hash (four interleaved FNV-1a lanes
 * over its UTF-16 code units, then a MurmurHash3 {@code fmix64} finalizer) picks one slot and
 * replaces the hash held there. A repeat is an id whose hash is already in its slot; an old id is
 * forgotten when a later one lands on its slot (after {@code k} further ids it is still held with
 * probability about {@code e^(-k/capacity)}), which the store's unique key makes harmless. Two
 * distinct ids are taken for one only if their 64-bit hashes are equal (about 2^-64 per pair).
 *
 * <p>Why not a size-bounded Caffeine cache or a map of the ids: nearly every event id is new, so a
 * cache would evict on every call, and storing each new id (a young object) into a large long-lived
 * table costs a GC write barrier with card refinement per call. Both measured at 0.6-2.5 µs per
 * call on the project's loaded 2-core machine, against a request-path budget of 200 ns; this table
 * holds primitives only: no allocation, no barrier, one atomic swap. Exposures keep Caffeine: they
 * repeat (returning visitors), so their cache mostly reads.
 *
 * <p>Sources: Fowler-Noll-Vo hash (FNV-1a, 64-bit offset basis and prime); Austin Appleby,
 * MurmurHash3 {@code fmix64}.
 *
 * <p>Thread-safe: concurrent sightings of one id admit one caller (unless another id hits the same
 * slot in between, which the store's unique key covers).
 */
final class RecentIds {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final AtomicLongArray slots;
  private final int mask;

  /** A table of at least {@code capacity} slots (a power of two, at most 2^30). */
  RecentIds(long capacity) {
    int size = 1;
    while (size < capacity && size < (1 << 30)) {
      size <<= 1;
    }
    this.slots = new AtomicLongArray(size);
    this.mask = size - 1;
  }

  /**
   * Records {@code unit}'s event {@code id}; false if it is a recent repeat. Ids are scoped per
   * unit (DESIGN.md section 9): another unit's event with the same id is not a repeat.
   */
  boolean add(String unit, String id) {
    long h = hash(unit, id);
    return slots.getAndSet((int) (h >>> 32) & mask, h) != h;
  }

  /** Forgets {@code unit}'s {@code id} (it was not recorded after all), if it holds its slot. */
  void remove(String unit, String id) {
    long h = hash(unit, id);
    slots.compareAndSet((int) (h >>> 32) & mask, h, 0L);
  }

  /** The hash of the pair: the id's hash mixed with the unit's, so (u, i) and (i, u) differ. */
  static long hash(String unit, String id) {
    long h = hash(id) * 0x9e3779b97f4a7c15L + hash(unit);
    h ^= h >>> 29;
    return h == 0 ? 1 : h;
  }

  static long hash(String s) {
    // Four FNV-1a lanes over interleaved code units: each lane's multiply chain overlaps the
    // others', so a 36-char UUID costs about a quarter of one serial chain's latency (the hash was
    // most of the request thread's cost of an event).
    long h0 = FNV_OFFSET;
    long h1 = FNV_OFFSET ^ 0x9e3779b97f4a7c15L;
    long h2 = FNV_OFFSET ^ 0x6a09e667f3bcc908L;
    long h3 = FNV_OFFSET ^ 0xbb67ae8584caa73bL;
    int n = s.length();
    int i = 0;
    for (; i + 3 < n; i += 4) {
      h0 = (h0 ^ s.charAt(i)) * FNV_PRIME;
      h1 = (h1 ^ s.charAt(i + 1)) * FNV_PRIME;
      h2 = (h2 ^ s.charAt(i + 2)) * FNV_PRIME;
      h3 = (h3 ^ s.charAt(i + 3)) * FNV_PRIME;
    }
    for (; i < n; i++) {
      h0 = (h0 ^ s.charAt(i)) * FNV_PRIME;
    }
    long h = h0 ^ Long.rotateLeft(h1, 16) ^ Long.rotateLeft(h2, 32) ^ Long.rotateLeft(h3, 48) ^ n;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h == 0 ? 1 : h; // 0 marks an empty slot
  }
}
