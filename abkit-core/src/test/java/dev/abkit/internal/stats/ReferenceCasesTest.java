package dev.abkit.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.abkit.internal.stats.Estimate.Difference;
import dev.abkit.internal.stats.FrequentistTest.Alternative;
import dev.abkit.internal.stats.FrequentistTest.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two-proportion reference cases C01..C10 of STATS.md section 12 (unpooled z-test, Wald CI,
 * 50/50 SRM), each number at half a unit of its last printed decimal, plus the other anchors the
 * note gives (Wilson, delta-method lift CI, Beta-binomial, CS multiplier).
 */
class ReferenceCasesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // id, conv c, n c, conv t, n t, p, p tol, ci lo, ci hi, ci tol, srm p, srm tol
    "C01, 1000, 10000, 1100, 10000, 0.02106, 5e-6, 0.00150, 0.01850, 5e-6, 1, 1e-12",
    "C02, 100, 10000, 120, 10000, 0.1751, 5e-5, -0.00089, 0.00489, 5e-6, 1, 1e-12",
    "C03, 48, 80, 56, 70, 0.00594, 5e-6, 0.0575, 0.3425, 5e-5, 0.414, 5e-4",
    "C04, 3, 10, 9, 10, 0.00053, 5e-6, 0.2605, 0.9395, 5e-5, 1, 1e-12",
    "C05, 14, 100, 20, 100, 0.2572, 5e-5, -0.0438, 0.1638, 5e-5, 1, 1e-12",
    "C06, 80, 3303, 118, 3303, 0.00608, 5e-6, 0.00329, 0.01972, 5e-6, 1, 1e-12",
    "C07, 100, 1000, 132, 1200, 0.4452, 5e-5, -0.0157, 0.0357, 5e-5, 2.0079e-5, 5e-10",
    "C08, 30, 135, 20, 115, 0.3368, 5e-5, -0.1469, 0.0503, 5e-5, 0.2059, 5e-5",
    "C09, 2200, 44000, 2350, 45000, 0.1323, 5e-5, -0.00067, 0.00512, 5e-6, 0.00080, 5e-6",
    "C10, 0, 500, 3, 500, 0.0823, 5e-5, -0.00077, 0.01277, 5e-6, 1, 1e-12",
  })
  void unpooledZTest_referenceCase_matchesStatsNote(
      String id,
      long cc,
      long nc,
      long ct,
      long nt,
      double p,
      double pTol,
      double lo,
      double hi,
      double ciTol,
      double srmP,
      double srmTol) {
    Estimate e =
        Estimate.of(ArmStats.proportion(nc, cc), ArmStats.proportion(nt, ct), Difference.ABSOLUTE);
    FrequentistTest.Outcome o =
        FrequentistTest.test(e, 0.05, Alternative.TWO_SIDED, Reference.NORMAL);
    assertThat(o.pValue()).as(id + " p").isCloseTo(p, within(pTol));
    assertThat(o.lower()).as(id + " ci lower").isCloseTo(lo, within(ciTol));
    assertThat(o.upper()).as(id + " ci upper").isCloseTo(hi, within(ciTol));
    double srm = SrmTest.test(new long[] {nc, nt}, new double[] {1, 1}).pValue();
    assertThat(srm).as(id + " srm").isCloseTo(srmP, within(srmTol));
  }

  @Test
  void pooledZTest_c01AndUsablestatsC06() {
    assertThat(PooledZTest.pValue(1000, 10000, 1100, 10000)).isCloseTo(0.02108, within(5e-6));
    // usablestats.com: pooled z 2.742, p .00611
    assertThat(PooledZTest.pValue(80, 3303, 118, 3303)).isCloseTo(0.00611, within(5e-6));
    assertThat(PooledZTest.pValue(0, 100, 0, 100)).isNaN();
  }

  @Test
  void relativeLift_c10ZeroControl_isUndefined() {
    assertThat(
            Estimate.of(
                ArmStats.proportion(500, 0), ArmStats.proportion(500, 3), Difference.RELATIVE))
        .isNull();
  }

  @Test
  void deltaMethodRelativeCi_c03_isWiderThanDividingTheAbsoluteCi() {
    Estimate rel =
        Estimate.of(ArmStats.proportion(80, 48), ArmStats.proportion(70, 56), Difference.RELATIVE);
    FrequentistTest.Outcome o =
        FrequentistTest.test(rel, 0.05, Alternative.TWO_SIDED, Reference.NORMAL);
    assertThat(o.lower()).isCloseTo(0.048, within(5e-4));
    assertThat(o.upper()).isCloseTo(0.618, within(5e-4));
  }

  @Test
  void wilson_evanMillerDefaults_c05() {
    double[] a = Wilson.interval(14, 100, 0.05);
    double[] b = Wilson.interval(20, 100, 0.05);
    assertThat(a[0]).isCloseTo(0.085, within(5e-4));
    assertThat(a[1]).isCloseTo(0.221, within(5e-4));
    assertThat(b[0]).isCloseTo(0.133, within(5e-4));
    assertThat(b[1]).isCloseTo(0.289, within(5e-4));
  }

  @Test
  void wilson_zeroAndAllConversions_staysInsideUnitInterval() {
    assertThat(Wilson.interval(0, 50, 0.05)[0]).isCloseTo(0, within(1e-12));
    assertThat(Wilson.interval(0, 50, 0.05)[1]).isBetween(0.05, 0.1);
    assertThat(Wilson.interval(50, 50, 0.05)[1]).isCloseTo(1, within(1e-12)).isLessThanOrEqualTo(1);
    assertThat(Wilson.interval(0, 0, 0.05)).isNull();
  }

  @Test
  void betaBinomial_c04_exactChanceIs0996() {
    assertThat(BetaBinomial.chanceToBeatControl(3, 10, 9, 10)).isCloseTo(0.996, within(5e-4));
  }

  @Test
  void betaBinomial_equalArms_isOneHalf() {
    assertThat(BetaBinomial.chanceToBeatControl(40, 200, 40, 200)).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void betaBinomial_largeArms_agreesWithNumericalIntegration() {
    // P(p_t > p_c) = ∫ f_t(x) F_c(x) dx with Beta posteriors, by the midpoint rule
    org.apache.commons.statistics.distribution.BetaDistribution c =
        org.apache.commons.statistics.distribution.BetaDistribution.of(1 + 380, 1 + 2000 - 380);
    org.apache.commons.statistics.distribution.BetaDistribution t =
        org.apache.commons.statistics.distribution.BetaDistribution.of(1 + 420, 1 + 2000 - 420);
    // both posteriors have sd ~0.009 around 0.19 and 0.21: [0.1, 0.35] holds all the mass
    int steps = 20_000;
    double from = 0.1;
    double width = 0.25 / steps;
    double sum = 0;
    for (int i = 0; i < steps; i++) {
      double x = from + (i + 0.5) * width;
      sum += t.density(x) * c.cumulativeProbability(x) * width;
    }
    assertThat(BetaBinomial.chanceToBeatControl(380, 2000, 420, 2000)).isCloseTo(sum, within(1e-6));
  }

  @Test
  void confidenceSequenceMultiplier_atTuning_is3035() {
    assertThat(ConfidenceSequence.multiplier(5000, 0.05, 5000)).isCloseTo(3.035, within(5e-4));
  }

  @Test
  void confidenceSequence_pValueAndInterval_agree() {
    // the always-valid p is below alpha exactly when the sequence excludes 0
    for (double shift : new double[] {0.005, 0.01, 0.012, 0.015, 0.02}) {
      Estimate e = new Estimate(shift, 0.004, 1e6);
      ConfidenceSequence.Outcome o = ConfidenceSequence.twoSided(e, 8000, 0.05, 5000);
      assertThat(o.pValue() < 0.05).as("shift " + shift).isEqualTo(o.lower() > 0);
    }
  }

  @Test
  void confidenceSequencePValue_equalsInverseMsprtLikelihoodRatio() {
    // STATS.md 4.3: with mixing variance tau^2 = rho^2 N se^2, 1/Lambda of the mSPRT is the p-value
    double alpha = 0.05;
    double tuning = 5000;
    double rho2 = (-2 * Math.log(alpha) + Math.log(1 - 2 * Math.log(alpha))) / tuning;
    for (long n : new long[] {500, 5000, 40000}) {
      double se = 0.5 / Math.sqrt(n);
      Estimate e = new Estimate(3.2 * se, se, 1e6);
      double v = se * se;
      double tau2 = rho2 * n * v;
      double lambda =
          Math.sqrt(v / (v + tau2))
              * Math.exp(tau2 * e.estimate() * e.estimate() / (2 * v * (v + tau2)));
      assertThat(ConfidenceSequence.twoSided(e, n, alpha, tuning).pValue())
          .as("n " + n)
          .isCloseTo(Math.min(1, 1 / lambda), within(1e-12));
    }
  }

  @Test
  void holm_statsNoteVector() {
    assertThat(PValueAdjustment.holm(new double[] {0.01, 0.04, 0.03, 0.005, 0.55, 0.6}))
        .containsExactly(new double[] {0.05, 0.12, 0.12, 0.03, 1, 1}, within(1e-12));
  }

  @Test
  void srm_threeWayEqualCounts_isOne() {
    assertThat(SrmTest.test(new long[] {100, 100, 100}, new double[] {1, 1, 1}).pValue())
        .isCloseTo(1, within(1e-12));
  }
}
