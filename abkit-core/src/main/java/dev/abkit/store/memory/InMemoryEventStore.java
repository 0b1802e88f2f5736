package dev.abkit.store.memory;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.internal.store.ExperimentAggregator;
import dev.abkit.spi.DailyData;
import dev.abkit.spi.EventStore;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An {@link EventStore} in memory, with the SPI's semantics: per (experiment, unit, variant) the
 * earliest exposure is kept (so a unit exposed to two variants keeps one of each, and reads exclude
 * it); an event is unique on (unit, id), the first written kept. Reads back ({@link #read}, {@link
 * #exposures()}, {@link #events()}), so tests can assert on what a pipeline stored.
 *
 * <p>Thread-safe. Records are kept in the order their keys were first written.
 */
public final class InMemoryEventStore implements EventStore {
  private record ExposureKey(String experiment, String unit, String variant) {}

  private record EventKey(String unit, String id) {}

  private final Map<Object, Observation> records = new LinkedHashMap<>();

  /** An empty store. */
  public InMemoryEventStore() {}

  @Override
  public void write(List<Observation> batch) {
    Objects.requireNonNull(batch, "batch");
    synchronized (records) {
      for (Observation o : batch) {
        if (o instanceof Exposure x) {
          records.merge(
              new ExposureKey(x.experiment(), x.unit(), x.variant()),
              x,
              (old, neu) -> earliest((Exposure) old, (Exposure) neu));
        } else if (o instanceof Event e) {
          records.putIfAbsent(new EventKey(e.unit(), e.id()), e);
        }
      }
    }
  }

  /**
   * The earlier of two exposures of one unit and variant, with the attribute values received first
   * (the stored ones), whichever exposure is earlier.
   */
  private static Exposure earliest(Exposure stored, Exposure received) {
    Map<String, String> attributes = new TreeMap<>(received.attributes());
    attributes.putAll(stored.attributes());
    Exposure first = received.time().isBefore(stored.time()) ? received : stored;
    return attributes.equals(first.attributes())
        ? first
        : new Exposure(first.unit(), first.experiment(), first.variant(), first.time(), attributes);
  }

  @Override
  public ExperimentData read(ExperimentQuery query) {
    ExperimentAggregator agg = new ExperimentAggregator(Objects.requireNonNull(query, "query"));
    for (Observation o : all()) {
      agg.accept(o);
    }
    return agg.result(0);
  }

  @Override
  public List<DailyData> readDaily(ExperimentQuery query, String metric) {
    ExperimentAggregator agg = new ExperimentAggregator(Objects.requireNonNull(query, "query"));
    for (Observation o : all()) {
      agg.accept(o);
    }
    return agg.daily(metric);
  }

  /** Every stored record (one per key), in first-write order; a snapshot copy. */
  public List<Observation> all() {
    synchronized (records) {
      return List.copyOf(records.values());
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
    synchronized (records) {
      return records.size();
    }
  }

  /** Removes everything. */
  public void clear() {
    synchronized (records) {
      records.clear();
    }
  }
}
