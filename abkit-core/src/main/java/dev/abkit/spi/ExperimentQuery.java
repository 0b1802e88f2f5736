package dev.abkit.spi;

import java.util.List;
import java.util.Objects;

/**
 * What to read back for one experiment.
 *
 * @param experiment the experiment id
 * @param metrics event names whose per-unit statistics are wanted (target event first)
 */
public record ExperimentQuery(String experiment, List<String> metrics) {
  public ExperimentQuery {
    Objects.requireNonNull(experiment, "experiment");
    metrics = List.copyOf(metrics);
  }
}
