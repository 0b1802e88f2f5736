package dev.abkit.analysis;

import dev.abkit.manifest.Experiment;

/** Turns sufficient statistics into results. Placeholder: the analysis work implements it. */
public final class Analyzer {
  private Analyzer() {}

  /** Analyzes one experiment's data against its manifest entry. */
  public static ExperimentResult analyze(Experiment experiment, ExperimentData data) {
    throw new UnsupportedOperationException("implemented by the analysis work");
  }
}
