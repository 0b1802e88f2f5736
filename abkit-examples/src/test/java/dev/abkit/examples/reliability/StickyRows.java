package dev.abkit.examples.reliability;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sticky assignments a scenario left in the assignments table, against the exposures it saw
 * acknowledged. Rows arrive after the request that assigned (the store is consulted off the request
 * thread and answers in the background), so {@link #settled} waits until the count stops growing.
 *
 * @param rows assignment rows
 * @param perExperiment rows per experiment
 * @param mismatched rows whose variant differs from the variant the page served that unit
 * @param foreign rows for a unit no page was served to
 */
record StickyRows(long rows, Map<String, Long> perExperiment, long mismatched, long foreign) {

  /** Reads the table once its row count has held still for a second (at most {@code max}). */
  static StickyRows settled(String prefix, Map<String, String> ackedExposures, Duration max)
      throws SQLException, InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    Map<String, String> rows = Postgres.assignmentVariants(prefix);
    while (System.nanoTime() < end) {
      Thread.sleep(1000);
      Map<String, String> again = Postgres.assignmentVariants(prefix);
      if (again.size() == rows.size()) {
        break;
      }
      rows = again;
    }
    Set<String> units = new HashSet<>();
    for (String key : ackedExposures.keySet()) {
      units.add(unit(key));
    }
    long mismatched = 0;
    long foreign = 0;
    Map<String, Long> perExperiment = new TreeMap<>();
    for (Map.Entry<String, String> e : rows.entrySet()) {
      perExperiment.merge(e.getKey().substring(0, e.getKey().indexOf('/')), 1L, Long::sum);
      String served = ackedExposures.get(e.getKey());
      if (!units.contains(unit(e.getKey()))) {
        foreign++;
      } else if (served != null && !served.equals(e.getValue())) {
        mismatched++;
      }
    }
    return new StickyRows(rows.size(), perExperiment, mismatched, foreign);
  }

  private static String unit(String experimentSlashUnit) {
    return experimentSlashUnit.substring(experimentSlashUnit.indexOf('/') + 1);
  }

  /** The figures for the {@code [reliability]} line. */
  String describe() {
    return "assignments=" + rows + perExperiment + " assignmentMismatches=" + mismatched;
  }
}
