package dev.abkit.spring.internal;

import dev.abkit.AbKit;
import dev.abkit.pipeline.PipelineMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code abkit} health check: the store's reachability and the pipeline's counters, mapped to
 * one status.
 *
 * <ul>
 *   <li>{@code DOWN}: the store does not answer a ping. The pipeline keeps what arrives in its
 *       local journal (or, without one, drops it) until the store is back: nothing recorded now
 *       reaches the store, the same outage Boot's own {@code db} check reports as DOWN.
 *   <li>{@code OUT_OF_SERVICE}: the store answers, but it refused records as bad data that the
 *       pipeline quarantined (dead-letter file) within the last {@link #QUARANTINE_WINDOW}: abkit
 *       records, but some records are being set aside and need someone to look at them. Less severe
 *       than DOWN, so an outage wins when both hold.
 *   <li>{@code UP}: otherwise, also while the journal is replayed after an outage.
 * </ul>
 *
 * <p>{@code quarantined} is a total since start, so "within the window" is measured from the check
 * that first saw the total grow: a check remembers the total and when it last rose. Without a store
 * ({@code abkit.store.type=none}) nothing is recorded and the check is UP.
 *
 * <p>Thread-safe: Actuator may run checks concurrently.
 */
public final class PipelineHealthCheck {
  /** How long a quarantined record keeps the status at OUT_OF_SERVICE. */
  public static final Duration QUARANTINE_WINDOW = Duration.ofMinutes(10);

  private final AbKit abkit;
  private final AbKitStore store; // null when the application declared its own AbKit
  private final Clock clock;

  // guarded by this
  private long quarantinedSeen;
  private Instant quarantineSeenAt;

  /**
   * @param store the store the starter opened, or {@code null} for an application's own AbKit bean
   *     (then only the pipeline's counters are checked)
   */
  public PipelineHealthCheck(AbKit abkit, AbKitStore store, Clock clock) {
    this.abkit = abkit;
    this.store = store;
    this.clock = clock;
  }

  /** Checks now: pings the store (bounded by the DataSource's connection timeout). */
  public PipelineHealth check() {
    Map<String, Object> d = new LinkedHashMap<>();
    PipelineMetrics m = abkit.metrics();
    d.put("store", store == null ? "custom" : store.kind());
    d.put("queueDepth", m.queueDepth());
    d.put("journalBytes", m.journalBytes());
    d.put("written", m.written());
    d.put("spilled", m.spilled());
    d.put("replayed", m.replayed());
    d.put("dropped", m.dropped());
    d.put("quarantined", m.quarantined());
    d.put("skipped", m.skipped());
    Instant lastQuarantine = sawQuarantine(m.quarantined());
    if (store != null && store.events() == null) {
      d.put("pipeline", "not recording (abkit.store.type=none)");
      return new PipelineHealth(PipelineHealth.UP, d);
    }
    if (store != null) {
      try {
        store.events().ping();
      } catch (Exception e) {
        d.put("pipeline", m.dropped() > 0 && m.journalBytes() == 0 ? "dropping" : "journaling");
        d.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
        return new PipelineHealth(PipelineHealth.DOWN, d);
      }
    }
    if (lastQuarantine != null
        && clock.instant().isBefore(lastQuarantine.plus(QUARANTINE_WINDOW))) {
      d.put("pipeline", "quarantining records the store refused (see dead-letter.jsonl)");
      d.put("lastQuarantineSeen", lastQuarantine.toString());
      return new PipelineHealth(PipelineHealth.OUT_OF_SERVICE, d);
    }
    d.put("pipeline", m.journalBytes() > 0 ? "replaying the journal" : "writing to the store");
    return new PipelineHealth(PipelineHealth.UP, d);
  }

  /** Remembers when the quarantined total last rose; returns that time, or null if never. */
  private synchronized Instant sawQuarantine(long quarantined) {
    if (quarantined > quarantinedSeen) {
      quarantinedSeen = quarantined;
      quarantineSeenAt = clock.instant();
    }
    return quarantineSeenAt;
  }
}
