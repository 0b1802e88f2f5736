package dev.abkit.analysis;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How regression adjustment (CUPED, DESIGN.md section 10) changed one treatment's comparison: the
 * comparison's lift and p-value are the adjusted ones, these are the unadjusted.
 *
 * @param theta θ of this control–treatment pair: the pooled covariance of the metric with its
 *     pre-period value over the pooled pre-period variance; {@code null} when there is no
 *     pre-period variance (then nothing is adjusted)
 * @param varianceReduction {@code 1 − Var(adjusted lift)/Var(unadjusted lift)}, or {@code null}
 * @param unadjustedLift the lift without adjustment
 * @param unadjustedPValue the p-value without adjustment, or {@code null} when undefined
 */
public record CupedResult(
    @Nullable Double theta,
    @Nullable Double varianceReduction,
    Lift unadjustedLift,
    @Nullable Double unadjustedPValue) {
  public CupedResult {
    Objects.requireNonNull(unadjustedLift, "unadjustedLift");
  }
}
