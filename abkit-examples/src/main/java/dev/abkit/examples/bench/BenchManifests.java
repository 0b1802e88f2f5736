package dev.abkit.examples.bench;

import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Manifest;
import dev.abkit.manifest.Variant;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest of {@link AssignBenchmark}, built with the record API (no parser on the benchmark
 * path): 20 running experiments without targeting. The first, {@link #EXPERIMENT}, has the shape
 * the peers are measured with: 3 equal variants, traffic 0.9, default {@code murmur3} hash, salt =
 * id. The other 19 have 2 or 3 variants and traffic between 0.5 and 1.
 */
public final class BenchManifests {
  /** The experiment {@code assignOne} assigns; also its salt. */
  public static final String EXPERIMENT = "bench_exp";

  /** Number of running experiments {@code assignTwenty} assigns. */
  public static final int EXPERIMENTS = 20;

  private BenchManifests() {}

  /** The 20-experiment manifest. */
  public static Manifest twenty() {
    List<Experiment> all = new ArrayList<>();
    all.add(experiment(EXPERIMENT, List.of("control", "treatment_a", "treatment_b"), 0.9));
    for (int i = 1; i < EXPERIMENTS; i++) {
      List<String> variants = i % 2 == 0 ? List.of("A", "B", "C") : List.of("A", "B");
      all.add(experiment(String.format("bench_exp_%02d", i), variants, 0.5 + (i % 6) * 0.1));
    }
    return new Manifest(all, List.of());
  }

  private static Experiment experiment(String id, List<String> variantKeys, double traffic) {
    return Experiment.builder(id)
        .description("benchmark experiment")
        .variants(variantKeys.stream().map(k -> Variant.of(k, 1)).toList())
        .traffic(Math.min(1, traffic))
        .targetEvent("conversion")
        .build();
  }
}
