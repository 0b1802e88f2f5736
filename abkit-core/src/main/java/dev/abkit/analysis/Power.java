package dev.abkit.analysis;

import org.jspecify.annotations.Nullable;

/**
 * What the goal's test can detect at the current sample (DESIGN.md section 10; Evan Miller's
 * formula, {@link SampleSize}, two-sided at the experiment's level, baseline the control's current
 * rate), for a goal compared on its conversion rate.
 *
 * @param power the power the detectable effects are computed for (0.8)
 * @param detectableEffect the smallest absolute change of the rate detected with {@code power} with
 *     the units of the smallest arm so far, or {@code null} with too little data
 * @param detectableEffectAtTarget the same at {@code target_sample_size} split evenly, or {@code
 *     null} without a target
 * @param mde the manifest's {@code mde}, or {@code null}
 * @param powerReached the power to detect {@code mde} with the units of the smallest arm so far, or
 *     {@code null} without an {@code mde} or with too little data
 */
public record Power(
    double power,
    @Nullable Double detectableEffect,
    @Nullable Double detectableEffectAtTarget,
    @Nullable Double mde,
    @Nullable Double powerReached) {}
