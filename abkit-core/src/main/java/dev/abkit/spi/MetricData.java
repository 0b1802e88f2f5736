package dev.abkit.spi;

/**
 * Sufficient statistics of one metric in one variant. Only events at or after the unit's first
 * exposure count. A unit's value is the sum of its events' amounts (value, or 1 when absent).
 *
 * @param units exposed units with at least one such event (conversions)
 * @param sum sum over exposed units of their values
 * @param sumSquares sum over exposed units of their values squared
 */
public record MetricData(long units, double sum, double sumSquares) {
  public static final MetricData EMPTY = new MetricData(0, 0, 0);

  public MetricData {
    if (units < 0) {
      throw new IllegalArgumentException("units must be >= 0, was " + units);
    }
  }

  /** Adds another part (statistics are mergeable by plain addition). */
  public MetricData plus(MetricData o) {
    return new MetricData(units + o.units, sum + o.sum, sumSquares + o.sumSquares);
  }
}
