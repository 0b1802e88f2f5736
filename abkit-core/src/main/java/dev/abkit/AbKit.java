package dev.abkit;

import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.Results;
import dev.abkit.analysis.ResultsOptions;
import dev.abkit.event.Event;
import dev.abkit.internal.engine.Engine;
import dev.abkit.internal.pipeline.Recorder;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Manifest;
import dev.abkit.manifest.ManifestParser;
import dev.abkit.pipeline.Acceptance;
import dev.abkit.pipeline.PipelineMetrics;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.spi.AssignmentStore;
import dev.abkit.spi.EventStore;
import dev.abkit.spi.ManifestSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * abkit's entry point: assigns units to variants, records exposures and events, and analyzes
 * results. Build one per application with {@link #builder()}, share it between threads, and {@link
 * #close()} it on shutdown so the pipeline flushes.
 *
 * <pre>{@code
 * AbKit abkit = AbKit.builder().manifest(Path.of("tests.json")).eventStore(store).build();
 * Assignment a = abkit.assign("kpi_scorecard_layout", Unit.of(userId));
 * if (a.is("B")) { ... }
 * abkit.logExposure(userId, a);
 * }</pre>
 *
 * <p>Thread-safe. {@link #assign} never throws: on any problem it returns a not-enrolled assignment
 * (control served) with a {@link Reason}.
 */
public final class AbKit implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AbKit.class);

  private final Engine engine;
  private final @Nullable ManifestSource manifestSource;
  private final @Nullable Recorder recorder;
  private final @Nullable EventStore eventStore;
  private final @Nullable AssignmentStore assignmentStore;
  private final Clock clock;
  private final Supplier<UUID> ids;
  private final double maxEventValue;

  /**
   * Default for {@link Builder#maxEventValue(double)}: far beyond any amount of money or count an
   * event carries, far below where sums of squares leave the double range (1e154).
   */
  public static final double DEFAULT_MAX_EVENT_VALUE = 1e12;

  private AbKit(Builder b, Manifest initial) {
    this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    this.ids = b.ids == null ? UUID::randomUUID : b.ids;
    this.maxEventValue = b.maxEventValue == null ? DEFAULT_MAX_EVENT_VALUE : b.maxEventValue;
    this.manifestSource = b.manifestSource;
    this.eventStore = b.eventStore;
    this.assignmentStore = b.assignmentStore;
    this.engine =
        new Engine(
            initial,
            clock,
            b.assignmentStore,
            copyForced(b.forced),
            b.stickyTimeout == null ? Engine.DEFAULT_STICKY_TIMEOUT : b.stickyTimeout);
    PipelineSettings settings =
        b.pipelineSettings == null ? PipelineSettings.defaults() : b.pipelineSettings;
    this.recorder = b.eventStore == null ? null : new Recorder(b.eventStore, settings, clock);
    if (manifestSource != null && Boolean.TRUE.equals(b.watchManifest)) {
      manifestSource.watch(this::swap);
    }
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  // ---- assignment -------------------------------------------------------------------------

  /**
   * The unit's assignment in one experiment. Never throws: a {@code null} unit is {@link
   * Reason#INVALID_UNIT}, like a {@code null} unit id.
   */
  public Assignment assign(String experiment, Unit unit) {
    return unit == null
        ? engine.assign(experiment, null, Map.of())
        : engine.assign(experiment, unit.id(), unit.attributes());
  }

  /** The assignment of a unit with no attributes. Never throws (a null id is INVALID_UNIT). */
  public Assignment assign(String experiment, String unitId) {
    return engine.assign(experiment, unitId, Map.of());
  }

  /**
   * The unit's assignments in every running experiment, keyed by experiment id in manifest order.
   * Never throws: a {@code null} unit gets {@link Reason#INVALID_UNIT} everywhere.
   */
  public Map<String, Assignment> assignAll(Unit unit) {
    return unit == null
        ? engine.assignAll(null, Map.of())
        : engine.assignAll(unit.id(), unit.attributes());
  }

  // ---- recording --------------------------------------------------------------------------

  /**
   * Records that {@code unitId} was shown its variant. Only enrolled assignments are recorded, at
   * most once per unit and experiment. Returns true if this call recorded a new exposure.
   *
   * @throws IllegalStateException if no event store is configured
   */
  public boolean logExposure(String unitId, Assignment assignment) {
    return recorder().exposure(unitId, assignment);
  }

  /**
   * Records that {@code unit} was shown its variant, as {@link #logExposure(String, Assignment)}
   * does, with the unit's values of the experiment's {@code dimensions} (a string, number or
   * boolean attribute each), so that results can be broken down by them. Log with the same
   * attributes the assignment was computed from.
   *
   * @throws IllegalStateException if no event store is configured
   */
  public boolean logExposure(Unit unit, Assignment assignment) {
    Recorder r = recorder();
    if (unit == null || assignment == null) {
      return false;
    }
    // The attributes are computed only for an exposure the recorder has not seen: exposures are
    // logged on every request, and most of them are duplicates.
    return r.exposure(
        unit.id(),
        assignment,
        () -> engine.exposureAttributes(assignment.experiment(), unit.attributes()));
  }

  /**
   * Records an event. Idempotent on the event's id: {@link Acceptance#DUPLICATE} for an id accepted
   * recently (the store's unique key keeps one in any case). Never blocks for long; in durable mode
   * returns once the event is in the journal.
   *
   * <p>{@link Acceptance#REFUSED} (logged, not queued) when the event's {@code value} is beyond
   * ±{@link #maxEventValue()}: one such value would otherwise dominate, or overflow, every sum the
   * analysis computes over its metric.
   *
   * @throws IllegalStateException if no event store is configured
   */
  public Acceptance track(Event event) {
    Recorder r = recorder();
    Double value = event.value();
    if (value != null && !(Math.abs(value) <= maxEventValue)) {
      log.warn(
          "event {} of unit {} refused: value {} is beyond the maximum magnitude {}"
              + " (AbKit.Builder.maxEventValue)",
          event.name(),
          event.unit(),
          value,
          maxEventValue);
      return Acceptance.REFUSED;
    }
    return r.event(event);
  }

  /**
   * The largest {@code |value|} an event may carry ({@link Builder#maxEventValue(double)}); the
   * servlet event endpoint answers 400 beyond it.
   */
  public double maxEventValue() {
    return maxEventValue;
  }

  /** Records an event named {@code name} for {@code unitId}, now, with a fresh id and no value. */
  public Acceptance track(String unitId, String name) {
    return track(unitId, name, null);
  }

  /** Records an event with a numeric value, now, with a fresh id. */
  public Acceptance track(String unitId, String name, @Nullable Double value) {
    return track(new Event(ids.get().toString(), unitId, name, clock.instant(), value, Map.of()));
  }

  /** Blocks until every exposure and event accepted so far is stored or journaled. */
  public void flush() {
    if (recorder != null) {
      recorder.flush();
    }
  }

  /** The pipeline's counters (all zero without an event store). */
  public PipelineMetrics metrics() {
    return recorder == null ? PipelineMetrics.EMPTY : recorder.metrics();
  }

  // ---- results ----------------------------------------------------------------------------

  /** Analyzes one experiment from the event store. */
  public ExperimentResult results(String experimentId) {
    return results(experimentId, ResultsOptions.SNAPSHOT);
  }

  /**
   * Analyzes one experiment from the event store, with what {@code options} add.
   *
   * @throws IllegalArgumentException for an unknown experiment, or a {@link
   *     ResultsOptions#dimension()} the experiment does not list in its {@code dimensions}
   */
  public ExperimentResult results(String experimentId, ResultsOptions options) {
    Experiment e =
        manifest()
            .experiment(experimentId)
            .orElseThrow(() -> new IllegalArgumentException("no experiment " + experimentId));
    ResultsReads.requireDimension(e, options.dimension());
    return analyze(e, options);
  }

  /** Analyzes every experiment of the manifest that is not a draft. */
  public Results results() {
    return results(ResultsOptions.SNAPSHOT);
  }

  /**
   * Analyzes every experiment of the manifest that is not a draft, with what {@code options} add; a
   * {@link ResultsOptions#dimension()} breaks down the experiments that list it.
   *
   * @throws IllegalArgumentException when no such experiment lists the options' dimension
   */
  public Results results(ResultsOptions options) {
    List<Experiment> analysed = new ArrayList<>();
    for (Experiment e : manifest().experiments()) {
      if (e.status() != dev.abkit.manifest.Status.DRAFT) {
        analysed.add(e);
      }
    }
    String dimension = options.dimension();
    if (dimension != null && analysed.stream().noneMatch(e -> e.dimensions().contains(dimension))) {
      throw new IllegalArgumentException("no experiment has dimension " + dimension);
    }
    List<ExperimentResult> all = new ArrayList<>();
    for (Experiment e : analysed) {
      all.add(analyze(e, options));
    }
    return new Results(all);
  }

  /** One experiment's result from the store, after the records accepted so far are stored. */
  private ExperimentResult analyze(Experiment e, ResultsOptions options) {
    EventStore store = eventStore;
    if (store == null) {
      throw new IllegalStateException("no event store configured: nothing to analyze");
    }
    flush();
    return ResultsReads.analyze(store, e, options);
  }

  // ---- manifest ---------------------------------------------------------------------------

  /** The manifest snapshot in force. */
  public Manifest manifest() {
    return engine.manifest();
  }

  /**
   * Reloads the manifest from its source. On an invalid manifest the old one stays in force and the
   * {@link dev.abkit.manifest.ManifestException} is thrown.
   *
   * @throws IllegalStateException if abkit was built from a fixed manifest, not a source
   */
  public Manifest reload() {
    if (manifestSource == null) {
      throw new IllegalStateException("abkit was built with a fixed manifest: nothing to reload");
    }
    Manifest m = manifestSource.load();
    swap(m);
    return m;
  }

  /** Replaces the manifest in force (for applications that manage manifests themselves). */
  public void update(Manifest manifest) {
    swap(Objects.requireNonNull(manifest, "manifest"));
  }

  private void swap(Manifest m) {
    engine.update(m);
    log.info("abkit manifest in force: {} experiments", m.experiments().size());
  }

  /** Flushes and closes the pipeline, the stores and the manifest source. */
  @Override
  public void close() {
    if (manifestSource != null) {
      manifestSource.close();
    }
    if (recorder != null) {
      recorder.close();
    }
    engine.close();
    closeQuietly(eventStore);
    closeQuietly(assignmentStore);
  }

  private static void closeQuietly(@Nullable AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      log.warn("closing {} failed", c.getClass().getName(), e);
    }
  }

  private Recorder recorder() {
    if (recorder == null) {
      throw new IllegalStateException(
          "no event store configured: call AbKit.builder().eventStore(...)");
    }
    return recorder;
  }

  private static Map<String, Map<String, String>> copyForced(
      Map<String, Map<String, String>> forced) {
    Map<String, Map<String, String>> copy = new HashMap<>();
    forced.forEach((exp, units) -> copy.put(exp, Map.copyOf(units)));
    return Map.copyOf(copy);
  }

  /**
   * Configures an {@link AbKit}. Each setter rejects bad values at once with an {@link
   * IllegalArgumentException} naming the setting, and a setting given twice with an {@link
   * IllegalStateException} naming the earlier value (as Caffeine's builder does); {@link #build()}
   * rejects conflicting settings and settings that would have no effect. Not thread-safe.
   */
  public static final class Builder {
    // null means "not set": the defaults are applied in AbKit's constructor, so that a setting
    // given twice can be told from a default
    private @Nullable Manifest manifest;
    private @Nullable ManifestSource manifestSource;
    private @Nullable Boolean watchManifest;
    private @Nullable Clock clock;
    private @Nullable Supplier<UUID> ids;
    private @Nullable EventStore eventStore;
    private @Nullable AssignmentStore assignmentStore;
    private @Nullable Duration stickyTimeout;
    private @Nullable PipelineSettings pipelineSettings;
    private @Nullable Double maxEventValue;
    private final Map<String, Map<String, String>> forced = new HashMap<>();

    private Builder() {}

    /** Uses this manifest (fixed; {@link AbKit#update} can replace it). */
    public Builder manifest(Manifest manifest) {
      requireNoManifestYet();
      this.manifest = Objects.requireNonNull(manifest, "manifest");
      return this;
    }

    /**
     * Parses the manifest from JSON text now.
     *
     * @throws dev.abkit.manifest.ManifestException if it is invalid
     */
    public Builder manifestJson(String json) {
      return manifest(ManifestParser.parse(Objects.requireNonNull(json, "manifestJson")));
    }

    /** Parses a class-path resource now, e.g. {@code "/tests.json"}. */
    public Builder manifestResource(String resource) {
      return manifest(ManifestParser.parseResource(Objects.requireNonNull(resource, "resource")));
    }

    /** Reads the manifest from a file; {@link AbKit#reload()} reads it again. */
    public Builder manifest(Path file) {
      return manifestSource(
          dev.abkit.manifest.ManifestSources.file(Objects.requireNonNull(file, "manifest file")));
    }

    /** Reads the manifest from a source; {@link AbKit#reload()} reads it again. */
    public Builder manifestSource(ManifestSource source) {
      requireNoManifestYet();
      this.manifestSource = Objects.requireNonNull(source, "manifestSource");
      return this;
    }

    /** Whether to follow the manifest source's changes (file watch). Default false. */
    public Builder watchManifest(boolean watch) {
      requireUnset("watchManifest", watchManifest);
      this.watchManifest = watch;
      return this;
    }

    /** The time source for experiment windows and record times. Default: system UTC. */
    public Builder clock(Clock clock) {
      requireUnset("clock", this.clock);
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The source of event ids for {@link AbKit#track(String, String)}. Default: random UUIDs. */
    public Builder idSource(Supplier<UUID> ids) {
      requireUnset("idSource", this.ids);
      this.ids = Objects.requireNonNull(ids, "idSource");
      return this;
    }

    /** Where exposures and events go. Without one, recording throws IllegalStateException. */
    public Builder eventStore(EventStore store) {
      requireUnset("eventStore", eventStore);
      this.eventStore = Objects.requireNonNull(store, "eventStore");
      return this;
    }

    /** Keeps each unit's first variant (sticky assignment). Default: none. */
    public Builder assignmentStore(AssignmentStore store) {
      requireUnset("assignmentStore", assignmentStore);
      this.assignmentStore = Objects.requireNonNull(store, "assignmentStore");
      return this;
    }

    /**
     * How long a request waits for the assignment store, 1 ms..10 s; past it the unit gets its
     * hashed variant and the store call finishes in the background (its answer is cached for the
     * unit's next request). After a call has failed or missed this deadline, requests do not wait
     * at all until the store answers again. Default 50 ms. Only meaningful with an {@link
     * #assignmentStore}.
     */
    public Builder stickyTimeout(Duration timeout) {
      requireUnset("stickyTimeout", stickyTimeout);
      Objects.requireNonNull(timeout, "stickyTimeout");
      if (timeout.compareTo(Duration.ofMillis(1)) < 0
          || timeout.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new IllegalArgumentException("stickyTimeout must be in 1 ms..10 s, was " + timeout);
      }
      this.stickyTimeout = timeout;
      return this;
    }

    /**
     * Queueing, batching, retry and journal settings. Default: {@link PipelineSettings#defaults()}.
     */
    public Builder pipeline(PipelineSettings settings) {
      requireUnset("pipeline", pipelineSettings);
      this.pipelineSettings = Objects.requireNonNull(settings, "pipeline");
      return this;
    }

    /**
     * The largest magnitude an event's {@code value} may have; {@link AbKit#track(Event)} refuses
     * larger ones. Default {@value AbKit#DEFAULT_MAX_EVENT_VALUE}.
     *
     * @throws IllegalArgumentException unless {@code max} is positive and finite
     */
    public Builder maxEventValue(double max) {
      requireUnset("maxEventValue", maxEventValue);
      if (!(max > 0) || !Double.isFinite(max)) {
        throw new IllegalArgumentException("maxEventValue must be positive and finite, was " + max);
      }
      this.maxEventValue = max;
      return this;
    }

    /**
     * Forces {@code unit} into {@code variant} of {@code experiment}, as the manifest's {@code
     * overrides} would: for tests that must exercise one branch. Checked against the manifest in
     * {@link #build()}.
     */
    public Builder forceVariant(String experiment, String unit, String variant) {
      Objects.requireNonNull(experiment, "experiment");
      Objects.requireNonNull(unit, "unit");
      Objects.requireNonNull(variant, "variant");
      Map<String, String> units = forced.computeIfAbsent(experiment, k -> new HashMap<>());
      requireUnset("forceVariant(" + experiment + ", " + unit + ")", units.get(unit));
      units.put(unit, variant);
      return this;
    }

    /**
     * Builds abkit, loading the manifest from its source if one was given.
     *
     * @throws IllegalStateException if no manifest was given, or a setting would have no effect:
     *     {@code watchManifest(true)} with a fixed manifest, {@code pipeline} or {@code idSource}
     *     without an event store
     * @throws IllegalArgumentException if a forced variant names an unknown experiment or variant
     * @throws dev.abkit.manifest.ManifestException if the manifest source holds an invalid manifest
     */
    public AbKit build() {
      if (manifest == null && manifestSource == null) {
        throw new IllegalStateException(
            "no manifest: call manifest(...), manifestJson(...), manifestResource(...) or"
                + " manifestSource(...)");
      }
      requireEffective();
      Manifest initial =
          manifest != null ? manifest : Objects.requireNonNull(manifestSource).load();
      for (var e : forced.entrySet()) {
        Experiment exp =
            initial
                .experiment(e.getKey())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "forceVariant: no experiment " + e.getKey() + " in the manifest"));
        for (String v : e.getValue().values()) {
          if (exp.variant(v).isEmpty()) {
            throw new IllegalArgumentException(
                "forceVariant: experiment " + exp.id() + " has no variant " + v);
          }
        }
      }
      return new AbKit(this, initial);
    }

    /** Refuses settings that build() would silently ignore. */
    private void requireEffective() {
      if (Boolean.TRUE.equals(watchManifest) && manifestSource == null) {
        throw new IllegalStateException(
            "watchManifest(true) has no effect with a fixed manifest: give the manifest as a file"
                + " (manifest(Path)) or a manifestSource(...)");
      }
      if (eventStore == null && pipelineSettings != null) {
        throw new IllegalStateException(
            "pipeline(...) has no effect without an event store: call eventStore(...)");
      }
      if (eventStore == null && ids != null) {
        throw new IllegalStateException(
            "idSource(...) has no effect without an event store: call eventStore(...)");
      }
      if (assignmentStore == null && stickyTimeout != null) {
        throw new IllegalStateException(
            "stickyTimeout(...) has no effect without an assignment store: call"
                + " assignmentStore(...)");
      }
    }

    private void requireNoManifestYet() {
      if (manifest != null) {
        throw new IllegalStateException(
            "manifest was already set to a manifest of "
                + manifest.experiments().size()
                + " experiments");
      }
      requireUnset("manifestSource", manifestSource);
    }

    private static void requireUnset(String setting, @Nullable Object earlier) {
      if (earlier != null) {
        throw new IllegalStateException(setting + " was already set to " + earlier);
      }
    }
  }
}
