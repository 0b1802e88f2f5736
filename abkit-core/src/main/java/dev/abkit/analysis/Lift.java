package dev.abkit.analysis;

import org.jspecify.annotations.Nullable;

/**
 * A treatment's effect against control. Each component is {@code null} when undefined.
 *
 * @param absolute {@code m_t − m_c}; {@code null} when an arm has no units
 * @param relative {@code (m_t − m_c)/|m_c|}; {@code null} when an arm has no units or the control
 *     mean is 0
 * @param absoluteCi unpooled Wald/Welch interval for {@code absolute} at the experiment's level;
 *     {@code null} when an arm has fewer than 2 units or both arms have zero variance
 * @param relativeCi delta-method interval for {@code relative}; {@code null} as for {@code
 *     absoluteCi} or when the control mean is 0
 */
public record Lift(
    @Nullable Double absolute,
    @Nullable Double relative,
    @Nullable Interval absoluteCi,
    @Nullable Interval relativeCi) {}
