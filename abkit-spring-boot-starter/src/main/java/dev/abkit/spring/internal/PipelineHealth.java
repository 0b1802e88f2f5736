package dev.abkit.spring.internal;

import dev.abkit.AbKit;
import dev.abkit.pipeline.PipelineMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code abkit} health check, free of Actuator types so that Boot 4's and Boot 3's health
 * indicators share it.
 *
 * <p>{@code UP}: the store answered a ping. {@code DOWN}: it did not, so the pipeline is keeping
 * records in its local journal (or, without one, dropping them); the details say how much waits.
 * Without a store ({@code abkit.store.type=none}) abkit records nothing and is UP.
 *
 * @param status {@code UP} or {@code DOWN}
 * @param details what the pipeline holds and, when down, why
 */
public record PipelineHealth(String status, Map<String, Object> details) {

  /** Checks now: pings the store (bounded by the DataSource's connection timeout). */
  public static PipelineHealth check(AbKit abkit, AbKitStore store) {
    Map<String, Object> d = new LinkedHashMap<>();
    PipelineMetrics m = abkit.metrics();
    d.put(
        "store", store == null ? "custom" : store.type().name().toLowerCase(java.util.Locale.ROOT));
    d.put("queueDepth", m.queueDepth());
    d.put("journalBytes", m.journalBytes());
    d.put("written", m.written());
    d.put("spilled", m.spilled());
    d.put("replayed", m.replayed());
    d.put("dropped", m.dropped());
    d.put("quarantined", m.quarantined());
    d.put("skipped", m.skipped());
    if (store == null || store.events() == null) {
      return new PipelineHealth("UP", d);
    }
    try {
      store.events().ping();
    } catch (Exception e) {
      d.put(
          "pipeline",
          m.journalBytes() > 0 || m.spilled() > 0 ? "journaling" : "waiting for the store");
      d.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
      return new PipelineHealth("DOWN", d);
    }
    d.put("pipeline", m.journalBytes() > 0 ? "replaying the journal" : "writing to the store");
    return new PipelineHealth("UP", d);
  }
}
