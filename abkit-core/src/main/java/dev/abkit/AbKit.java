package dev.abkit;

import dev.abkit.analysis.Analyzer;
import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.Results;
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
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.ManifestSource;
import java.nio.file.Path;
import java.time.Clock;
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

  private AbKit(Builder b, Manifest initial) {
    this.clock = b.clock;
    this.ids = b.ids;
    this.manifestSource = b.manifestSource;
    this.eventStore = b.eventStore;
    this.assignmentStore = b.assignmentStore;
    this.engine = new Engine(initial, b.clock, b.assignmentStore, copyForced(b.forced));
    this.recorder =
        b.eventStore == null ? null : new Recorder(b.eventStore, b.pipelineSettings, b.clock);
    if (manifestSource != null && b.watchManifest) {
      manifestSource.watch(this::swap);
    }
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  // ---- assignment -------------------------------------------------------------------------

  /** The unit's assignment in one experiment. Never throws. */
  public Assignment assign(String experiment, Unit unit) {
    return engine.assign(experiment, unit.id(), unit.attributes());
  }

  /** The assignment of a unit with no attributes. Never throws (a null id is INVALID_UNIT). */
  public Assignment assign(String experiment, String unitId) {
    return engine.assign(experiment, unitId, Map.of());
  }

  /**
   * The unit's assignments in every running experiment, keyed by experiment id in manifest order.
   */
  public Map<String, Assignment> assignAll(Unit unit) {
    return engine.assignAll(unit.id(), unit.attributes());
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
   * Records an event. Idempotent on the event's id: {@link Acceptance#DUPLICATE} for an id accepted
   * recently (the store's unique key keeps one in any case). Never blocks for long; in durable mode
   * returns once the event is in the journal.
   *
   * @throws IllegalStateException if no event store is configured
   */
  public Acceptance track(Event event) {
    return recorder().event(event);
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
    Experiment e =
        manifest()
            .experiment(experimentId)
            .orElseThrow(() -> new IllegalArgumentException("no experiment " + experimentId));
    return analyze(e);
  }

  /** Analyzes every experiment of the manifest that is not a draft. */
  public Results results() {
    List<ExperimentResult> all = new ArrayList<>();
    for (Experiment e : manifest().experiments()) {
      if (e.status() != dev.abkit.manifest.Status.DRAFT) {
        all.add(analyze(e));
      }
    }
    return new Results(all);
  }

  private ExperimentResult analyze(Experiment e) {
    if (eventStore == null) {
      throw new IllegalStateException("no event store configured: nothing to analyze");
    }
    flush();
    ExperimentData data;
    try {
      data = eventStore.read(new ExperimentQuery(e.id(), e.allMetrics()));
    } catch (RuntimeException ex) {
      throw ex;
    } catch (Exception ex) {
      throw new AbKitException("reading results of " + e.id() + " failed", ex);
    }
    return Analyzer.analyze(e, data);
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
   * IllegalArgumentException} naming the setting; {@link #build()} rejects conflicting settings.
   */
  public static final class Builder {
    private @Nullable Manifest manifest;
    private @Nullable ManifestSource manifestSource;
    private boolean watchManifest;
    private Clock clock = Clock.systemUTC();
    private Supplier<UUID> ids = UUID::randomUUID;
    private @Nullable EventStore eventStore;
    private @Nullable AssignmentStore assignmentStore;
    private PipelineSettings pipelineSettings = PipelineSettings.defaults();
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
      this.watchManifest = watch;
      return this;
    }

    /** The time source for experiment windows and record times. Default: system UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The source of event ids for {@link AbKit#track(String, String)}. Default: random UUIDs. */
    public Builder idSource(Supplier<UUID> ids) {
      this.ids = Objects.requireNonNull(ids, "idSource");
      return this;
    }

    /** Where exposures and events go. Without one, recording throws IllegalStateException. */
    public Builder eventStore(EventStore store) {
      this.eventStore = Objects.requireNonNull(store, "eventStore");
      return this;
    }

    /** Keeps each unit's first variant (sticky assignment). Default: none. */
    public Builder assignmentStore(AssignmentStore store) {
      this.assignmentStore = Objects.requireNonNull(store, "assignmentStore");
      return this;
    }

    /**
     * Queueing, batching, retry and journal settings. Default: {@link PipelineSettings#defaults()}.
     */
    public Builder pipeline(PipelineSettings settings) {
      this.pipelineSettings = Objects.requireNonNull(settings, "pipeline");
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
      forced.computeIfAbsent(experiment, k -> new HashMap<>()).put(unit, variant);
      return this;
    }

    /**
     * Builds abkit, loading the manifest from its source if one was given.
     *
     * @throws IllegalStateException if no manifest was given
     * @throws IllegalArgumentException if a forced variant names an unknown experiment or variant
     * @throws dev.abkit.manifest.ManifestException if the manifest source holds an invalid manifest
     */
    public AbKit build() {
      Manifest initial =
          manifest != null ? manifest : manifestSource == null ? null : manifestSource.load();
      if (initial == null) {
        throw new IllegalStateException(
            "no manifest: call manifest(...), manifestJson(...), manifestResource(...) or"
                + " manifestSource(...)");
      }
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

    private void requireNoManifestYet() {
      if (manifest != null || manifestSource != null) {
        throw new IllegalStateException("the manifest was already set");
      }
    }
  }
}
