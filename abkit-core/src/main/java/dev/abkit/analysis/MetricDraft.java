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
import dev.abkit.internal.stats.PooledZTest;
import dev.abkit.internal.stats.Wilson;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Variant;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.MetricData;
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
  final List<Treatment> treatments = new ArrayList<>();

  /** One treatment's numbers; the adjusted p-values are set by the correction. */
  static final class Treatment {
    final String key;
    final long n;
    final MetricData data;

    @SuppressWarnings("NullAway.Init") // set by the constructor of the draft, before any read
    Lift lift;

    @Nullable Double p;
    @Nullable Double pooledP;
    @Nullable Double chance;
    @Nullable Double exactChance;
    @Nullable Double seqP;
    @Nullable Interval seqAbsolute;
    @Nullable Interval seqRelative;
    @Nullable Double adjusted;
    @Nullable Double seqAdjusted;

    Treatment(String key, long n, MetricData data) {
      this.key = key;
      this.n = n;
      this.data = data;
    }

    /** The p-value that decides, before correction: sequential when on. */
    @Nullable Double deciding(boolean sequential) {
      return sequential ? seqP : p;
    }
  }

  /** The comparisons of {@code metric} ({@code null}: a goal-less experiment, all empty). */
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
    long nc = controlExposures;
    MetricData mc = controlData;
    ArmStats control = arm(nc, mc, kind);
    for (Variant v : experiment.variants()) {
      if (v.key().equals(controlKey)) {
        continue;
      }
      long nt = exposures(data, v.key());
      MetricData mt = metricData(data, v.key(), metric);
      Treatment d = new Treatment(v.key(), nt, mt);
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

  /** The figures of one variant, with its comparison (none for the control). */
  static VariantResult variantResult(
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
