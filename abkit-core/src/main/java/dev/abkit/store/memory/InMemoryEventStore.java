package dev.abkit.store.memory;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.internal.store.ExperimentAggregator;
import dev.abkit.spi.EventStore;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link EventStore} in memory, with the SPI's semantics: an exposure is unique on (experiment,
 * unit), the first written kept; an event is unique on its id, the first written kept. Reads back
 * ({@link #read}, {@link #exposures()}, {@link #events()}), so tests can assert on what a pipeline
 * stored.
 *
 * <p>Thread-safe. Records are kept in write order.
 */
public final class InMemoryEventStore implements EventStore {
  private record Key(String experiment, String unit) {}

  private final Map<Key, Exposure> exposureKeys = new ConcurrentHashMap<>();
  private final Map<String, Event> eventIds = new ConcurrentHashMap<>();
  private final List<Observation> log = new ArrayList<>();

  /** An empty store. */
  public InMemoryEventStore() {}

  @Override
  public void write(List<Observation> batch) {
    Objects.requireNonNull(batch, "batch");
    synchronized (log) {
      for (Observation o : batch) {
        if (o instanceof Exposure) {
          Exposure x = (Exposure) o;
          if (exposureKeys.putIfAbsent(new Key(x.experiment(), x.unit()), x) == null) {
            log.add(x);
          }
        } else {
          Event e = (Event) o;
          if (eventIds.putIfAbsent(e.id(), e) == null) {
            log.add(e);
          }
        }
      }
    }
  }

  @Override
  public ExperimentData read(ExperimentQuery query) {
    ExperimentAggregator agg = new ExperimentAggregator(Objects.requireNonNull(query, "query"));
    for (Observation o : all()) {
      agg.accept(o);
    }
    return agg.result();
  }

  /** Every stored record (one per key), in write order; a snapshot copy. */
  public List<Observation> all() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** The stored exposures in write order; a snapshot copy. */
  public List<Exposure> exposures() {
    List<Exposure> out = new ArrayList<>();
    for (Observation o : all()) {
      if (o instanceof Exposure) {
        out.add((Exposure) o);
      }
    }
    return out;
  }

  /** The stored events in write order; a snapshot copy. */
  public List<Event> events() {
    List<Event> out = new ArrayList<>();
    for (Observation o : all()) {
      if (o instanceof Event) {
        out.add((Event) o);
      }
    }
    return out;
  }

  /** How many records are stored. */
  public int size() {
    synchronized (log) {
      return log.size();
    }
  }

  /** Removes everything. */
  public void clear() {
    synchronized (log) {
      log.clear();
      exposureKeys.clear();
      eventIds.clear();
    }
  }
}
