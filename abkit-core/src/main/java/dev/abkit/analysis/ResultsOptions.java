package dev.abkit.analysis;

/**
 * What results include beyond the snapshot: {@code ?timeseries=true} at the results endpoint,
 * {@code --timeseries} in the CLI.
 *
 * @param timeseries whether each experiment's result carries its goal over time ({@link
 *     Timeseries}), one more aggregate read per experiment
 */
public record ResultsOptions(boolean timeseries) {
  /** The snapshot only. */
  public static final ResultsOptions SNAPSHOT = new ResultsOptions(false);

  /** These options with the goal over time. */
  public ResultsOptions withTimeseries(boolean on) {
    return new ResultsOptions(on);
  }
}
