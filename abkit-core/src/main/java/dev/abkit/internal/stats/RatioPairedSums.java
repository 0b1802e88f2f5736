package dev.abkit.internal.stats;

/**
 * Per-arm sums for CUPED on a ratio metric {@code Σm/Σd}: the numerator {@code m} and denominator
 * {@code d} per unit in the experiment ("post") and in the pre-period ("pre"), their squares and
 * the six sums of cross products; the sufficient statistics of gbstats {@code
 * RegressionAdjustedRatioStatistic}.
 *
 * @param n units
 * @param mPostSum {@code Σm_post}
 * @param mPostSumSquares {@code Σm_post²}
 * @param dPostSum {@code Σd_post}
 * @param dPostSumSquares {@code Σd_post²}
 * @param mPreSum {@code Σm_pre}
 * @param mPreSumSquares {@code Σm_pre²}
 * @param dPreSum {@code Σd_pre}
 * @param dPreSumSquares {@code Σd_pre²}
 * @param mPostMPre {@code Σ m_post·m_pre}
 * @param dPostDPre {@code Σ d_post·d_pre}
 * @param mPreDPre {@code Σ m_pre·d_pre}
 * @param mPostDPost {@code Σ m_post·d_post}
 * @param mPostDPre {@code Σ m_post·d_pre}
 * @param mPreDPost {@code Σ m_pre·d_post}
 */
public record RatioPairedSums(
    long n,
    double mPostSum,
    double mPostSumSquares,
    double dPostSum,
    double dPostSumSquares,
    double mPreSum,
    double mPreSumSquares,
    double dPreSum,
    double dPreSumSquares,
    double mPostMPre,
    double dPostDPre,
    double mPreDPre,
    double mPostDPost,
    double mPostDPre,
    double mPreDPost) {}
