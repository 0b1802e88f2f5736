package dev.abkit.analysis;

import org.jspecify.annotations.Nullable;

/**
 * What results include beyond the snapshot: {@code ?timeseries=true} and {@code
 * ?dimension=platform} at the results endpoint, {@code --timeseries} and {@code --dimension
 * platform} in the CLI.
 *
 * @param timeseries whether each experiment's result carries its goal over time ({@link
 *     Timeseries}), one more aggregate read per experiment
 * @param dimension a unit attribute to break results down by ({@link Breakdown}), for the
 *     experiments that list it in their {@code dimensions}; or {@code null}
 */
public record ResultsOptions(boolean timeseries, @Nullable String dimension) {
  /** The snapshot only. */
  public static final ResultsOptions SNAPSHOT = new ResultsOptions(false, null);

  public ResultsOptions {
    if (dimension != null && dimension.isBlank()) {
      throw new IllegalArgumentException("dimension must not be blank");
    }
  }

  /** These options with the goal over time, or without. */
  public ResultsOptions withTimeseries(boolean on) {
    return new ResultsOptions(on, dimension);
  }

  /** These options with a breakdown by {@code dimension} ({@code null}: none). */
  public ResultsOptions withDimension(@Nullable String dimension) {
    return new ResultsOptions(timeseries, dimension);
  }
}
