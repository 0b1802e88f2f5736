package dev.abkit.analysis;

import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Variant;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.VariantData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Experiments and data for analysis tests. */
final class Fixtures {
  private Fixtures() {}

  static Experiment experiment(
      String id,
      List<Variant> variants,
      List<String> metrics,
      Long targetSampleSize,
      boolean sequential) {
    return Experiment.builder(id)
        .variants(variants)
        .targetEvent("click")
        .metricEvents(metrics.toArray(String[]::new))
        .targetSampleSize(targetSampleSize)
        .sequential(sequential)
        .build();
  }

  static Experiment twoArms(boolean sequential) {
    return experiment(
        "exp", List.of(Variant.of("A", 1), Variant.of("B", 1)), List.of(), null, sequential);
  }

  /** Builds data: {@code arm("A", 250, 38)} gives 250 exposures and 38 0/1 conversions. */
  static final class Data {
    private final String experiment;
    private final List<VariantData> variants = new ArrayList<>();

    Data(String experiment) {
      this.experiment = experiment;
    }

    Data arm(String key, long exposures, long conversions) {
      return arm(
          key, exposures, Map.of("click", new MetricData(conversions, conversions, conversions)));
    }

    Data arm(String key, long exposures, Map<String, MetricData> metrics) {
      variants.add(new VariantData(key, exposures, new LinkedHashMap<>(metrics)));
      return this;
    }

    ExperimentData build() {
      return new ExperimentData(experiment, variants);
    }
  }

  static Data data(String experiment) {
    return new Data(experiment);
  }
}
