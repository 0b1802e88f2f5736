package dev.abkit.examples.bench;

import com.optimizely.ab.Optimizely;
import com.optimizely.ab.config.Variation;
import com.optimizely.ab.event.NoopEventHandler;
import io.getunleash.DefaultUnleash;
import io.getunleash.UnleashContext;
import io.getunleash.util.UnleashConfig;
import io.getunleash.variant.Variant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Peer SDKs assigning the same experiment shape as {@link AssignBenchmark#assignOne} (3 variants,
 * no targeting, no network), set up as docs/peer-performance.md describes so the numbers are
 * comparable with its anchors: clients are built once per trial, per-call contexts are built inside
 * the measured method, and each setup checks that the client really assigns.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 2,
    jvmArgs = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PeerBenchmark {
  static final Set<String> VARIANTS = Set.of("control", "treatment_a", "treatment_b");

  /** Unleash client features (v2): one flexibleRollout 100 % toggle, variants 334/333/333. */
  static final String UNLEASH_TOGGLES =
      """
      {"version": 2, "features": [{
        "name": "bench_toggle", "type": "experiment", "enabled": true, "impressionData": false,
        "strategies": [{"name": "flexibleRollout", "constraints": [],
          "parameters": {"rollout": "100", "stickiness": "userId", "groupId": "bench_toggle"}}],
        "variants": [
          {"name": "control", "weight": 334, "weightType": "variable", "stickiness": "userId"},
          {"name": "treatment_a", "weight": 333, "weightType": "variable", "stickiness": "userId"},
          {"name": "treatment_b", "weight": 333, "weightType": "variable", "stickiness": "userId"}
        ]}]}
      """;

  /** Optimizely datafile v4: one running experiment, 3 variations, 90 % traffic, no audience. */
  static final String OPTIMIZELY_DATAFILE =
      """
      {"version": "4", "projectId": "10000", "accountId": "10000", "revision": "1",
       "anonymizeIP": true, "botFiltering": false,
       "attributes": [], "audiences": [], "typedAudiences": [], "events": [], "groups": [],
       "rollouts": [], "integrations": [],
       "experiments": [{
         "id": "30000", "key": "bench_exp", "status": "Running", "layerId": "40000",
         "audienceIds": [], "audienceConditions": [], "forcedVariations": {},
         "variations": [
           {"id": "50001", "key": "control", "featureEnabled": true, "variables": []},
           {"id": "50002", "key": "treatment_a", "featureEnabled": true, "variables": []},
           {"id": "50003", "key": "treatment_b", "featureEnabled": true, "variables": []}],
         "trafficAllocation": [
           {"entityId": "50001", "endOfRange": 3000},
           {"entityId": "50002", "endOfRange": 6000},
           {"entityId": "50003", "endOfRange": 9000}]}],
       "featureFlags": [{"id": "60000", "key": "bench_flag", "experimentIds": ["30000"],
         "rolloutId": "", "variables": []}]}
      """;

  /**
   * Unleash, offline: polling and metrics off, toggles from a bootstrap provider, and a backup file
   * that does not exist (it is read before the bootstrap). The unreachable API URL is never called.
   */
  @State(Scope.Benchmark)
  public static class UnleashState {
    DefaultUnleash client;
    private Path dir;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      dir = Files.createTempDirectory("abkit-bench-unleash");
      UnleashConfig config =
          UnleashConfig.builder()
              .appName("abkit-bench")
              .instanceId("abkit-bench-" + ProcessHandle.current().pid())
              .unleashAPI("http://127.0.0.1:9/api/")
              .apiKey("unused")
              .disablePolling()
              .disableMetrics()
              .fetchTogglesInterval(0)
              .backupFile(dir.resolve("no-such-backup.json").toString())
              .toggleBootstrapProvider(() -> Optional.of(UNLEASH_TOGGLES))
              .build();
      client = new DefaultUnleash(config);
      if (!client.more().getFeatureToggleNames().contains("bench_toggle")) {
        throw new IllegalStateException(
            "Unleash did not load bench_toggle from the bootstrap: "
                + client.more().getFeatureToggleNames());
      }
      Map<String, Integer> counts = new HashMap<>();
      for (String id : BenchUsers.ids()) {
        Variant v = client.getVariant("bench_toggle", UnleashContext.builder().userId(id).build());
        if (!v.isEnabled() || !VARIANTS.contains(v.getName())) {
          throw new IllegalStateException(
              "Unleash gave " + v.getName() + " (enabled " + v.isEnabled() + ") for " + id);
        }
        counts.merge(v.getName(), 1, Integer::sum);
      }
      if (counts.size() != VARIANTS.size()) {
        throw new IllegalStateException("Unleash used only variants " + counts);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      client.shutdown();
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
        Files.delete(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("removing " + dir, e);
      }
    }
  }

  /** Optimizely from a local datafile: static config, no polling, no-op event handler. */
  @State(Scope.Benchmark)
  public static class OptimizelyState {
    Optimizely client;

    @Setup(Level.Trial)
    public void setUp() {
      client =
          Optimizely.builder()
              .withDatafile(OPTIMIZELY_DATAFILE)
              .withEventHandler(new NoopEventHandler())
              .build();
      if (!client.isValid()) {
        throw new IllegalStateException("Optimizely rejected the benchmark datafile");
      }
      Map<String, Integer> counts = new HashMap<>();
      for (String id : BenchUsers.ids()) {
        Variation v = client.getVariation("bench_exp", id);
        String key = v == null ? "none" : v.getKey();
        if (v != null && !VARIANTS.contains(key)) {
          throw new IllegalStateException("Optimizely gave unknown variation " + key);
        }
        counts.merge(key, 1, Integer::sum);
      }
      int none = counts.getOrDefault("none", 0);
      if (counts.size() != VARIANTS.size() + 1
          || none < BenchUsers.SIZE / 20
          || none > BenchUsers.SIZE / 5) {
        throw new IllegalStateException(
            "Optimizely bucketing is off (expect 3 variations and ~10 % unbucketed): " + counts);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      client.close();
    }
  }

  /** {@code getVariant} with a per-call context carrying the user id. */
  @Benchmark
  public Variant unleashVariant(UnleashState s, BenchUsers users) {
    return s.client.getVariant(
        "bench_toggle", UnleashContext.builder().userId(users.next()).build());
  }

  /** {@code getVariation(experimentKey, userId)}: no impression is sent. */
  @Benchmark
  public Variation optimizelyVariation(OptimizelyState s, BenchUsers users) {
    return s.client.getVariation("bench_exp", users.next());
  }
}
