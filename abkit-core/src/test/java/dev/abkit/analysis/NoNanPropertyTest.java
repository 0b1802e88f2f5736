package dev.abkit.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Variant;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.VariantData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random data, edge values favoured (0, 1 and 2 units, no conversions, everyone converting,
 * zero and negative sums, more conversions than exposures): analysis never fails and its JSON never
 * holds NaN or Infinity, and the table and HTML render.
 */
class NoNanPropertyTest {

  @Test
  void analyze_anyData_rendersStrictJsonWithoutNaN() throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    ObjectMapper strict = new ObjectMapper(); // rejects NaN/Infinity tokens by default
    for (int round = 0; round < 200; round++) {
      int arms = 2 + random.nextInt(3);
      List<Variant> variants = new ArrayList<>();
      List<VariantData> data = new ArrayList<>();
      for (int i = 0; i < arms; i++) {
        String key = "v" + i;
        variants.add(Variant.of(key, random.nextInt(4)));
        if (random.nextInt(6) == 0) {
          continue; // a variant without data
        }
        long n = pick(random, new long[] {0, 1, 2, 3, 50, 1000});
        long conv = pick(random, new long[] {0, 1, n, n + 1, n / 2});
        double sum = pick(random, new double[] {0, conv, -5, 1e6, conv * 2.5});
        double sumSquares = pick(random, new double[] {0, sum * sum, conv, 1e12});
        data.add(
            new VariantData(
                key,
                n,
                Map.of(
                    "click", new MetricData(conv, conv, conv),
                    "revenue", new MetricData(conv, sum, sumSquares))));
      }
      if (variants.stream().allMatch(v -> v.weight() == 0)) {
        variants.set(0, Variant.of("v0", 1));
      }
      Experiment e =
          Fixtures.experiment("p", variants, List.of("revenue"), 100L, random.nextBoolean());
      Results results = new Results(List.of(Analyzer.analyze(e, new ExperimentData("p", data))));
      String json = ResultsFormat.JSON.render(results);
      assertThat(json).as(json).doesNotContain("NaN").doesNotContain("Infinity");
      assertThat(strict.readTree(json).get("experiments").size()).isEqualTo(1);
      assertThat(ResultsFormat.TABLE.render(results)).doesNotContain("NaN");
      assertThat(ResultsFormat.HTML.render(results)).doesNotContain("NaN");
    }
  }

  private static long pick(SplittableRandom r, long[] values) {
    return values[r.nextInt(values.length)];
  }

  private static double pick(SplittableRandom r, double[] values) {
    return values[r.nextInt(values.length)];
  }
}
