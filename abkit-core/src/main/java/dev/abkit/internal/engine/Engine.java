package dev.abkit.internal.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.abkit.Assignment;
import dev.abkit.Reason;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Manifest;
import dev.abkit.spi.AssignmentStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assignment engine: each {@link Manifest} is compiled into an immutable snapshot (ranges,
 * hashes, override tables and every possible {@link Assignment}) held in an {@link AtomicReference}
 * and read once per call, so readers see the old or the new manifest, never a mix.
 *
 * <p>Order of checks (DESIGN.md section 2): unknown experiment ({@link Reason#UNKNOWN_EXPERIMENT})
 * → status not running ({@link Reason#NOT_RUNNING}) → outside {@code [start_at, end_at)} by the
 * injected clock ({@link Reason#OUTSIDE_WINDOW}) → null or blank unit id ({@link
 * Reason#INVALID_UNIT}) → the manifest's {@code overrides}, then the builder's forced variants
 * ({@link Reason#OVERRIDE}) → targeting ({@link Reason#TARGETING_MISMATCH}) → exclusion group
 * ({@link Reason#EXCLUSION_GROUP}) → hash and ranges ({@link Reason#NOT_IN_TRAFFIC} outside every
 * range) → sticky store.
 *
 * <p>The sticky store is called off the request thread ({@link StickyLookups}): a request waits at
 * most the sticky timeout (default 50 ms), then gets the hashed variant while the store call goes
 * on and fills the cache when it answers.
 *
 * <p>Sticky assignment: the store's {@code getOrPut} has no read-only form, so it is consulted once
 * the hash has chosen a variant, proposing that variant: the stored variant wins. The reason is
 * {@link Reason#STICKY} when the stored variant differs from the one hashed now (an earlier
 * assignment outlived a weight change) and {@link Reason#HASHED} when they agree. A unit outside
 * traffic is not enrolled and is not stored. A Caffeine cache (100k entries) keyed by (experiment,
 * salt, unit) sits in front of the store; a new salt misses it and the store replaces the old
 * entry, so changing the salt re-randomizes. A store failure serves the hashed variant, logged once
 * per experiment a minute; a stored variant that the manifest no longer has is also replaced by the
 * hashed one.
 *
 * <p>{@link #assign} never throws: any failure yields {@link Reason#ERROR} with control served.
 * Without a store, an assignment allocates nothing beyond what hashing needs. Thread-safe.
 */
public final class Engine {
  static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  /** How long a request waits for the sticky store by default. */
  public static final Duration DEFAULT_STICKY_TIMEOUT = Duration.ofMillis(50);

  /** Sticky cache size, in (experiment, salt, unit) entries. */
  static final int STICKY_CACHE_SIZE = 100_000;

  private final Clock clock;
  private final AssignmentStore store;
  private final Cache<StickyKey, String> stickyCache;
  private final StickyLookups lookups;
  private final Map<String, Map<String, String>> forced;
  private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
  private final FailureLog failures = new FailureLog(LOG);

  /**
   * @param manifest the initial manifest
   * @param clock time source for windows
   * @param sticky sticky assignment store, or {@code null}
   * @param forced experiment id to (unit id to variant key): forced variants for tests
   */
  public Engine(
      Manifest manifest,
      Clock clock,
      AssignmentStore sticky,
      Map<String, Map<String, String>> forced) {
    this(manifest, clock, sticky, forced, DEFAULT_STICKY_TIMEOUT);
  }

  /**
   * @param stickyTimeout how long a request waits for the sticky store before it is served the
   *     hashed variant (the store call goes on in the background)
   */
  public Engine(
      Manifest manifest,
      Clock clock,
      AssignmentStore sticky,
      Map<String, Map<String, String>> forced,
      Duration stickyTimeout) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.store = sticky;
    this.stickyCache =
        sticky == null ? null : Caffeine.newBuilder().maximumSize(STICKY_CACHE_SIZE).build();
    this.lookups = sticky == null ? null : new StickyLookups(sticky, stickyTimeout, stickyCache);
    Map<String, Map<String, String>> f = new HashMap<>();
    if (forced != null) {
      forced.forEach((exp, units) -> f.put(exp, Map.copyOf(units)));
    }
    this.forced = Map.copyOf(f);
    update(manifest);
  }

  /** Swaps in a new manifest; callers see the old or the new one, never a mix. */
  public void update(Manifest manifest) {
    snapshot.set(new Snapshot(Objects.requireNonNull(manifest, "manifest"), forced));
  }

  /** The current manifest. */
  public Manifest manifest() {
    return snapshot.get().manifest;
  }

  /**
   * The unit's assignment in {@code experiment}. Never throws. An unknown (or {@code null})
   * experiment id gives {@link Reason#UNKNOWN_EXPERIMENT} with nothing served (experiment id {@code
   * ""} when it was {@code null}). {@code attributes} are what targeting reads; the unit id is not
   * added to them.
   */
  public Assignment assign(String experiment, String unit, Map<String, Object> attributes) {
    Snapshot s = snapshot.get();
    CompiledExperiment c = experiment == null ? null : s.byId.get(experiment);
    if (c == null) {
      return new Assignment(
          experiment == null ? "" : experiment, null, null, Reason.UNKNOWN_EXPERIMENT, Map.of());
    }
    return evaluate(c, unit, attributes);
  }

  /**
   * The values of {@code experiment}'s dimensions among a unit's {@code attributes}, as an exposure
   * records them ({@link ExposureAttributes}); empty for an unknown experiment or one without
   * dimensions.
   */
  public Map<String, String> exposureAttributes(String experiment, Map<String, Object> attributes) {
    CompiledExperiment c = snapshot.get().byId.get(experiment);
    return c == null ? Map.of() : ExposureAttributes.of(c.dimensions, attributes);
  }

  /**
   * Every running experiment's assignment (not-enrolled ones included), keyed by experiment id in
   * manifest order; unmodifiable. Never throws.
   */
  public Map<String, Assignment> assignAll(String unit, Map<String, Object> attributes) {
    Snapshot s = snapshot.get();
    CompiledExperiment[] running = s.running;
    Assignment[] values = new Assignment[running.length];
    for (int i = 0; i < running.length; i++) {
      values[i] = evaluate(running[i], unit, attributes);
    }
    return new AssignmentMap(s.runningIds, s.runningIndex, values);
  }

  private Assignment evaluate(CompiledExperiment c, String unit, Map<String, Object> attributes) {
    try {
      return decide(c, unit, attributes);
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw (VirtualMachineError) e;
      }
      failures.warn(
          "assign:" + c.id,
          "abkit: assigning in experiment " + c.id + " failed; serving control",
          e);
      return c.notEnrolled(Reason.ERROR);
    }
  }

  private Assignment decide(CompiledExperiment c, String unit, Map<String, Object> attributes) {
    if (!c.running) {
      return c.notEnrolled(Reason.NOT_RUNNING);
    }
    if (c.hasWindow() && !c.inWindow(clock.millis())) {
      return c.notEnrolled(Reason.OUTSIDE_WINDOW);
    }
    if (unit == null
        || unit.isEmpty()
        || Character.isWhitespace(unit.charAt(0)) && unit.isBlank()) {
      return c.notEnrolled(Reason.INVALID_UNIT);
    }
    Assignment overridden = c.overrides.isEmpty() ? null : c.overrides.get(unit);
    if (overridden == null && !c.forced.isEmpty()) {
      overridden = c.forced.get(unit);
    }
    if (overridden != null) {
      return overridden;
    }
    if (c.hasTargeting() && !c.condition().test(attributes == null ? Map.of() : attributes)) {
      return c.notEnrolled(Reason.TARGETING_MISMATCH);
    }
    if (c.group != null && !c.group.admits(unit)) {
      return c.notEnrolled(Reason.EXCLUSION_GROUP);
    }
    int v = c.allocation.variantOf(c.hash.unitInterval(unit));
    if (v < 0) {
      return c.notEnrolled(Reason.NOT_IN_TRAFFIC);
    }
    return store == null ? c.hashed[v] : sticky(c, unit, v);
  }

  private Assignment sticky(CompiledExperiment c, String unit, int hashed) {
    StickyKey key = new StickyKey(c.id, c.salt, unit);
    String stored = stickyCache.getIfPresent(key);
    if (stored == null) {
      try {
        stored = lookups.getOrPut(key, c.variantKeys[hashed]);
      } catch (Exception e) {
        failures.warn(
            "store:" + c.id,
            "abkit: assignment store failed for experiment "
                + c.id
                + "; serving the hashed variant",
            e);
        return c.hashed[hashed];
      }
      if (stored == null) {
        failures.warn(
            "store-slow:" + c.id,
            "abkit: assignment store did not answer within the sticky timeout (or returned null)"
                + " for experiment "
                + c.id
                + "; serving the hashed variant, the sticky record is written when it answers",
            null);
        return c.hashed[hashed];
      }
      stickyCache.put(key, stored);
    }
    Integer i = c.variantIndex.get(stored);
    if (i == null) {
      failures.warn(
          "store-unknown:" + c.id,
          "abkit: stored variant "
              + stored
              + " is not a variant of "
              + c.id
              + "; serving the"
              + " hashed variant",
          null);
      return c.hashed[hashed];
    }
    return i == hashed ? c.hashed[hashed] : c.sticky[i];
  }

  record StickyKey(String experiment, String salt, String unit) {}

  /** Stops the sticky store's background lookups. */
  public void close() {
    if (lookups != null) {
      lookups.close();
    }
  }

  /** A compiled manifest. Immutable. */
  private static final class Snapshot {
    final Manifest manifest;
    final Map<String, CompiledExperiment> byId;
    final CompiledExperiment[] running;
    final String[] runningIds;
    final Map<String, Integer> runningIndex;

    Snapshot(Manifest manifest, Map<String, Map<String, String>> forced) {
      this.manifest = manifest;
      Map<String, CompiledExperiment> all = new HashMap<>();
      List<CompiledExperiment> run = new java.util.ArrayList<>();
      for (Experiment e : manifest.experiments()) {
        CompiledExperiment c = new CompiledExperiment(e, forced.get(e.id()));
        all.put(e.id(), c);
        if (c.running) {
          run.add(c);
        }
      }
      this.byId = Map.copyOf(all);
      this.running = run.toArray(new CompiledExperiment[0]);
      this.runningIds = new String[running.length];
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < running.length; i++) {
        runningIds[i] = running[i].id;
        index.put(running[i].id, i);
      }
      this.runningIndex = Map.copyOf(index);
    }
  }
}
