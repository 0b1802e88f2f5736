/**
 * Statistics kernels behind {@link dev.abkit.analysis.Analyzer}: frequentist (Welch/z) tests with
 * delta-method relative effects, ratio metrics by the delta method, CUPED regression adjustment
 * (gbstats {@code RatioStatistic}, {@code RegressionAdjustedStatistic}), GrowthBook/Eppo
 * normal-mixture confidence sequences, Gaussian and Beta-binomial Bayesian chance to win, SRM
 * chi-square, Holm and Benjamini-Hochberg adjustment, and GrowthBook's power/MDE. Formulas and
 * sources: {@code STATS.md} of the project; distributions come from Apache Commons Statistics and
 * Numbers. Not exported; all classes are stateless and thread-safe.
 */
package dev.abkit.internal.stats;
