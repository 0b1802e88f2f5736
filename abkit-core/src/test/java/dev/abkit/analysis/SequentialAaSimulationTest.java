package dev.abkit.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.VariantData;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded A/A simulation through the public analyzer: both arms convert at the same rate and the
 * results are looked at 20 times. Peeking at the fixed-horizon p-value inflates false positives
 * (about 25% at 20 looks per Armitage et al. 1969, STATS.md 4.1); the always-valid p-value keeps
 * them at or below α.
 */
class SequentialAaSimulationTest {
  private static final int RUNS = 1000;
  private static final int LOOKS = 20;
  private static final int UNITS_PER_LOOK = 100; // per arm
  private static final double RATE = 0.2;
  private static final double ALPHA = 0.05;

  @Test
  void peekingTwentyTimes_sequentialStaysBelowAlpha_fixedHorizonDoesNot() {
    SplittableRandom random = new SplittableRandom(20261123);
    int fixedHits = 0;
    int sequentialHits = 0;
    dev.abkit.manifest.Experiment e = Fixtures.twoArms(true);
    for (int run = 0; run < RUNS; run++) {
      long convA = 0;
      long convB = 0;
      boolean fixedRejected = false;
      boolean sequentialRejected = false;
      for (int look = 1; look <= LOOKS; look++) {
        for (int i = 0; i < UNITS_PER_LOOK; i++) {
          convA += random.nextDouble() < RATE ? 1 : 0;
          convB += random.nextDouble() < RATE ? 1 : 0;
        }
        long n = (long) look * UNITS_PER_LOOK;
        ExperimentData d =
            new ExperimentData(
                "exp",
                List.of(
                    new VariantData("A", n, Map.of("click", new MetricData(convA, convA, convA))),
                    new VariantData("B", n, Map.of("click", new MetricData(convB, convB, convB)))));
        Comparison c = Analyzer.analyze(e, d).variant("B").orElseThrow().comparison();
        fixedRejected |= c.pValue() != null && c.pValue() < ALPHA;
        sequentialRejected |= c.sequential().pValue() != null && c.sequential().pValue() < ALPHA;
      }
      fixedHits += fixedRejected ? 1 : 0;
      sequentialHits += sequentialRejected ? 1 : 0;
    }
    double fixedRate = (double) fixedHits / RUNS;
    double sequentialRate = (double) sequentialHits / RUNS;
    System.out.printf(
        "A/A, %d runs x %d looks: fixed-horizon false-positive rate %.3f, sequential %.3f%n",
        RUNS, LOOKS, fixedRate, sequentialRate);
    // Monte Carlo standard error at 0.05 with 1000 runs is about 0.007
    assertThat(sequentialRate).isLessThanOrEqualTo(ALPHA + 0.015);
    assertThat(fixedRate).isGreaterThanOrEqualTo(0.12);
  }
}
