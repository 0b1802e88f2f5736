package dev.abkit.analysis;

import org.jspecify.annotations.Nullable;

/**
 * Progress toward the planned sample.
 *
 * @param exposures units exposed over all variants
 * @param targetSampleSize planned units ({@code target_sample_size}), or {@code null}
 * @param fraction {@code exposures / targetSampleSize} (may exceed 1), or {@code null} without a
 *     target
 */
public record Progress(
    long exposures, @Nullable Long targetSampleSize, @Nullable Double fraction) {}
