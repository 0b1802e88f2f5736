package dev.abkit.examples.reliability;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a scenario acknowledged against what the store holds, counted row by row by key, and the one
 * line of figures each scenario prints: {@code [reliability] <scenario>: requests=..
 * acknowledged=.. stored=.. lost=.. duplicates=.. p99=..ms}.
 *
 * @param acknowledged records the server acknowledged (exposures + events)
 * @param stored acknowledged records found in the store
 * @param lost acknowledged records not in the store
 * @param duplicates rows beyond the first for any key (an exposure's experiment+unit, an event id)
 * @param unexpected stored keys nobody acknowledged (e.g. in flight when a process died)
 * @param wrongVariant acknowledged exposures stored with another variant than the page served
 */
record Figures(
    long acknowledged,
    long stored,
    long lost,
    long duplicates,
    long unexpected,
    long wrongVariant) {

  /** Compares what {@code load} saw acknowledged with the tables under {@code prefix}. */
  static Figures check(String prefix, Set<String> ackedEvents, Map<String, String> ackedExposures)
      throws SQLException {
    Map<String, Integer> events = Postgres.eventRows(prefix);
    Map<String, Integer> exposures = Postgres.exposureRows(prefix);
    Map<String, String> variants =
        ackedExposures.isEmpty() ? new HashMap<>() : Postgres.exposureVariants(prefix);
    long stored = 0;
    long duplicates = 0;
    long wrongVariant = 0;
    for (String id : ackedEvents) {
      if (events.containsKey(id)) {
        stored++;
      }
    }
    for (Map.Entry<String, String> e : ackedExposures.entrySet()) {
      if (exposures.containsKey(e.getKey())) {
        stored++;
        if (!e.getValue().equals(variants.get(e.getKey()))) {
          wrongVariant++;
        }
      }
    }
    for (int rows : events.values()) {
      duplicates += rows - 1;
    }
    for (int rows : exposures.values()) {
      duplicates += rows - 1;
    }
    long unexpected =
        events.keySet().stream().filter(k -> !ackedEvents.contains(k)).count()
            + exposures.keySet().stream().filter(k -> !ackedExposures.containsKey(k)).count();
    long acknowledged = (long) ackedEvents.size() + ackedExposures.size();
    return new Figures(
        acknowledged, stored, acknowledged - stored, duplicates, unexpected, wrongVariant);
  }

  /** Prints and returns the scenario's line of figures; {@code extra} is appended as is. */
  String print(String scenario, long requests, double p99Millis, String extra) {
    String line =
        String.format(
            Locale.ROOT,
            "[reliability] %s: requests=%d acknowledged=%d stored=%d lost=%d duplicates=%d"
                + " p99=%.1fms%s",
            scenario,
            requests,
            acknowledged,
            stored,
            lost,
            duplicates,
            p99Millis,
            extra == null || extra.isEmpty() ? "" : " " + extra);
    System.out.println(line);
    return line;
  }
}
