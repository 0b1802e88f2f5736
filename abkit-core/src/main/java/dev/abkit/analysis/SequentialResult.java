package dev.abkit.analysis;

import org.jspecify.annotations.Nullable;

/**
 * Always-valid (sequential) inference of a treatment, present when the experiment sets {@code
 * sequential}: valid however often results are looked at. Normal-mixture confidence sequence of
 * GrowthBook/Eppo with tuning {@code N*} ({@link AnalysisSettings#sequentialTuning()}).
 *
 * @param pValue always-valid two-sided p-value of the absolute difference, or {@code null} when
 *     undefined (as {@link Lift#absoluteCi()})
 * @param pValueAdjusted Holm-adjusted {@code pValue} across treatments; {@code null} with one
 *     treatment or when undefined
 * @param absoluteCi confidence sequence for the absolute difference, or {@code null}
 * @param relativeCi confidence sequence for the relative lift, or {@code null}
 */
public record SequentialResult(
    @Nullable Double pValue,
    @Nullable Double pValueAdjusted,
    @Nullable Interval absoluteCi,
    @Nullable Interval relativeCi) {}
