/**
 * Results: {@link dev.abkit.analysis.Analyzer} turns a store's sufficient statistics ({@link
 * dev.abkit.spi.ExperimentData}) and the manifest entry into an immutable {@link
 * dev.abkit.analysis.ExperimentResult}; {@link dev.abkit.analysis.ResultsFormat} renders {@link
 * dev.abkit.analysis.Results} as the results JSON, a terminal table or an HTML page; {@link
 * dev.abkit.analysis.SampleSize} plans experiments.
 *
 * <p>Undefined numbers are {@code null} in the records and in JSON, never NaN or Infinity. All
 * types are immutable and thread-safe.
 */
@NullMarked
package dev.abkit.analysis;

import org.jspecify.annotations.NullMarked;
