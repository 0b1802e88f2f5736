package dev.abkit.analysis;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A treatment against control on one metric.
 *
 * <p>The test is on the absolute difference (unpooled z, or Welch t when the Welch dof is below
 * 100), so the p-value and {@link Lift#absoluteCi()} agree. {@code significant} compares, at the
 * experiment's {@code significance_level}: the sequential p-value when {@code sequential} is on,
 * else the fixed-horizon one; Holm-adjusted across treatments when there are several.
 *
 * @param lift effect sizes and intervals
 * @param pValue fixed-horizon two-sided p-value (unadjusted), or {@code null} when undefined (an
 *     arm with fewer than 2 units, or zero variance in both arms)
 * @param pValueAdjusted Holm-adjusted {@code pValue} across the treatments with a defined p-value;
 *     {@code null} with a single treatment or when {@code pValue} is null
 * @param pValuePooled pooled two-proportion z-test p-value (= the 2×2 chi-square test of
 *     calculators), for conversion metrics only; informational, never decides; {@code null}
 *     otherwise or when undefined
 * @param significant whether the deciding p-value is below the significance level ({@code false}
 *     when undefined)
 * @param chanceToBeatControl Gaussian, flat prior: {@code Φ(Δ/se)} on the absolute difference, or
 *     {@code null} when undefined
 * @param chanceToBeatControlExact exact Beta-binomial {@code P(p_t > p_c)} with uniform priors, for
 *     conversion metrics with up to {@link Analyzer#EXACT_CHANCE_MAX_CONVERSIONS} treatment
 *     conversions; {@code null} otherwise
 * @param sequential always-valid results, or {@code null} when the experiment is not sequential
 * @param verdict the reading of the result
 * @param cuped with CUPED on: θ, the variance reduction and the unadjusted lift and p-value (this
 *     comparison's own are the adjusted ones); {@code null} otherwise
 */
public record Comparison(
    Lift lift,
    @Nullable Double pValue,
    @Nullable Double pValueAdjusted,
    @Nullable Double pValuePooled,
    boolean significant,
    @Nullable Double chanceToBeatControl,
    @Nullable Double chanceToBeatControlExact,
    @Nullable SequentialResult sequential,
    Verdict verdict,
    @Nullable CupedResult cuped) {
  public Comparison {
    Objects.requireNonNull(lift, "lift");
    Objects.requireNonNull(verdict, "verdict");
  }
}
