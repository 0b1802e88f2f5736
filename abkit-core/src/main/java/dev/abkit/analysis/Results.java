package dev.abkit.analysis;

import java.util.List;

/** Results of several experiments: the results JSON's top level. */
public record Results(List<ExperimentResult> experiments) {
  public Results {
    experiments = List.copyOf(experiments);
  }
}
