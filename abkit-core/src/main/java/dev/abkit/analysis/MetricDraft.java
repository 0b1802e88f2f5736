package dev.abkit.analysis;

import dev.abkit.internal.stats.ArmStats;
import dev.abkit.internal.stats.BetaBinomial;
import dev.abkit.internal.stats.ConfidenceSequence;
import dev.abkit.internal.stats.Cuped;
import dev.abkit.internal.stats.Distributions;
import dev.abkit.internal.stats.Estimate;
import dev.abkit.internal.stats.Estimate.Difference;
import dev.abkit.internal.stats.FrequentistTest;
import dev.abkit.internal.stats.FrequentistTest.Alternative;
import dev.abkit.internal.stats.FrequentistTest.Reference;
import dev.abkit.internal.stats.PairedSums;
import dev.abkit.internal.stats.PooledZTest;
import dev.abkit.internal.stats.RatioStatistic;
import dev.abkit.internal.stats.Wilson;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Variant;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.PairedData;
import dev.abkit.spi.VariantData;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One metric's comparisons of every treatment against control, before the p-values are corrected
 * across the experiment's metrics and treatments and the verdicts are read ({@link Analyzer}).
 */
final class MetricDraft {
  final String controlKey;
  final long controlExposures;
  final MetricData controlData;
  final MetricKind kind;

  /** A ratio metric's control value, else {@code null}. */
  final @Nullable Double controlRatio;

  final List<Treatment> treatments = new ArrayList<>();

  /** One treatment's numbers; the adjusted p-values are set by the correction. */
  static final class Treatment {
    final String key;
    final long n;
    final MetricData data;
    final Lift lift;

    @Nullable Double p;
    @Nullable Double pooledP;
    @Nullable Double chance;
    @Nullable Double exactChance;
    @Nullable Double seqP;
    @Nullable Interval seqAbsolute;
    @Nullable Interval seqRelative;

    /** A ratio metric's value in this arm, else {@code null}. */
    @Nullable Double ratio;

    @Nullable Double adjusted;
    @Nullable Double seqAdjusted;
    @Nullable CupedResult cuped;

    Treatment(String key, long n, MetricData data, Lift lift) {
      this.key = key;
      this.n = n;
      this.data = data;
      this.lift = lift;
    }

    /** The p-value that decides, before correction: sequential when on. */
    @Nullable Double deciding(boolean sequential) {
      return sequential ? seqP : p;
    }
  }

  /**
   * The comparisons of {@code metric} ({@code null}: a goal-less experiment, all empty), adjusted
   * by CUPED when the experiment asks for it and the metric is no ratio.
   */
  MetricDraft(
      Experiment experiment,
      ExperimentData data,
      @Nullable String metric,
      MetricKind kind,
      AnalysisSettings settings) {
    double alpha = experiment.significanceLevel();
    controlKey = experiment.control();
    controlExposures = exposures(data, controlKey);
    controlData = metricData(data, controlKey, metric);
    this.kind = kind;
    long nc = controlExposures;
    MetricData mc = controlData;
    PairedSums pc = pairedSums(data, controlKey, metric, nc);
    controlRatio = kind == MetricKind.RATIO ? ratio(pc) : null;
    boolean cuped =
        metric != null && experiment.cupedPrePeriod() != null && kind != MetricKind.RATIO;
    ArmStats control = kind == MetricKind.RATIO ? RatioStatistic.arm(pc) : arm(nc, mc, kind);
    for (Variant v : experiment.variants()) {
      if (v.key().equals(controlKey)) {
        continue;
      }
      long nt = exposures(data, v.key());
      MetricData mt = metricData(data, v.key(), metric);
      PairedSums pt = pairedSums(data, v.key(), metric, nt);
      Double ratio = kind == MetricKind.RATIO ? ratio(pt) : null;
      ArmStats treatment = kind == MetricKind.RATIO ? RatioStatistic.arm(pt) : arm(nt, mt, kind);
      Estimate absolute = Estimate.of(control, treatment, Difference.ABSOLUTE);
      Estimate relative = Estimate.of(control, treatment, Difference.RELATIVE);
      Double absPoint = nc > 0 && nt > 0 ? finite(treatment.mean() - control.mean()) : null;
      Double relPoint =
          nc > 0 && nt > 0 && control.mean() != 0
              ? finite((treatment.mean() - control.mean()) / Math.abs(control.mean()))
              : null;
      CupedResult cupedResult = null;
      if (cuped) {
        // the unadjusted comparison is kept for the result's "unadjusted"; the adjusted one decides
        Lift unadjusted = lift(absPoint, relPoint, absolute, relative, alpha);
        Double unadjustedP = pValue(absolute, alpha);
        Cuped.Moments moments =
            kind == MetricKind.CONVERSION ? Cuped.Moments.PROPORTION : Cuped.Moments.SAMPLE;
        double theta = Cuped.theta(pc, pt, moments);
        Estimate adjustedAbsolute = Cuped.estimate(pc, pt, theta, Difference.ABSOLUTE, moments);
        Estimate adjustedRelative = Cuped.estimate(pc, pt, theta, Difference.RELATIVE, moments);
        cupedResult =
            new CupedResult(
                finite(theta),
                adjustedAbsolute == null
                    ? null
                    : finite(Cuped.varianceReduction(pc, pt, theta, moments)),
                unadjusted,
                unadjustedP);
        absolute = adjustedAbsolute;
        relative = adjustedRelative;
        absPoint = absolute == null ? absPoint : finite(absolute.estimate());
        relPoint = relative == null ? relPoint : finite(relative.estimate());
      }
      Treatment d =
          new Treatment(v.key(), nt, mt, lift(absPoint, relPoint, absolute, relative, alpha));
      d.ratio = ratio;
      d.cuped = cupedResult;
      d.p = pValue(absolute, alpha);
      d.chance = absolute == null ? null : finite(Distributions.phi(absolute.z()));
      if (kind == MetricKind.CONVERSION && mc.units() <= nc && mt.units() <= nt) {
        d.pooledP = finite(PooledZTest.pValue(mc.units(), nc, mt.units(), nt));
      }
      if (kind == MetricKind.CONVERSION
          && nc > 0
          && nt > 0
          && mc.units() <= nc
          && mt.units() <= nt
          && mt.units() <= Analyzer.EXACT_CHANCE_MAX_CONVERSIONS) {
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
      treatments.add(d);
    }
  }

  /** The lift of a comparison from its point estimates and estimates. */
  private static Lift lift(
      @Nullable Double absPoint,
      @Nullable Double relPoint,
      @Nullable Estimate absolute,
      @Nullable Estimate relative,
      double alpha) {
    Interval absCi = null;
    Interval relCi = null;
    if (absolute != null) {
      FrequentistTest.Outcome o =
          FrequentistTest.test(absolute, alpha, Alternative.TWO_SIDED, Reference.AUTO);
      absCi = Interval.ofNullable(o.lower(), o.upper());
    }
    if (relative != null) {
      FrequentistTest.Outcome o =
          FrequentistTest.test(relative, alpha, Alternative.TWO_SIDED, Reference.AUTO);
      relCi = Interval.ofNullable(o.lower(), o.upper());
    }
    return new Lift(absPoint, relPoint, absCi, relCi);
  }

  private static @Nullable Double pValue(@Nullable Estimate absolute, double alpha) {
    return absolute == null
        ? null
        : finite(
            FrequentistTest.test(absolute, alpha, Alternative.TWO_SIDED, Reference.AUTO).pValue());
  }

  /** A variant's paired sums of {@code metric} over its {@code n} exposed units. */
  private static PairedSums pairedSums(
      ExperimentData data, String key, @Nullable String metric, long n) {
    PairedData p =
        metric == null
            ? PairedData.EMPTY
            : data.variant(key).map(v -> v.paired(metric)).orElse(PairedData.EMPTY);
    return new PairedSums(n, p.ySum(), p.ySumSquares(), p.xSum(), p.xSumSquares(), p.xySum());
  }

  /** A ratio's value: numerator sum over denominator sum, or {@code null} without a denominator. */
  private static @Nullable Double ratio(PairedSums s) {
    return s.xSum() == 0 ? null : finite(s.ySum() / s.xSum());
  }

  static long exposures(ExperimentData data, String key) {
    return data.variant(key).map(VariantData::exposures).orElse(0L);
  }

  static MetricData metricData(ExperimentData data, String key, @Nullable String metric) {
    if (metric == null) {
      return MetricData.EMPTY;
    }
    return data.variant(key).map(v -> v.metric(metric)).orElse(MetricData.EMPTY);
  }

  private static ArmStats arm(long n, MetricData m, MetricKind kind) {
    return kind == MetricKind.CONVERSION
        ? ArmStats.proportion(n, m.units())
        : ArmStats.shiftedSampleMean(
            n, m.units(), m.shift(), m.shiftedSum(), m.shiftedSumSquares());
  }

  /**
   * The figures of one variant, with its comparison (none for the control); a ratio metric's mean
   * is its {@code ratio}.
   */
  static VariantResult variantResult(
      String key,
      long n,
      MetricData m,
      double alpha,
      @Nullable Comparison comparison,
      MetricKind kind,
      @Nullable Double ratio) {
    Double rate = n > 0 ? (double) m.units() / n : null;
    double[] ci = Wilson.interval(Math.min(m.units(), n), n, alpha);
    Double mean = kind == MetricKind.RATIO ? ratio : n > 0 ? finite(m.sum() / n) : null;
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

  /** Treatment {@code key}'s numbers. */
  Treatment treatment(String key) {
    for (Treatment t : treatments) {
      if (t.key.equals(key)) {
        return t;
      }
    }
    throw new IllegalArgumentException(Objects.requireNonNull(key) + " is no treatment");
  }

  static @Nullable Double finite(double x) {
    return Double.isFinite(x) ? x : null;
  }
}
