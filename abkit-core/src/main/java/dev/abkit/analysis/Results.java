package dev.abkit.analysis;

import java.util.List;
import java.util.Optional;

/**
 * Results of several experiments: the results JSON's top level. Render with {@link ResultsFormat}.
 */
public record Results(List<ExperimentResult> experiments) {
  public Results {
    experiments = List.copyOf(experiments);
  }

  /** The result of one experiment. */
  public Optional<ExperimentResult> experiment(String id) {
    return experiments.stream().filter(e -> e.id().equals(id)).findFirst();
  }
}
