package dev.abkit.internal.store;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.VariantData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes {@link ExperimentData} from a stream of records, applying the store semantics on read:
 * one exposure per (experiment, unit), the earliest {@code ts} kept (ties: the first seen); one
 * event per id, the first seen kept. Per variant it counts exposed units and, for each queried
 * metric, the units with at least one event of that name at or after their first exposure, and the
 * sum and sum of squares of those units' totals (an event's amount is its value, or 1), shifted by
 * a per-metric pilot value for numeric stability.
 *
 * <p>Used by the file store and the in-memory store; not thread-safe (one per read).
 */
public final class ExperimentAggregator {
  private final ExperimentQuery query;
  private final Set<String> metrics;
  private final Map<String, Exposure> exposures = new HashMap<>();
  private final Map<String, Event> events = new HashMap<>();

  public ExperimentAggregator(ExperimentQuery query) {
    this.query = query;
    this.metrics = new HashSet<>(query.metrics());
  }

  /** Takes one record; records of other experiments and metrics are ignored. */
  public void accept(Observation o) {
    if (o instanceof Exposure) {
      Exposure x = (Exposure) o;
      if (x.experiment().equals(query.experiment())) {
        exposures.merge(x.unit(), x, (old, neu) -> neu.time().isBefore(old.time()) ? neu : old);
      }
    } else {
      Event e = (Event) o;
      if (metrics.contains(e.name())) {
        events.putIfAbsent(e.id(), e);
      }
    }
  }

  /** The statistics of everything accepted so far. */
  public ExperimentData result() {
    // variant -> metric -> unit -> total
    Map<String, Map<String, Map<String, Double>>> totals = new HashMap<>();
    Map<String, Long> exposed = new LinkedHashMap<>();
    for (Exposure x : exposures.values()) {
      exposed.merge(x.variant(), 1L, Long::sum);
    }
    for (Event e : events.values()) {
      Exposure x = exposures.get(e.unit());
      if (x == null || e.time().isBefore(x.time())) {
        continue; // not exposed, or acted before being shown anything: not attributable
      }
      totals
          .computeIfAbsent(x.variant(), k -> new HashMap<>())
          .computeIfAbsent(e.name(), k -> new HashMap<>())
          .merge(e.unit(), e.amount(), Double::sum);
    }
    Map<String, Double> pilots = pilots(totals);
    List<VariantData> variants = new ArrayList<>();
    List<String> keys = new ArrayList<>(exposed.keySet());
    keys.sort(null);
    for (String v : keys) {
      Map<String, MetricData> m = new HashMap<>();
      for (var byMetric : totals.getOrDefault(v, Map.of()).entrySet()) {
        double shift = pilots.get(byMetric.getKey());
        double sum = 0;
        double sumSq = 0;
        for (double t : byMetric.getValue().values()) {
          double d = t - shift;
          sum += d;
          sumSq += d * d;
        }
        m.put(byMetric.getKey(), new MetricData(byMetric.getValue().size(), shift, sum, sumSq));
      }
      variants.add(new VariantData(v, exposed.get(v), m));
    }
    return new ExperimentData(query.experiment(), variants);
  }

  /**
   * Per metric, the pilot value its sums are shifted by (see {@link MetricData}): one unit's value,
   * the same in every variant, so the variance is computed from small numbers when the values are
   * large but close together.
   */
  private static Map<String, Double> pilots(Map<String, Map<String, Map<String, Double>>> totals) {
    Map<String, Double> pilots = new HashMap<>();
    List<String> variants = new ArrayList<>(totals.keySet());
    variants.sort(null); // deterministic: the same data gives the same (last-bit) sums
    for (String v : variants) {
      for (var byMetric : totals.get(v).entrySet()) {
        if (!pilots.containsKey(byMetric.getKey()) && !byMetric.getValue().isEmpty()) {
          String unit = Collections.min(byMetric.getValue().keySet());
          pilots.put(byMetric.getKey(), byMetric.getValue().get(unit));
        }
      }
    }
    return pilots;
  }
}
