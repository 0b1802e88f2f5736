package dev.abkit.manifest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed and validated set of experiments: an immutable snapshot.
 *
 * @param experiments experiments in manifest order, ids unique
 * @param warnings survivable problems (unknown fields and the like)
 */
public record Manifest(List<Experiment> experiments, List<Problem> warnings) {
  public Manifest {
    experiments = List.copyOf(experiments);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    Map<String, Experiment> seen = new LinkedHashMap<>();
    for (Experiment e : experiments) {
      if (seen.put(e.id(), e) != null) {
        throw new IllegalArgumentException("duplicate experiment id " + e.id());
      }
    }
  }

  /** A manifest of these experiments, with no warnings. */
  public static Manifest of(Experiment... experiments) {
    return new Manifest(List.of(experiments), List.of());
  }

  /** The experiment with this id. */
  public Optional<Experiment> experiment(String id) {
    return experiments.stream().filter(e -> e.id().equals(id)).findFirst();
  }
}
