package dev.abkit.openfeature;

import dev.abkit.AbKit;
import dev.abkit.Assignment;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Manifest;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.EventProvider;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.ProviderEventDetails;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.TrackingEventDetails;
import dev.openfeature.sdk.Value;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenFeature {@code FeatureProvider} that evaluates abkit experiments as flags: the flag key is
 * the experiment id, the context's targeting key the unit id, and its other attributes the
 * targeting attributes.
 *
 * <pre>{@code
 * OpenFeatureAPI.getInstance().setProviderAndWait(AbKitProvider.of(abkit));
 * Client client = OpenFeatureAPI.getInstance().getClient();
 * String variant = client.getStringValue("kpi_scorecard_layout", "A",
 *     new ImmutableContext(userId, Map.of("plan", new Value("pro"))));
 * }</pre>
 *
 * <p>An enrolled unit gets the variant key (string), the variant's merged config (object), or
 * {@code true} for a non-control variant (boolean), with reason {@code SPLIT}, or {@code
 * TARGETING_MATCH} when an override forced it; its exposure is logged (see {@link
 * Builder#logExposures}). Any other unit gets the caller's default: reason {@code DEFAULT}
 * (traffic, targeting, schedule, exclusion group), {@code DISABLED} (experiment not running), or
 * {@code ERROR} with {@code FLAG_NOT_FOUND}, {@code TARGETING_KEY_MISSING}, {@code TYPE_MISMATCH}
 * or {@code GENERAL}. Evaluation never throws.
 *
 * <p>{@code client.track(name, context, details)} records an abkit event for the targeting key,
 * with {@code details.getValue()} as its value. When abkit's manifest changes (a reload or a
 * watched file), the provider emits {@code PROVIDER_CONFIGURATION_CHANGED}.
 *
 * <p>The provider does not own the {@link AbKit}: {@link #shutdown()} stops its watcher only, and
 * the application closes abkit.
 */
public final class AbKitProvider extends EventProvider {
  private static final Logger log = LoggerFactory.getLogger(AbKitProvider.class);

  /** The provider's name in OpenFeature metadata. */
  public static final String NAME = "abkit";

  private final AbKit abkit;
  private final boolean logExposures;
  private final Duration changePollInterval;
  private ScheduledExecutorService watcher;
  private volatile Manifest seen;

  private AbKitProvider(Builder b) {
    this.abkit = b.abkit;
    this.logExposures = b.logExposures;
    this.changePollInterval = b.changePollInterval;
  }

  /** A provider with every default: exposures logged, manifest changes checked every second. */
  public static AbKitProvider of(AbKit abkit) {
    return builder(abkit).build();
  }

  /** A builder for a provider evaluating {@code abkit}. */
  public static Builder builder(AbKit abkit) {
    return new Builder(abkit);
  }

  @Override
  public Metadata getMetadata() {
    return () -> NAME;
  }

  @Override
  public synchronized void initialize(EvaluationContext evaluationContext) {
    seen = abkit.manifest();
    if (changePollInterval.isZero() || watcher != null) {
      return;
    }
    watcher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "abkit-openfeature-watch");
              t.setDaemon(true);
              return t;
            });
    long ms = changePollInterval.toMillis();
    var unused = watcher.scheduleWithFixedDelay(this::checkManifest, ms, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void shutdown() {
    if (watcher != null) {
      watcher.shutdownNow();
      watcher = null;
    }
  }

  /**
   * Emits {@code PROVIDER_CONFIGURATION_CHANGED} if abkit's manifest changed since the last check.
   * Polled rather than pushed: AbKit swaps manifests internally, and reading one volatile reference
   * per interval costs nothing.
   */
  void checkManifest() {
    try {
      Manifest now = abkit.manifest();
      // Identity on purpose: AbKit swaps in a new Manifest object on every change.
      @SuppressWarnings("ReferenceEquality")
      boolean changed = now != seen;
      if (changed) {
        seen = now;
        List<String> flags = now.experiments().stream().map(Experiment::id).toList();
        emitProviderConfigurationChanged(
            ProviderEventDetails.builder()
                .flagsChanged(flags)
                .message("abkit manifest changed")
                .build());
      }
    } catch (RuntimeException e) {
      log.warn("abkit-openfeature: checking the manifest failed", e);
    }
  }

  @Override
  public ProviderEvaluation<Boolean> getBooleanEvaluation(
      String key, Boolean defaultValue, EvaluationContext ctx) {
    return evaluate(
        key,
        defaultValue,
        ctx,
        a -> !a.variant().equals(control(a.experiment())),
        "a boolean flag");
  }

  @Override
  public ProviderEvaluation<String> getStringEvaluation(
      String key, String defaultValue, EvaluationContext ctx) {
    return evaluate(key, defaultValue, ctx, Assignment::variant, "a string flag");
  }

  @Override
  public ProviderEvaluation<Value> getObjectEvaluation(
      String key, Value defaultValue, EvaluationContext ctx) {
    return evaluate(key, defaultValue, ctx, a -> Values.of(a.config()), "an object flag");
  }

  /** abkit variants are keys and configs, never numbers: TYPE_MISMATCH with the default. */
  @Override
  public ProviderEvaluation<Integer> getIntegerEvaluation(
      String key, Integer defaultValue, EvaluationContext ctx) {
    return typeMismatch(key, defaultValue, "integer");
  }

  /** As {@link #getIntegerEvaluation}. */
  @Override
  public ProviderEvaluation<Double> getDoubleEvaluation(
      String key, Double defaultValue, EvaluationContext ctx) {
    return typeMismatch(key, defaultValue, "double");
  }

  @Override
  public void track(String eventName, EvaluationContext ctx, TrackingEventDetails details) {
    String unit = ctx == null ? null : ctx.getTargetingKey();
    if (unit == null || unit.isBlank()) {
      log.warn("abkit-openfeature: track({}) without a targeting key: not recorded", eventName);
      return;
    }
    Double value = null;
    if (details != null && details.getValue().isPresent()) {
      value = details.getValue().get().doubleValue();
    }
    // The SDK calls track from the application's thread; a bad name or a missing event store is
    // reported by abkit with an exception that must not reach the caller.
    try {
      abkit.track(unit, eventName, value);
    } catch (RuntimeException e) {
      log.warn("abkit-openfeature: track({}) not recorded: {}", eventName, e.getMessage());
    }
  }

  private <T> ProviderEvaluation<T> evaluate(
      String key,
      T defaultValue,
      EvaluationContext ctx,
      Function<Assignment, T> valueOf,
      String what) {
    try {
      String unit = ctx == null ? null : ctx.getTargetingKey();
      if (unit == null || unit.isBlank()) {
        if (abkit.manifest().experiment(key).isEmpty()) {
          return error(defaultValue, ErrorCode.FLAG_NOT_FOUND, "no experiment " + key);
        }
        return error(
            defaultValue,
            ErrorCode.TARGETING_KEY_MISSING,
            "evaluating " + what + " needs a targeting key (the unit id)");
      }
      dev.abkit.Unit u = dev.abkit.Unit.of(unit, attributes(ctx));
      Assignment a = abkit.assign(key, u);
      if (!a.enrolled()) {
        return notEnrolled(key, defaultValue, a);
      }
      T value = valueOf.apply(a);
      if (logExposures) {
        abkit.logExposure(u, a); // with the experiment's dimensions among the context's attributes
      }
      return ProviderEvaluation.<T>builder()
          .value(value)
          .variant(a.variant())
          .reason(
              a.reason() == dev.abkit.Reason.OVERRIDE
                  ? Reason.TARGETING_MATCH.toString()
                  : Reason.SPLIT.toString())
          .build();
    } catch (RuntimeException e) {
      // OpenFeature's contract: evaluation returns the default with an error, never throws.
      log.warn("abkit-openfeature: evaluating {} failed", key, e);
      return error(defaultValue, ErrorCode.GENERAL, String.valueOf(e.getMessage()));
    }
  }

  private static <T> ProviderEvaluation<T> notEnrolled(String key, T defaultValue, Assignment a) {
    switch (a.reason()) {
      case UNKNOWN_EXPERIMENT:
        return error(defaultValue, ErrorCode.FLAG_NOT_FOUND, "no experiment " + key);
      case INVALID_UNIT:
        return error(defaultValue, ErrorCode.TARGETING_KEY_MISSING, "unusable targeting key");
      case ERROR:
        return error(defaultValue, ErrorCode.GENERAL, "abkit failed to assign; see its log");
      case NOT_RUNNING:
        return ProviderEvaluation.<T>builder()
            .value(defaultValue)
            .reason(Reason.DISABLED.toString())
            .build();
      default:
        return ProviderEvaluation.<T>builder()
            .value(defaultValue)
            .reason(Reason.DEFAULT.toString())
            .build();
    }
  }

  private static <T> ProviderEvaluation<T> typeMismatch(String key, T defaultValue, String type) {
    return error(
        defaultValue,
        ErrorCode.TYPE_MISMATCH,
        "abkit flag "
            + key
            + " is a variant key (string), a config (object) or a boolean, not "
            + type);
  }

  private static <T> ProviderEvaluation<T> error(T defaultValue, ErrorCode code, String message) {
    return ProviderEvaluation.<T>builder()
        .value(defaultValue)
        .reason(Reason.ERROR.toString())
        .errorCode(code)
        .errorMessage(message)
        .build();
  }

  private String control(String experiment) {
    return abkit.manifest().experiment(experiment).map(Experiment::control).orElse(null);
  }

  private static Map<String, Object> attributes(EvaluationContext ctx) {
    Map<String, Object> all = new HashMap<>();
    ctx.asObjectMap()
        .forEach(
            (k, v) -> {
              if (v != null && !"targetingKey".equals(k)) {
                all.put(k, v);
              }
            });
    return all;
  }

  /** Configures an {@link AbKitProvider}. */
  public static final class Builder {
    private final AbKit abkit;
    private boolean logExposures = true;
    private Duration changePollInterval = Duration.ofSeconds(1);
    private Boolean logExposuresGiven;
    private Duration changePollIntervalGiven;

    private Builder(AbKit abkit) {
      this.abkit = Objects.requireNonNull(abkit, "abkit");
    }

    /** Refuses a setting given before, naming the earlier value, as abkit's other builders do. */
    private static void once(String name, Object earlier) {
      if (earlier != null) {
        throw new IllegalStateException(name + " was already set to " + earlier);
      }
    }

    /**
     * Whether evaluating a flag for an enrolled unit logs its exposure (default true). Turn off
     * when the application logs exposures itself where the variant is actually shown.
     */
    public Builder logExposures(boolean log) {
      once("logExposures", logExposuresGiven);
      this.logExposuresGiven = log;
      this.logExposures = log;
      return this;
    }

    /**
     * How often to check abkit's manifest for changes, to emit {@code
     * PROVIDER_CONFIGURATION_CHANGED}; {@link Duration#ZERO} turns the check off. Default 1 s.
     */
    public Builder changePollInterval(Duration interval) {
      Objects.requireNonNull(interval, "changePollInterval");
      if (interval.isNegative()
          || (!interval.isZero() && interval.compareTo(Duration.ofMillis(10)) < 0)) {
        throw new IllegalArgumentException(
            "changePollInterval must be zero (off) or at least 10 ms, was " + interval);
      }
      once("changePollInterval", changePollIntervalGiven);
      this.changePollIntervalGiven = interval;
      this.changePollInterval = interval;
      return this;
    }

    /** The provider. */
    public AbKitProvider build() {
      return new AbKitProvider(this);
    }
  }
}
