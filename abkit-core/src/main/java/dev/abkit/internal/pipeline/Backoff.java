package dev.abkit.internal.pipeline;

/**
 * Exponential backoff: {@code initial}, doubling per failure up to {@code max}. The one place the
 * retry loop and the store probe compute their next delay. Not thread-safe.
 */
final class Backoff {
  private final long initialNanos;
  private final long maxNanos;
  private long currentNanos;

  Backoff(long initialNanos, long maxNanos) {
    if (initialNanos <= 0 || maxNanos < initialNanos) {
      throw new IllegalArgumentException(
          "backoff needs 0 < initial <= max, was " + initialNanos + ".." + maxNanos);
    }
    this.initialNanos = initialNanos;
    this.maxNanos = maxNanos;
    this.currentNanos = initialNanos;
  }

  /** The delay to wait now. */
  long current() {
    return currentNanos;
  }

  /** Doubles the delay (capped at max) after another failure; returns the new delay. */
  long grow() {
    currentNanos = currentNanos > maxNanos / 2 ? maxNanos : currentNanos * 2;
    return currentNanos;
  }

  /** Starts over at {@code initial} (the store answered). */
  void reset() {
    currentNanos = initialNanos;
  }

  /** Continues from {@code nanos}, clamped to initial..max (a retry loop hands over its delay). */
  void resumeAt(long nanos) {
    currentNanos = Math.min(maxNanos, Math.max(initialNanos, nanos));
  }
}
