package dev.abkit.manifest;

/**
 * A half-open interval {@code [start, end)} of the hash space [0,1].
 *
 * @param start inclusive lower bound, in [0,1]
 * @param end exclusive upper bound, in [start,1]
 */
public record Range(double start, double end) {
  public Range {
    if (!(start >= 0 && start <= 1)) {
      throw new IllegalArgumentException("range start must be in [0,1], was " + start);
    }
    if (!(end >= start && end <= 1)) {
      throw new IllegalArgumentException("range end must be in [start,1], was " + end);
    }
  }

  /** Whether {@code n} lies in {@code [start, end)}. */
  public boolean contains(double n) {
    return start <= n && n < end;
  }

  /** {@code end - start}. */
  public double width() {
    return end - start;
  }
}
