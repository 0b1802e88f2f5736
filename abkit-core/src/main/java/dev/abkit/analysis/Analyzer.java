package dev.abkit.analysis;

import dev.abkit.internal.stats.ArmStats;
import dev.abkit.internal.stats.BetaBinomial;
import dev.abkit.internal.stats.ConfidenceSequence;
import dev.abkit.internal.stats.Distributions;
import dev.abkit.internal.stats.Estimate;
import dev.abkit.internal.stats.Estimate.Difference;
import dev.abkit.internal.stats.FrequentistTest;
import dev.abkit.internal.stats.FrequentistTest.Alternative;
import dev.abkit.internal.stats.FrequentistTest.Reference;
import dev.abkit.internal.stats.PValueAdjustment;
import dev.abkit.internal.stats.PooledZTest;
import dev.abkit.internal.stats.SrmTest;
import dev.abkit.internal.stats.Wilson;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Metric;
import dev.abkit.manifest.Variant;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.MetricQuery;
import dev.abkit.spi.VariantData;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns sufficient statistics into results. Stateless and thread-safe.
 *
 * <p>Per variant and metric: exposures, conversions (units with an event after first exposure),
 * rate with a Wilson interval, sum and mean per exposed unit. The target event is compared as a
 * {@link MetricKind#CONVERSION} (rate; per-unit variance {@code p(1−p)}), further metrics as a
 * {@link MetricKind#MEAN} (value per exposed unit; variance {@code (Q − S²/n)/(n−1)}). Against
 * control: absolute difference with an unpooled interval and two-sided p-value (normal, or Welch t
 * when the Welch dof is below 100), relative lift with a delta-method interval (STATS.md 2.1-2.3),
 * Gaussian chance to beat control (flat prior), exact Beta-binomial chance for conversions, the
 * always-valid p-value and confidence sequence when the experiment is {@code sequential} (STATS.md
 * 4.3), Holm adjustment across treatments, SRM against the planned weights and progress toward
 * {@code target_sample_size}.
 *
 * <p>Undefined numbers are {@code null}, never NaN: rate and mean without exposures; every lift
 * component when an arm has no exposures; relative lift when the control mean is 0; intervals and
 * p-values when an arm has fewer than 2 units or both arms have zero variance (e.g. 0 conversions
 * everywhere, or everyone converting in both arms). Variants in the data but not in the manifest
 * are ignored; manifest variants without data count 0 exposures.
 */
public final class Analyzer {
  /**
   * Exact Beta-binomial chance is computed up to this many treatment conversions (its cost is
   * linear in them); above, the Gaussian chance is as good.
   */
  public static final long EXACT_CHANCE_MAX_CONVERSIONS = 100_000;

  private Analyzer() {}

  /**
   * What analysing {@code experiment} reads from its store: each metric's events counted from
   * {@code first exposure + delay} until {@code first exposure + window}, before {@code end_at}
   * (DESIGN.md section 9).
   */
  public static ExperimentQuery query(Experiment experiment) {
    List<MetricQuery> metrics = new ArrayList<>();
    for (Metric m : experiment.allMetrics()) {
      if (m.type() != Metric.Type.RATIO) {
        metrics.add(
            new MetricQuery(
                m.name(), Objects.requireNonNull(m.event()), amount(m), m.delay(), m.window()));
      }
    }
    return new ExperimentQuery(experiment.id(), metrics, experiment.endAt());
  }

  private static MetricQuery.Amount amount(Metric m) {
    return switch (m.type()) {
      case CONVERSION, RATIO -> MetricQuery.Amount.VALUE_OR_ONE;
      case COUNT -> MetricQuery.Amount.ONE;
      case SUM -> MetricQuery.Amount.VALUE_OR_ZERO;
    };
  }

  /** Analyzes one experiment's data against its manifest entry with default settings. */
  public static ExperimentResult analyze(Experiment experiment, ExperimentData data) {
    return analyze(experiment, data, AnalysisSettings.defaults());
  }

  /**
   * Analyzes one experiment's data against its manifest entry.
   *
   * @throws IllegalArgumentException when {@code data} belongs to another experiment
   */
  public static ExperimentResult analyze(
      Experiment experiment, ExperimentData data, AnalysisSettings settings) {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(settings, "settings");
    if (!experiment.id().equals(data.experiment())) {
      throw new IllegalArgumentException(
          "data of experiment " + data.experiment() + " given for experiment " + experiment.id());
    }
    Srm srm = srm(experiment, data, settings);
    long total = 0;
    for (Variant v : experiment.variants()) {
      total += exposures(data, v.key());
    }
    Long target = experiment.targetSampleSize();
    Progress progress =
        new Progress(total, target, target == null || target <= 0 ? null : (double) total / target);
    List<VariantResult> variants =
        metric(experiment, data, experiment.targetEvent(), MetricKind.CONVERSION, srm, settings);
    List<MetricResult> metrics = new ArrayList<>();
    for (Metric metric : experiment.metrics()) {
      String name = metric.name();
      String error = sumsError(experiment, data, name);
      metrics.add(
          error != null
              ? MetricResult.failed(name, MetricKind.MEAN, error)
              : new MetricResult(
                  name,
                  MetricKind.MEAN,
                  metric(experiment, data, name, MetricKind.MEAN, srm, settings)));
    }
    return new ExperimentResult(
        experiment.id(),
        experiment.targetEvent(),
        experiment.control(),
        experiment.significanceLevel(),
        experiment.sequential(),
        settings.sequentialTuning(),
        srm,
        progress,
        variants,
        metrics);
  }

  private static Srm srm(Experiment experiment, ExperimentData data, AnalysisSettings settings) {
    List<Variant> variants = experiment.variants();
    long[] observed = new long[variants.size()];
    double[] weights = new double[variants.size()];
    double weightSum = 0;
    long total = 0;
    for (int i = 0; i < observed.length; i++) {
      Variant v = variants.get(i);
      observed[i] = exposures(data, v.key());
      // an explicit range overrides the weight when bucketing, so it is the planned share
      weights[i] = v.range() != null ? v.range().width() : v.weight();
      if (weights[i] > 0) {
        weightSum += weights[i];
        total += observed[i];
      }
    }
    SrmTest.Outcome outcome = SrmTest.test(observed, weights);
    boolean checked = total > 0;
    for (double w : weights) {
      if (w > 0 && total * w / weightSum < settings.srmMinimumCount()) {
        checked = false;
      }
    }
    boolean mismatch = checked && outcome.pValue() < settings.srmThreshold();
    return new Srm(
        outcome.pValue(), outcome.chiSquare(), mismatch, checked, settings.srmThreshold());
  }

  private static long exposures(ExperimentData data, String key) {
    return data.variant(key).map(VariantData::exposures).orElse(0L);
  }

  private static MetricData metricData(ExperimentData data, String key, @Nullable String metric) {
    if (metric == null) {
      return MetricData.EMPTY;
    }
    return data.variant(key).map(v -> v.metric(metric)).orElse(MetricData.EMPTY);
  }

  /**
   * Why a mean metric cannot be computed, or null: the store said so, or a sum is not a finite
   * number (a huge value overflowed it). A conversion needs no sums, so the target event is always
   * computed.
   */
  private static @Nullable String sumsError(
      Experiment experiment, ExperimentData data, String metric) {
    String stored = data.metricErrors().get(metric);
    if (stored != null) {
      return stored;
    }
    for (Variant v : experiment.variants()) {
      if (!metricData(data, v.key(), metric).finite()) {
        return "the sums of "
            + metric
            + "'s values leave the double range in variant "
            + v.key()
            + ": some value is far too large";
      }
    }
    return null;
  }

  private static ArmStats arm(long n, MetricData m, MetricKind kind) {
    return kind == MetricKind.CONVERSION
        ? ArmStats.proportion(n, m.units())
        : ArmStats.shiftedSampleMean(
            n, m.units(), m.shift(), m.shiftedSum(), m.shiftedSumSquares());
  }

  /** One treatment's intermediate numbers before Holm adjustment. */
  private static final class Draft {
    final String key;
    final long n;
    final MetricData data;

    @SuppressWarnings("NullAway.Init") // set by the loop that makes the draft, before any read
    Lift lift;

    @Nullable Double p;
    @Nullable Double pooledP;
    @Nullable Double chance;
    @Nullable Double exactChance;
    @Nullable Double seqP;
    @Nullable Interval seqAbsolute;
    @Nullable Interval seqRelative;

    Draft(String key, long n, MetricData data) {
      this.key = key;
      this.n = n;
      this.data = data;
    }
  }

  private static List<VariantResult> metric(
      Experiment experiment,
      ExperimentData data,
      @Nullable String metric,
      MetricKind kind,
      Srm srm,
      AnalysisSettings settings) {
    double alpha = experiment.significanceLevel();
    String controlKey = experiment.control();
    long nc = exposures(data, controlKey);
    MetricData mc = metricData(data, controlKey, metric);
    ArmStats control = arm(nc, mc, kind);

    List<Draft> drafts = new ArrayList<>();
    for (Variant v : experiment.variants()) {
      if (v.key().equals(controlKey)) {
        continue;
      }
      long nt = exposures(data, v.key());
      MetricData mt = metricData(data, v.key(), metric);
      Draft d = new Draft(v.key(), nt, mt);
      ArmStats treatment = arm(nt, mt, kind);
      Estimate absolute = Estimate.of(control, treatment, Difference.ABSOLUTE);
      Estimate relative = Estimate.of(control, treatment, Difference.RELATIVE);
      Double absPoint = nc > 0 && nt > 0 ? finite(treatment.mean() - control.mean()) : null;
      Double relPoint =
          nc > 0 && nt > 0 && control.mean() != 0
              ? finite((treatment.mean() - control.mean()) / Math.abs(control.mean()))
              : null;
      Interval absCi = null;
      Interval relCi = null;
      if (absolute != null) {
        FrequentistTest.Outcome o =
            FrequentistTest.test(absolute, alpha, Alternative.TWO_SIDED, Reference.AUTO);
        absCi = Interval.ofNullable(o.lower(), o.upper());
        d.p = finite(o.pValue());
        d.chance = finite(Distributions.phi(absolute.z()));
      }
      if (relative != null) {
        FrequentistTest.Outcome o =
            FrequentistTest.test(relative, alpha, Alternative.TWO_SIDED, Reference.AUTO);
        relCi = Interval.ofNullable(o.lower(), o.upper());
      }
      d.lift = new Lift(absPoint, relPoint, absCi, relCi);
      if (kind == MetricKind.CONVERSION && mc.units() <= nc && mt.units() <= nt) {
        d.pooledP = finite(PooledZTest.pValue(mc.units(), nc, mt.units(), nt));
      }
      if (kind == MetricKind.CONVERSION
          && nc > 0
          && nt > 0
          && mc.units() <= nc
          && mt.units() <= nt
          && mt.units() <= EXACT_CHANCE_MAX_CONVERSIONS) {
        d.exactChance = finite(BetaBinomial.chanceToBeatControl(mc.units(), nc, mt.units(), nt));
      }
      if (experiment.sequential()) {
        if (absolute != null) {
          ConfidenceSequence.Outcome o =
              ConfidenceSequence.twoSided(absolute, nc + nt, alpha, settings.sequentialTuning());
          d.seqP = finite(o.pValue());
          d.seqAbsolute = Interval.ofNullable(o.lower(), o.upper());
        }
        if (relative != null) {
          ConfidenceSequence.Outcome o =
              ConfidenceSequence.twoSided(relative, nc + nt, alpha, settings.sequentialTuning());
          d.seqRelative = Interval.ofNullable(o.lower(), o.upper());
        }
      }
      drafts.add(d);
    }

    boolean several = drafts.size() > 1;
    Double[] adjusted = several ? holm(drafts, false) : new Double[drafts.size()];
    Double[] seqAdjusted = several ? holm(drafts, true) : new Double[drafts.size()];

    List<VariantResult> out = new ArrayList<>();
    int t = 0;
    for (Variant v : experiment.variants()) {
      if (v.key().equals(controlKey)) {
        out.add(variantResult(controlKey, nc, mc, alpha, null));
        continue;
      }
      Draft d = drafts.get(t);
      Double deciding = experiment.sequential() ? d.seqP : d.p;
      Double decidingAdjusted = experiment.sequential() ? seqAdjusted[t] : adjusted[t];
      Double used = several ? decidingAdjusted : deciding;
      boolean significant = used != null && used < alpha;
      Verdict verdict;
      if (nc == 0 || d.n == 0 || used == null) {
        verdict = Verdict.INSUFFICIENT_DATA;
      } else if (srm.mismatch()) {
        verdict = Verdict.SRM_MISMATCH;
      } else if (significant) {
        // a defined p-value comes with a defined difference
        verdict = Objects.requireNonNull(d.lift.absolute()) > 0 ? Verdict.BETTER : Verdict.WORSE;
      } else {
        verdict = Verdict.INCONCLUSIVE;
      }
      SequentialResult sequential =
          experiment.sequential()
              ? new SequentialResult(d.seqP, seqAdjusted[t], d.seqAbsolute, d.seqRelative)
              : null;
      Comparison comparison =
          new Comparison(
              d.lift,
              d.p,
              adjusted[t],
              d.pooledP,
              significant,
              d.chance,
              d.exactChance,
              sequential,
              verdict);
      out.add(variantResult(d.key, d.n, d.data, alpha, comparison));
      t++;
    }
    return out;
  }

  /** Holm across the treatments whose p-value is defined; undefined ones stay {@code null}. */
  private static @Nullable Double[] holm(List<Draft> drafts, boolean sequential) {
    Double[] out = new Double[drafts.size()];
    List<Integer> defined = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      if ((sequential ? drafts.get(i).seqP : drafts.get(i).p) != null) {
        defined.add(i);
      }
    }
    double[] p = new double[defined.size()];
    for (int j = 0; j < p.length; j++) {
      Draft d = drafts.get(defined.get(j));
      p[j] = Objects.requireNonNull(sequential ? d.seqP : d.p); // filtered above
    }
    double[] adjusted = PValueAdjustment.holm(p);
    for (int j = 0; j < p.length; j++) {
      out[defined.get(j)] = adjusted[j];
    }
    return out;
  }

  private static VariantResult variantResult(
      String key, long n, MetricData m, double alpha, @Nullable Comparison comparison) {
    Double rate = n > 0 ? (double) m.units() / n : null;
    double[] ci = Wilson.interval(Math.min(m.units(), n), n, alpha);
    Double mean = n > 0 ? finite(m.sum() / n) : null;
    return new VariantResult(
        key,
        n,
        m.units(),
        rate,
        ci == null ? null : Interval.ofNullable(ci[0], ci[1]),
        m.sum(),
        mean,
        comparison);
  }

  private static @Nullable Double finite(double x) {
    return Double.isFinite(x) ? x : null;
  }
}
