package dev.abkit.examples.bench;

import static dev.abkit.examples.bench.BenchManifests.EXPERIMENT;

import dev.abkit.AbKit;
import dev.abkit.openfeature.AbKitProvider;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderEvaluation;
import java.time.Duration;
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
 * The OpenFeature provider's evaluation cost next to {@link AssignBenchmark#assignOne} (same
 * manifest, experiment and users): the provider called directly, and through the SDK's client
 * (hooks, context merging, evaluation details). Exposure logging is off, as in {@code assignOne},
 * so both measure assignment only.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 2,
    jvmArgs = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OpenFeatureBenchmark {

  /** One provider and one client over {@link BenchManifests#twenty()}. */
  @State(Scope.Benchmark)
  public static class Kit {
    AbKit abkit;
    AbKitProvider provider;
    Client client;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      abkit = AbKit.builder().manifest(BenchManifests.twenty()).build();
      provider =
          AbKitProvider.builder(abkit)
              .logExposures(false)
              .changePollInterval(Duration.ZERO)
              .build();
      OpenFeatureAPI.getInstance().setProviderAndWait("bench", provider);
      client = OpenFeatureAPI.getInstance().getClient("bench");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      OpenFeatureAPI.getInstance().shutdown();
      abkit.close();
    }
  }

  /** {@code FeatureProvider.getStringEvaluation}, as the SDK calls it. */
  @Benchmark
  public ProviderEvaluation<String> providerString(Kit kit, BenchUsers users) {
    return kit.provider.getStringEvaluation(EXPERIMENT, "A", new ImmutableContext(users.next()));
  }

  /** {@code client.getStringValue}: what application code calls. */
  @Benchmark
  public String clientString(Kit kit, BenchUsers users) {
    return kit.client.getStringValue(EXPERIMENT, "A", new ImmutableContext(users.next()));
  }
}
