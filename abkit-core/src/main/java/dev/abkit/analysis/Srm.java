package dev.abkit.analysis;

/**
 * Sample ratio mismatch check: Pearson chi-square of exposures against the planned weights (arms
 * with positive weight; an explicit range counts with its width), {@code df = arms − 1}.
 *
 * @param pValue chi-square p-value (1 with fewer than 2 weighted arms or no exposures)
 * @param chiSquare the statistic
 * @param mismatch {@code checked && pValue < threshold}: the split is broken and verdicts are
 *     withheld
 * @param checked whether every weighted arm expects at least {@link
 *     AnalysisSettings#srmMinimumCount()} units, so the chi-square approximation is trusted
 * @param threshold the p-value below which a mismatch is flagged
 */
public record Srm(
    double pValue, double chiSquare, boolean mismatch, boolean checked, double threshold) {
  public Srm {
    if (!(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException("pValue must be in [0,1], was " + pValue);
    }
  }
}
