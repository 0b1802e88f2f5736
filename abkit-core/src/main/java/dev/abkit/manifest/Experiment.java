package dev.abkit.manifest;

import dev.abkit.internal.json.JsonValues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One experiment of a {@link Manifest}: the parsed, validated form of a manifest entry. Field
 * meanings and defaults are those of the manifest reference (README, DESIGN.md section 1).
 *
 * @param id unique id, {@code [A-Za-z0-9_.-]{1,64}}
 * @param description free text, or {@code null}
 * @param hypothesis free text, or {@code null}
 * @param status lifecycle state
 * @param variants at least two, keys unique
 * @param control the control variant's key (one of {@code variants})
 * @param traffic fraction of units enrolled, in [0,1]
 * @param salt hashing seed (defaults to {@code id})
 * @param hash hash algorithm
 * @param goal the primary metric, from {@code target_event} (role {@link Metric.Role#GOAL}; {@code
 *     null} only when not running)
 * @param metrics further metrics (secondary and guardrail), names unique and other than the goal's
 * @param startAt enrollment opens at this instant, or {@code null}
 * @param endAt enrollment closes at this instant (exclusive), or {@code null}
 * @param targeting MongoDB-style condition on unit attributes (unmodifiable JSON-like map), or
 *     empty for everyone
 * @param exclusionGroup mutual exclusion group, or {@code null}
 * @param overrides forced variants: unit id to variant key
 * @param config baseline config (unmodifiable JSON-like map)
 * @param significanceLevel α for the analysis, in (0,1)
 * @param targetSampleSize planned units (all variants), or {@code null}
 * @param sequential whether results use always-valid (sequential) inference
 * @param cupedPrePeriod CUPED's pre-period before each unit's first exposure, or {@code null} for
 *     no regression adjustment
 * @param dimensions unit attributes recorded with the first exposure, for breakdowns
 * @param multipleTesting the correction over goal and secondary metrics and treatments
 * @param mde the absolute change of the goal's conversion rate the test is planned to detect
 *     ({@code 0.02}: 2 percentage points), or {@code null}; results show the power reached for it
 */
public record Experiment(
    String id,
    @Nullable String description,
    @Nullable String hypothesis,
    Status status,
    List<Variant> variants,
    String control,
    double traffic,
    String salt,
    HashAlgorithm hash,
    @Nullable Metric goal,
    List<Metric> metrics,
    @Nullable Instant startAt,
    @Nullable Instant endAt,
    Map<String, Object> targeting,
    @Nullable ExclusionGroup exclusionGroup,
    Map<String, String> overrides,
    Map<String, Object> config,
    double significanceLevel,
    @Nullable Long targetSampleSize,
    boolean sequential,
    @Nullable Duration cupedPrePeriod,
    List<String> dimensions,
    MultipleTesting multipleTesting,
    @Nullable Double mde) {

  /** Experiment ids (also variant keys and exclusion group names): {@code [A-Za-z0-9_.-]{1,64}}. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /**
   * Checks the invariants and fills in the defaults: a {@code null} {@code control} is the first
   * variant's key, {@code salt} the id, {@code hash} {@link HashAlgorithm#MURMUR3}, {@code
   * multipleTesting} {@link MultipleTesting#HOLM}, and the lists and maps are empty. {@link
   * #builder(String)} is the readable way to call it.
   *
   * @throws IllegalArgumentException when a field breaks an invariant
   */
  // Spelled out rather than compact: the parameters that take a default are @Nullable while the
  // components (fields and accessors) they fill in never are, which a compact constructor, whose
  // parameters carry the components' annotations, cannot say.
  public Experiment(
      String id,
      @Nullable String description,
      @Nullable String hypothesis,
      Status status,
      List<Variant> variants,
      @Nullable String control,
      double traffic,
      @Nullable String salt,
      @Nullable HashAlgorithm hash,
      @Nullable Metric goal,
      @Nullable List<Metric> metrics,
      @Nullable Instant startAt,
      @Nullable Instant endAt,
      @Nullable Map<String, Object> targeting,
      @Nullable ExclusionGroup exclusionGroup,
      @Nullable Map<String, String> overrides,
      @Nullable Map<String, Object> config,
      double significanceLevel,
      @Nullable Long targetSampleSize,
      boolean sequential,
      @Nullable Duration cupedPrePeriod,
      @Nullable List<String> dimensions,
      @Nullable MultipleTesting multipleTesting,
      @Nullable Double mde) {
    this.id = Objects.requireNonNull(id, "id");
    this.status = Objects.requireNonNull(status, "status");
    this.variants = List.copyOf(variants);
    if (this.variants.size() < 2) {
      throw new IllegalArgumentException("experiment " + id + " needs at least 2 variants");
    }
    String c = control == null ? this.variants.get(0).key() : control;
    if (this.variants.stream().noneMatch(v -> v.key().equals(c))) {
      throw new IllegalArgumentException("control " + c + " is not a variant of " + id);
    }
    this.control = c;
    if (!(traffic >= 0 && traffic <= 1)) {
      throw new IllegalArgumentException("traffic must be in [0,1], was " + traffic);
    }
    this.traffic = traffic;
    this.salt = salt == null ? id : salt;
    this.hash = hash == null ? HashAlgorithm.MURMUR3 : hash;
    this.metrics = metrics == null ? List.of() : List.copyOf(metrics);
    checkMetrics(id, goal, this.metrics);
    this.goal = goal;
    this.dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
    this.multipleTesting = multipleTesting == null ? MultipleTesting.HOLM : multipleTesting;
    if (mde != null && !(mde != 0 && Math.abs(mde) < 1)) {
      throw new IllegalArgumentException("mde must be non-zero and in (-1, 1), was " + mde);
    }
    this.mde = mde;
    if (cupedPrePeriod != null && (cupedPrePeriod.isNegative() || cupedPrePeriod.isZero())) {
      throw new IllegalArgumentException(
          "cuped pre_period must be positive, was " + cupedPrePeriod);
    }
    this.cupedPrePeriod = cupedPrePeriod;
    this.targeting = targeting == null ? Map.of() : JsonValues.freeze(targeting, "targeting");
    this.overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    this.config = config == null ? Map.of() : JsonValues.freeze(config, "config");
    if (!(significanceLevel > 0 && significanceLevel < 1)) {
      throw new IllegalArgumentException(
          "significance_level must be in (0,1), was " + significanceLevel);
    }
    this.significanceLevel = significanceLevel;
    this.description = description;
    this.hypothesis = hypothesis;
    this.startAt = startAt;
    this.endAt = endAt;
    this.exclusionGroup = exclusionGroup;
    this.targetSampleSize = targetSampleSize;
    this.sequential = sequential;
  }

  /** A running experiment with equal-weight variants and defaults everywhere else. */
  public static Experiment of(String id, @Nullable String targetEvent, String... variantKeys) {
    return builder(id).variants(variantKeys).targetEvent(targetEvent).build();
  }

  /**
   * A builder for an experiment with this id. Every field starts at its manifest default (status
   * {@link Status#RUNNING}, traffic 1, significance level 0.05, the rest empty or derived); {@link
   * Builder#build()} checks the same invariants as the constructor.
   */
  public static Builder builder(String id) {
    return new Builder(Objects.requireNonNull(id, "id"));
  }

  /**
   * A builder that starts from this experiment's fields, to derive a changed copy. Its values are
   * starting points, not settings given: each may be set once on it.
   */
  public Builder toBuilder() {
    Builder b = new Builder(id);
    b.description = description;
    b.hypothesis = hypothesis;
    b.status = status;
    b.variants = variants;
    b.control = control;
    b.traffic = traffic;
    b.salt = salt;
    b.hash = hash;
    b.goal = goal;
    b.metrics = metrics;
    b.startAt = startAt;
    b.endAt = endAt;
    b.targeting = targeting;
    b.exclusionGroup = exclusionGroup;
    b.overrides = overrides;
    b.config = config;
    b.significanceLevel = significanceLevel;
    b.targetSampleSize = targetSampleSize;
    b.sequential = sequential;
    b.cupedPrePeriod = cupedPrePeriod;
    b.dimensions = dimensions;
    b.multipleTesting = multipleTesting;
    b.mde = mde;
    return b;
  }

  /** The variant with this key. */
  public Optional<Variant> variant(String key) {
    return variants.stream().filter(v -> v.key().equals(key)).findFirst();
  }

  /** The goal's name ({@code target_event}), or {@code null} without a goal. */
  public @Nullable String targetEvent() {
    return goal == null ? null : goal.name();
  }

  /** The goal (when set) followed by {@code metrics}. */
  public List<Metric> allMetrics() {
    List<Metric> all = new ArrayList<>();
    if (goal != null) {
      all.add(goal);
    }
    all.addAll(metrics);
    return List.copyOf(all);
  }

  private static void checkMetrics(String id, @Nullable Metric goal, List<Metric> metrics) {
    if (goal != null && goal.role() != Metric.Role.GOAL) {
      throw new IllegalArgumentException("the goal of " + id + " must have role goal");
    }
    Set<String> names = new HashSet<>();
    if (goal != null) {
      names.add(goal.name());
    }
    for (Metric m : metrics) {
      if (m.role() == Metric.Role.GOAL) {
        throw new IllegalArgumentException(
            "metric " + m.name() + " of " + id + ": only target_event has role goal");
      }
      if (!names.add(m.name())) {
        throw new IllegalArgumentException("metric name " + m.name() + " appears twice in " + id);
      }
    }
  }

  /**
   * Builds an {@link Experiment} field by field, instead of the record's twenty-argument
   * constructor. Each setting may be given once: a second call throws {@link IllegalStateException}
   * naming the value given first. Not thread-safe; each {@link #build()} returns a new immutable
   * experiment.
   */
  // A setting not given stays null (or at the default named in its javadoc) until build(), where
  // the record's constructor fills in the defaults: they are declared once, there.
  public static final class Builder {
    private final String id;
    private @Nullable String description;
    private @Nullable String hypothesis;
    private Status status = Status.RUNNING;
    private List<Variant> variants = List.of();
    private @Nullable String control;
    private double traffic = 1;
    private @Nullable String salt;
    private @Nullable HashAlgorithm hash;
    private @Nullable Metric goal;
    private @Nullable List<Metric> metrics;
    private @Nullable Instant startAt;
    private @Nullable Instant endAt;
    private @Nullable Map<String, Object> targeting;
    private @Nullable ExclusionGroup exclusionGroup;
    private @Nullable Map<String, String> overrides;
    private @Nullable Map<String, Object> config;
    private double significanceLevel = 0.05;
    private @Nullable Long targetSampleSize;
    private boolean sequential;
    private @Nullable Duration cupedPrePeriod;
    private @Nullable List<String> dimensions;
    private @Nullable MultipleTesting multipleTesting;
    private @Nullable Double mde;

    /** The settings given on this builder, with the value each was given (for the message). */
    private final Map<String, @Nullable Object> given = new HashMap<>();

    private Builder(String id) {
      this.id = id;
    }

    /**
     * Refuses a setting given before on this builder, naming the earlier value (as Caffeine's
     * builders do): a second call is a mistake whose first value would silently be lost.
     */
    private void once(String name, @Nullable Object value) {
      if (given.containsKey(name)) {
        throw new IllegalStateException(name + " was already set to " + given.get(name));
      }
      given.put(name, value);
    }

    /** Free text, or {@code null}. */
    public Builder description(@Nullable String description) {
      once("description", description);
      this.description = description;
      return this;
    }

    /** Free text, or {@code null}. */
    public Builder hypothesis(@Nullable String hypothesis) {
      once("hypothesis", hypothesis);
      this.hypothesis = hypothesis;
      return this;
    }

    /** The lifecycle state; {@link Status#RUNNING} unless set. */
    public Builder status(Status status) {
      once("status", status);
      this.status = Objects.requireNonNull(status, "status");
      return this;
    }

    /** The variants (at least two by {@link #build()}), in order. */
    public Builder variants(List<Variant> variants) {
      once("variants", variants);
      this.variants = List.copyOf(variants);
      return this;
    }

    /** Equal-weight variants with these keys, in order. */
    public Builder variants(String... keys) {
      return variants(Arrays.stream(keys).map(k -> Variant.of(k, 1)).toList());
    }

    /** The control variant's key; the first variant's unless set (or set to {@code null}). */
    public Builder control(@Nullable String control) {
      once("control", control);
      this.control = control;
      return this;
    }

    /** The fraction of units enrolled, in [0,1]; 1 unless set. */
    public Builder traffic(double traffic) {
      once("traffic", traffic);
      this.traffic = traffic;
      return this;
    }

    /** The hashing seed; the id unless set (or set to {@code null}). */
    public Builder salt(@Nullable String salt) {
      once("salt", salt);
      this.salt = salt;
      return this;
    }

    /** The hash algorithm; {@link HashAlgorithm#MURMUR3} unless set (or set to {@code null}). */
    public Builder hash(@Nullable HashAlgorithm hash) {
      once("hash", hash);
      this.hash = hash;
      return this;
    }

    /** The primary metric: this event's conversion (as a manifest string gives it), or null. */
    public Builder targetEvent(@Nullable String targetEvent) {
      once("goal", targetEvent);
      this.goal = targetEvent == null ? null : Metric.of(targetEvent, Metric.Role.GOAL);
      return this;
    }

    /** The primary metric (role {@link Metric.Role#GOAL}), or {@code null}. */
    public Builder goal(@Nullable Metric goal) {
      once("goal", goal);
      this.goal = goal;
      return this;
    }

    /** Further metrics, secondary or guardrail; none unless set (or set to {@code null}). */
    public Builder metrics(@Nullable List<Metric> metrics) {
      once("metrics", metrics);
      this.metrics = metrics;
      return this;
    }

    /** Further metrics as manifest strings give them: each event's secondary shorthand. */
    public Builder metricEvents(String... events) {
      return metrics(Arrays.stream(events).map(e -> Metric.of(e, Metric.Role.SECONDARY)).toList());
    }

    /** Enrollment opens at this instant, or {@code null}. */
    public Builder startAt(@Nullable Instant startAt) {
      once("startAt", startAt);
      this.startAt = startAt;
      return this;
    }

    /** Enrollment closes at this instant (exclusive), or {@code null}. */
    public Builder endAt(@Nullable Instant endAt) {
      once("endAt", endAt);
      this.endAt = endAt;
      return this;
    }

    /** A MongoDB-style condition on unit attributes (deep-copied), or {@code null} for everyone. */
    public Builder targeting(@Nullable Map<String, ?> targeting) {
      once("targeting", targeting);
      this.targeting = targeting == null ? null : JsonValues.freeze(targeting, "targeting");
      return this;
    }

    /** The mutual exclusion group, or {@code null}. */
    public Builder exclusionGroup(@Nullable ExclusionGroup exclusionGroup) {
      once("exclusionGroup", exclusionGroup);
      this.exclusionGroup = exclusionGroup;
      return this;
    }

    /** Forced variants: unit id to variant key; none unless set (or set to {@code null}). */
    public Builder overrides(@Nullable Map<String, String> overrides) {
      once("overrides", overrides);
      this.overrides = overrides;
      return this;
    }

    /** The baseline config (a JSON-like map, deep-copied); empty unless set (or set to null). */
    public Builder config(@Nullable Map<String, ?> config) {
      once("config", config);
      this.config = config == null ? null : JsonValues.freeze(config, "config");
      return this;
    }

    /** α for the analysis, in (0,1); 0.05 unless set. */
    public Builder significanceLevel(double significanceLevel) {
      once("significanceLevel", significanceLevel);
      this.significanceLevel = significanceLevel;
      return this;
    }

    /** Planned units (all variants), or {@code null}. */
    public Builder targetSampleSize(@Nullable Long targetSampleSize) {
      once("targetSampleSize", targetSampleSize);
      this.targetSampleSize = targetSampleSize;
      return this;
    }

    /** Whether results use always-valid (sequential) inference; false unless set. */
    public Builder sequential(boolean sequential) {
      once("sequential", sequential);
      this.sequential = sequential;
      return this;
    }

    /** CUPED's pre-period, or {@code null} for no regression adjustment. */
    public Builder cupedPrePeriod(@Nullable Duration cupedPrePeriod) {
      once("cupedPrePeriod", cupedPrePeriod);
      this.cupedPrePeriod = cupedPrePeriod;
      return this;
    }

    /** Unit attributes recorded with the first exposure, for breakdowns; none unless set. */
    public Builder dimensions(@Nullable List<String> dimensions) {
      once("dimensions", dimensions);
      this.dimensions = dimensions;
      return this;
    }

    /** The correction across metrics and treatments; {@link MultipleTesting#HOLM} unless set. */
    public Builder multipleTesting(@Nullable MultipleTesting multipleTesting) {
      once("multipleTesting", multipleTesting);
      this.multipleTesting = multipleTesting;
      return this;
    }

    /** The change of the goal's rate the test is planned to detect, or {@code null}. */
    public Builder mde(@Nullable Double mde) {
      once("mde", mde);
      this.mde = mde;
      return this;
    }

    /**
     * The experiment.
     *
     * @throws IllegalArgumentException when a field breaks an invariant (fewer than two variants, a
     *     control that is no variant, traffic or significance level out of range, a config or
     *     targeting value that is not JSON-like)
     */
    public Experiment build() {
      return new Experiment(
          id,
          description,
          hypothesis,
          status,
          variants,
          control,
          traffic,
          salt,
          hash,
          goal,
          metrics,
          startAt,
          endAt,
          targeting,
          exclusionGroup,
          overrides,
          config,
          significanceLevel,
          targetSampleSize,
          sequential,
          cupedPrePeriod,
          dimensions,
          multipleTesting,
          mde);
    }
  }
}
