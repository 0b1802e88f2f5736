package dev.abkit.analysis;

/**
 * Analysis knobs that are not per-experiment manifest settings. Immutable.
 *
 * @param sequentialTuning {@code N*} of the confidence sequence: the total sample at which a
 *     decision is expected (GrowthBook's default 5000; Eppo uses 10,000). Fix it before looking.
 * @param srmThreshold p-value below which SRM is flagged (0.001, as GrowthBook and Eppo)
 * @param srmMinimumCount expected units per weighted arm before SRM can be flagged (8, as
 *     GrowthBook's minimum count per variation)
 */
public record AnalysisSettings(double sequentialTuning, double srmThreshold, long srmMinimumCount) {
  private static final AnalysisSettings DEFAULTS = new AnalysisSettings(5000, 0.001, 8);

  public AnalysisSettings {
    if (!(sequentialTuning > 0) || Double.isInfinite(sequentialTuning)) {
      throw new IllegalArgumentException(
          "sequentialTuning must be a finite number > 0, was " + sequentialTuning);
    }
    if (!(srmThreshold > 0 && srmThreshold < 1)) {
      throw new IllegalArgumentException("srmThreshold must be in (0,1), was " + srmThreshold);
    }
    if (srmMinimumCount < 0) {
      throw new IllegalArgumentException("srmMinimumCount must be >= 0, was " + srmMinimumCount);
    }
  }

  /** {@code N* = 5000}, SRM at p &lt; 0.001 with at least 8 expected units per arm. */
  public static AnalysisSettings defaults() {
    return DEFAULTS;
  }

  /** A copy with another {@code sequentialTuning}. */
  public AnalysisSettings withSequentialTuning(double tuning) {
    return new AnalysisSettings(tuning, srmThreshold, srmMinimumCount);
  }

  /** A copy with another {@code srmThreshold}. */
  public AnalysisSettings withSrmThreshold(double threshold) {
    return new AnalysisSettings(sequentialTuning, threshold, srmMinimumCount);
  }

  /** A copy with another {@code srmMinimumCount}. */
  public AnalysisSettings withSrmMinimumCount(long minimum) {
    return new AnalysisSettings(sequentialTuning, srmThreshold, minimum);
  }
}
