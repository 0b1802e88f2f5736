package dev.abkit.internal.engine;

import dev.abkit.Assignment;
import dev.abkit.Reason;
import dev.abkit.internal.bucketing.Allocation;
import dev.abkit.internal.bucketing.GroupGate;
import dev.abkit.internal.condition.Condition;
import dev.abkit.internal.hashing.UnitHash;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Status;
import dev.abkit.manifest.Variant;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One experiment compiled for the request path: hash, ranges, group gate, override table, and every
 * {@link Assignment} it can return, built once so that evaluation allocates nothing. The targeting
 * condition is compiled on first use (and only when the experiment has targeting). Immutable apart
 * from that lazily set, idempotent field; thread-safe.
 */
final class CompiledExperiment {
  final String id;
  final String salt;
  final boolean running;
  final long startMillis; // inclusive, Long.MIN_VALUE when open
  final long endMillis; // exclusive, Long.MAX_VALUE when open
  final UnitHash hash;
  final Allocation allocation;
  final GroupGate group; // null when the experiment has no exclusion group
  final String[] variantKeys;
  final Map<String, Integer> variantIndex;
  final Assignment[] hashed;
  final Assignment[] sticky;
  // Engine looks a unit up in the manifest's overrides first and in the builder's forced variants
  // only when it has none there, so the manifest wins a tie (the same unit in both)
  final Map<String, Assignment> overrides;
  final Map<String, Assignment> forced;
  final List<String> dimensions;
  private final EnumMap<Reason, Assignment> notEnrolled = new EnumMap<>(Reason.class);
  private final Map<String, Object> targeting;
  private volatile Condition condition;

  CompiledExperiment(Experiment e, Map<String, String> forcedUnits) {
    this.id = e.id();
    this.salt = e.salt();
    this.running = e.status() == Status.RUNNING;
    this.dimensions = e.dimensions();
    this.startMillis = e.startAt() == null ? Long.MIN_VALUE : ceilMillis(e.startAt());
    this.endMillis = e.endAt() == null ? Long.MAX_VALUE : ceilMillis(e.endAt());
    this.hash = UnitHash.of(e.hash(), e.salt());
    this.allocation = Allocation.of(e);
    this.group = e.exclusionGroup() == null ? null : GroupGate.of(e.exclusionGroup(), e.hash());
    List<Variant> vs = e.variants();
    int n = vs.size();
    variantKeys = new String[n];
    variantIndex = new HashMap<>();
    hashed = new Assignment[n];
    sticky = new Assignment[n];
    Assignment[] override = new Assignment[n];
    Map<String, Object> controlConfig = null;
    for (int i = 0; i < n; i++) {
      Variant v = vs.get(i);
      Map<String, Object> config = ConfigMerge.merge(e.config(), v.config());
      variantKeys[i] = v.key();
      variantIndex.put(v.key(), i);
      hashed[i] = new Assignment(id, v.key(), v.key(), Reason.HASHED, config);
      sticky[i] = new Assignment(id, v.key(), v.key(), Reason.STICKY, config);
      override[i] = new Assignment(id, v.key(), v.key(), Reason.OVERRIDE, config);
      if (v.key().equals(e.control())) {
        controlConfig = config;
      }
    }
    for (Reason r : Reason.values()) {
      if (!r.enrolled() && r != Reason.UNKNOWN_EXPERIMENT) {
        notEnrolled.put(r, new Assignment(id, null, e.control(), r, controlConfig));
      }
    }
    this.overrides = unitTable(e.overrides(), override, "overrides");
    this.forced = unitTable(forcedUnits, override, "forced variants");
    this.targeting = e.targeting();
  }

  private Map<String, Assignment> unitTable(
      Map<String, String> units, Assignment[] override, String what) {
    if (units == null || units.isEmpty()) {
      return Map.of();
    }
    Map<String, Assignment> table = new HashMap<>();
    units.forEach(
        (unit, key) -> {
          Integer i = variantIndex.get(key);
          if (i == null) {
            Engine.LOG.warn(
                "experiment {}: {} of unit {} names unknown variant {}; ignored",
                id,
                what,
                unit,
                key);
          } else {
            table.put(unit, override[i]);
          }
        });
    return Map.copyOf(table);
  }

  /** The prebuilt not-enrolled assignment for {@code reason} (control served). */
  Assignment notEnrolled(Reason reason) {
    return notEnrolled.get(reason);
  }

  /** Whether {@code nowMillis} lies in {@code [start_at, end_at)}. */
  boolean inWindow(long nowMillis) {
    return nowMillis >= startMillis && nowMillis < endMillis;
  }

  boolean hasWindow() {
    return startMillis != Long.MIN_VALUE || endMillis != Long.MAX_VALUE;
  }

  boolean hasTargeting() {
    return !targeting.isEmpty();
  }

  /** The compiled targeting condition (compiled on first call). */
  Condition condition() {
    Condition c = condition;
    if (c == null) {
      c = Condition.compile(targeting);
      condition = c;
    }
    return c;
  }

  /**
   * An instant in epoch millis rounded up, so that for a millisecond clock {@code now >= instant}
   * iff {@code nowMillis >= ceilMillis(instant)}.
   */
  private static long ceilMillis(Instant t) {
    long ms = t.getEpochSecond() * 1000 + t.getNano() / 1_000_000;
    return t.getNano() % 1_000_000 == 0 ? ms : ms + 1;
  }
}
