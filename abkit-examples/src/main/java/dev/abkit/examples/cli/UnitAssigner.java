package dev.abkit.examples.cli;

import dev.abkit.AbKit;
import dev.abkit.Assignment;
import dev.abkit.Unit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assigns a unit in every experiment of the manifest, running or not: unlike {@link
 * AbKit#assignAll}, drafts and stopped experiments appear too (with reason {@code not_running}), so
 * the CLI answers "why is this unit not in X?".
 */
final class UnitAssigner {
  private UnitAssigner() {}

  static Map<String, Assignment> assign(AbKit abkit, List<String> experiments, Unit unit) {
    Map<String, Assignment> all = new LinkedHashMap<>(experiments.size() * 2);
    for (String e : experiments) {
      all.put(e, abkit.assign(e, unit));
    }
    return all;
  }
}
