package dev.abkit.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.internal.stats.Estimate.Difference;
import dev.abkit.internal.stats.FrequentistTest.Alternative;
import dev.abkit.internal.stats.FrequentistTest.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs GrowthBook's stats-engine cases ({@code peer-vectors/gbstats-cases.json}, MIT, see {@code
 * SOURCES-stats.md}) against abkit's kernels at each case's tolerance ({@code tolerance_abs}, else
 * {@code 0.5e-decimals}); all 51 run, none is skipped.
 */
class GbstatsVectorsTest {

  static JsonNode cases() throws IOException {
    try (InputStream in =
        GbstatsVectorsTest.class.getResourceAsStream("/peer-vectors/gbstats-cases.json")) {
      return new ObjectMapper().readTree(in).get("cases");
    }
  }

  @Test
  void vectors_fileHas51Cases() throws IOException {
    List<String> ids = new ArrayList<>();
    cases().forEach(c -> ids.add(c.get("id").asText()));
    assertThat(ids).hasSize(51).doesNotHaveDuplicates();
  }

  @TestFactory
  Stream<DynamicTest> gbstatsCases() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases()) {
      String id = c.get("id").asText();
      tests.add(DynamicTest.dynamicTest(id, () -> run(c)));
    }
    return tests.stream();
  }

  private static void run(JsonNode c) {
    String kind = c.get("kind").asText();
    switch (kind) {
      case "frequentist_two_sided":
      case "frequentist_one_sided":
      case "sequential_two_sided":
      case "sequential_one_sided":
        effectTest(c, kind);
        break;
      case "bayesian":
        bayesian(c);
        break;
      case "bayesian_risk":
        {
          double[] risk =
              GaussianBayes.risk(c.at("/input/mu").asDouble(), c.at("/input/sigma").asDouble());
          close(c, "risk[0]", risk[0], c.at("/expected/risk/0"));
          close(c, "risk[1]", risk[1], c.at("/expected/risk/1"));
          break;
        }
      case "srm":
        {
          JsonNode users = c.at("/input/users");
          JsonNode weights = c.at("/input/weights");
          // a missing count (fewer users than weights) is an arm without data: GrowthBook drops it
          int k = Math.min(users.size(), weights.size());
          long[] observed = new long[k];
          double[] w = new double[k];
          for (int i = 0; i < k; i++) {
            observed[i] = users.get(i).asLong();
            w[i] = weights.get(i).asDouble();
          }
          close(c, "p_value", SrmTest.test(observed, w).pValue(), c.at("/expected/p_value"));
          break;
        }
      case "p_value_adjustment":
        {
          double[] p = doubles(c.at("/input/p_values"));
          double[] adjusted =
              c.at("/input/method").asText().equals("holm-bonferroni")
                  ? PValueAdjustment.holm(p)
                  : PValueAdjustment.benjaminiHochberg(p);
          for (int i = 0; i < p.length; i++) {
            close(
                c,
                "adjusted[" + i + "]",
                adjusted[i],
                c.at("/expected/adjusted_by_input_index/" + i));
          }
          break;
        }
      case "delta_method_variance":
        {
          JsonNode in = c.get("input");
          // GrowthBook's a = control, b = treatment
          ArmStats control =
              new ArmStats(
                  in.get("n_a").asLong(), in.get("mean_a").asDouble(), in.get("var_a").asDouble());
          ArmStats treatment =
              new ArmStats(
                  in.get("n_b").asLong(), in.get("mean_b").asDouble(), in.get("var_b").asDouble());
          Estimate e =
              Estimate.of(
                  control,
                  treatment,
                  in.get("relative").asBoolean() ? Difference.RELATIVE : Difference.ABSOLUTE);
          close(c, "variance", e.stdError() * e.stdError(), c.at("/expected/variance"));
          break;
        }
      case "power_frequentist":
      case "mde_frequentist":
        {
          JsonNode in = c.get("input");
          double sd = in.get("standard_deviation").asDouble();
          double tuning =
              in.get("sequential_tuning_parameter").isNull()
                  ? Double.NaN
                  : in.get("sequential_tuning_parameter").asDouble();
          if (kind.equals("power_frequentist")) {
            double power =
                Power.power(
                    in.get("mean").asDouble(),
                    sd * sd,
                    in.get("effect_size").asDouble(),
                    in.get("n").asDouble(),
                    in.get("n_variations").asInt(),
                    in.get("alpha").asDouble(),
                    tuning);
            close(c, "power", power, c.at("/expected/power"));
          } else {
            double mde =
                Power.mde(
                    in.get("mean").asDouble(),
                    sd * sd,
                    in.get("power").asDouble(),
                    in.get("n").asDouble(),
                    in.get("n_variations").asInt(),
                    in.get("alpha").asDouble(),
                    tuning);
            close(c, "mde", mde, c.at("/expected/mde"));
          }
          break;
        }
      case "power_metric_weeks_frequentist":
        powerWeeks(c);
        break;
      default:
        throw new AssertionError(c.get("id").asText() + ": unknown kind " + kind);
    }
    if (c.has("expected_extra")) {
      armMeans(c);
    }
  }

  /** The per-arm means the same GrowthBook test asserts (CUPED: the unadjusted ones). */
  private static void armMeans(JsonNode c) {
    JsonNode extra = c.get("expected_extra");
    for (String side : new String[] {"control", "treatment"}) {
      JsonNode a = c.at("/input/" + side);
      if (extra.has(side + "_mean")) {
        close(c, side + "_mean", arm(a).mean(), extra.get(side + "_mean"));
      } else {
        double unadjusted = cupedSums(a).ySum() / a.get("n").asDouble();
        close(c, side + "_mean_unadjusted", unadjusted, extra.get(side + "_mean_unadjusted"));
      }
    }
  }

  private static void effectTest(JsonNode c, String kind) {
    JsonNode config = c.get("config");
    Difference difference =
        config.get("difference_type").asText().equals("relative")
            ? Difference.RELATIVE
            : Difference.ABSOLUTE;
    double alpha = config.get("alpha").asDouble();
    Estimate e = estimate(c.get("input"), difference);
    JsonNode expected = c.get("expected");
    if (expected.has("errorMessage")) {
      // GrowthBook answers its uninformative default; abkit reports the effect as undefined (null)
      assertThat(e).as(c.get("id").asText() + ": undefined estimate").isNull();
      return;
    }
    assertThat(e).as(c.get("id").asText() + ": estimate").isNotNull();
    close(c, "expected", e.estimate(), expected.get("expected"));
    if (expected.has("uplift_stddev")) {
      close(c, "uplift_stddev", e.stdError(), expected.get("uplift_stddev"));
    }
    double lower;
    double upper;
    double p;
    boolean oneSided = kind.endsWith("one_sided");
    boolean greater = oneSided && config.get("direction").asText().equals("greater");
    if (kind.startsWith("sequential")) {
      double tuning = config.get("sequential_tuning_parameter").asDouble();
      long n = c.at("/input/control/n").asLong() + c.at("/input/treatment/n").asLong();
      ConfidenceSequence.Outcome o =
          oneSided
              ? ConfidenceSequence.oneSided(e, n, alpha, tuning, greater)
              : ConfidenceSequence.twoSided(e, n, alpha, tuning);
      lower = o.lower();
      upper = o.upper();
      p = o.pValue();
    } else {
      Alternative alternative =
          oneSided ? (greater ? Alternative.GREATER : Alternative.LESSER) : Alternative.TWO_SIDED;
      FrequentistTest.Outcome o = FrequentistTest.test(e, alpha, alternative, Reference.STUDENT_T);
      lower = o.lower();
      upper = o.upper();
      p = o.pValue();
    }
    close(c, "pValue", p, expected.get("pValue"));
    if (expected.has("ci")) {
      close(c, "ci[0]", lower, expected.at("/ci/0"));
      close(c, "ci[1]", upper, expected.at("/ci/1"));
    }
    if (expected.has("ci_0")) {
      close(c, "ci_0", lower, expected.get("ci_0"));
    }
  }

  private static void bayesian(JsonNode c) {
    JsonNode config = c.get("config");
    Difference difference =
        config.get("difference_type").asText().equals("relative")
            ? Difference.RELATIVE
            : Difference.ABSOLUTE;
    Estimate e = estimate(c.get("input"), difference);
    if (c.at("/input/control/n").asLong() == 0 && c.at("/input/treatment/n").asLong() == 0) {
      // GrowthBook answers chance 0.5 / expected 0; abkit reports no estimate (null in results)
      assertThat(e).as(c.get("id").asText() + ": undefined without data").isNull();
      return;
    }
    JsonNode prior = config.get("prior");
    boolean proper = prior.get("proper").asBoolean();
    GaussianBayes.Posterior post =
        GaussianBayes.posterior(
            e,
            proper ? prior.get("mean").asDouble() : 0,
            proper ? prior.get("variance").asDouble() : Double.NaN,
            config.has("alpha") ? config.get("alpha").asDouble() : 0.05,
            config.path("inverse").asBoolean(false));
    JsonNode expected = c.get("expected");
    close(c, "expected", post.mean(), expected.get("expected"));
    close(c, "chanceToWin", post.chanceToWin(), expected.get("chanceToWin"));
    if (expected.has("uplift_stddev")) {
      close(c, "uplift_stddev", post.sd(), expected.get("uplift_stddev"));
    }
    if (expected.has("ci")) {
      close(c, "ci[0]", post.lower(), expected.at("/ci/0"));
      close(c, "ci[1]", post.upper(), expected.at("/ci/1"));
    }
    if (expected.has("risk")) {
      close(c, "risk[0]", post.riskControl(), expected.at("/risk/0"));
      close(c, "risk[1]", post.riskTreatment(), expected.at("/risk/1"));
    }
    if (expected.has("risk_1")) {
      // element [1] of GrowthBook's (swapped for inverse) array: the expected loss of shipping the
      // treatment, which for an inverse metric is P(d>0)E(d|d>0)
      double risk1 = post.riskTreatment();
      close(c, "risk_1", risk1, expected.get("risk_1"));
    }
  }

  private static void powerWeeks(JsonNode c) {
    JsonNode in = c.get("input");
    int weeks = in.get("n_weeks").asInt();
    JsonNode metrics = in.get("metrics");
    int k = in.get("n_variations").asInt();
    double alpha = in.get("alpha").asDouble();
    for (int w = 1; w <= weeks; w++) {
      double n = in.get("users_per_week").asDouble() * w;
      for (int m = 0; m < metrics.size(); m++) {
        JsonNode metric = metrics.get(m);
        double mean;
        double variance;
        if (metric.get("metric_type").asText().equals("binomial")) {
          mean = metric.get("conversion_rate").asDouble();
          variance = mean * (1 - mean);
        } else {
          mean = metric.get("mean").asDouble();
          variance = Math.pow(metric.get("standard_deviation").asDouble(), 2);
        }
        int index = (w - 1) * metrics.size() + m;
        double power =
            Power.power(
                mean, variance, metric.get("effect_size").asDouble(), n, k, alpha, Double.NaN);
        double mde = Power.mde(mean, variance, 0.8, n, k, alpha, Double.NaN);
        close(c, "power[" + index + "]", power, c.at("/expected/power_interleaved/" + index));
        close(c, "mde[" + index + "]", mde, c.at("/expected/mde_interleaved/" + index));
      }
    }
  }

  /**
   * The comparison of the input's treatment against its control: plain arms through {@link
   * Estimate#of}, CUPED arms through {@link Cuped} or {@link CupedRatio} with θ from both arms.
   */
  private static Estimate estimate(JsonNode input, Difference difference) {
    JsonNode control = input.get("control");
    JsonNode treatment = input.get("treatment");
    switch (control.get("type").asText()) {
      case "cuped_mean":
      case "cuped_proportion":
        {
          Cuped.Moments moments =
              control.get("type").asText().equals("cuped_proportion")
                  ? Cuped.Moments.PROPORTION
                  : Cuped.Moments.SAMPLE;
          PairedSums a = cupedSums(control);
          PairedSums b = cupedSums(treatment);
          return Cuped.estimate(a, b, Cuped.theta(a, b, moments), difference, moments);
        }
      case "cuped_ratio":
        {
          RatioPairedSums a = cupedRatioSums(control);
          RatioPairedSums b = cupedRatioSums(treatment);
          return CupedRatio.estimate(a, b, CupedRatio.theta(a, b), difference);
        }
      default:
        return Estimate.of(arm(control), arm(treatment), difference);
    }
  }

  /** {@code y} = post, {@code x} = pre; a 0/1 metric's sums of squares are its sums. */
  private static PairedSums cupedSums(JsonNode a) {
    double post = a.get("post_sum").asDouble();
    double pre = a.get("pre_sum").asDouble();
    return new PairedSums(
        a.get("n").asLong(),
        post,
        a.has("post_sum_squares") ? a.get("post_sum_squares").asDouble() : post,
        pre,
        a.has("pre_sum_squares") ? a.get("pre_sum_squares").asDouble() : pre,
        a.get("post_pre_sum_of_products").asDouble());
  }

  private static RatioPairedSums cupedRatioSums(JsonNode a) {
    return new RatioPairedSums(
        a.get("n").asLong(),
        a.at("/m_post/sum").asDouble(),
        a.at("/m_post/sum_squares").asDouble(),
        a.at("/d_post/sum").asDouble(),
        a.at("/d_post/sum_squares").asDouble(),
        a.at("/m_pre/sum").asDouble(),
        a.at("/m_pre/sum_squares").asDouble(),
        a.at("/d_pre/sum").asDouble(),
        a.at("/d_pre/sum_squares").asDouble(),
        a.get("m_post_m_pre_sum_of_products").asDouble(),
        a.get("d_post_d_pre_sum_of_products").asDouble(),
        a.get("m_pre_d_pre_sum_of_products").asDouble(),
        a.get("m_post_d_post_sum_of_products").asDouble(),
        a.get("m_post_d_pre_sum_of_products").asDouble(),
        a.get("m_pre_d_post_sum_of_products").asDouble());
  }

  private static ArmStats arm(JsonNode a) {
    String type = a.get("type").asText();
    long n = a.get("n").asLong();
    switch (type) {
      case "proportion":
        return ArmStats.proportion(n, a.get("sum").asDouble());
      case "sample_mean":
        return ArmStats.sampleMean(n, a.get("sum").asDouble(), a.get("sum_squares").asDouble());
      case "ratio":
        return RatioStatistic.arm(
            new PairedSums(
                n,
                a.get("m_sum").asDouble(),
                a.get("m_sum_squares").asDouble(),
                a.get("d_sum").asDouble(),
                a.get("d_sum_squares").asDouble(),
                a.get("m_d_sum_of_products").asDouble()));
      default:
        throw new AssertionError("unsupported arm type " + type);
    }
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  private static void close(JsonNode c, String what, double actual, JsonNode expected) {
    String label = c.get("id").asText() + " " + what;
    if (expected.isTextual()) {
      double inf =
          expected.asText().startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      assertThat(actual).as(label).isEqualTo(inf);
      return;
    }
    double tolerance =
        c.has("tolerance_abs")
            ? c.get("tolerance_abs").asDouble()
            : 0.5 * Math.pow(10, -c.get("decimals").asInt());
    // expected values are GrowthBook's output rounded to `decimals`; allow for that rounding
    assertThat(actual).as(label).isCloseTo(expected.asDouble(), within(tolerance * (1 + 1e-9)));
  }
}
