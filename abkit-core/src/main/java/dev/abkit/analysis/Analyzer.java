package dev.abkit.analysis;

import dev.abkit.internal.stats.PValueAdjustment;
import dev.abkit.internal.stats.SrmTest;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Metric;
import dev.abkit.manifest.MultipleTesting;
import dev.abkit.manifest.Variant;
import dev.abkit.spi.DailyData;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.MetricQuery;
import dev.abkit.spi.SegmentData;
import dev.abkit.spi.VariantData;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Turns sufficient statistics into results. Stateless and thread-safe.
 *
 * <p>Per variant and metric: exposures, conversions (units with an event that counts, DESIGN.md
 * section 9), rate with a Wilson interval, sum and mean per exposed unit. A conversion metric (and
 * the goal given as a plain event name) is compared as a {@link MetricKind#CONVERSION} (rate;
 * per-unit variance {@code p(1−p)}); a count or sum metric, and a secondary metric given as a plain
 * event name, as a {@link MetricKind#MEAN} (value per exposed unit; variance {@code (Q −
 * S²/n)/(n−1)}); a ratio metric as a {@link MetricKind#RATIO} (Σnumerator/Σdenominator, delta
 * method); with {@code cuped} every other metric is regression-adjusted by its pre-period value
 * ({@link CupedResult}). Caps apply in the store. Against control: absolute difference with an
 * unpooled interval and two-sided p-value (normal, or Welch t when the Welch dof is below 100),
 * relative lift with a delta-method interval (STATS.md 2.1-2.3), Gaussian chance to beat control
 * (flat prior), exact Beta-binomial chance for conversions, the always-valid p-value and confidence
 * sequence when the experiment is {@code sequential} (STATS.md 4.3). The deciding p-values of the
 * goal and the secondary metrics, over every treatment, are corrected together ({@code
 * multiple_testing}: Holm unless set); guardrails are not. Verdicts follow each metric's {@code
 * direction}; a guardrail significantly worse for a treatment turns that treatment's {@code better}
 * goal verdict into {@link Verdict#GUARDRAIL_VIOLATION}. SRM against the planned weights, progress
 * toward {@code target_sample_size}, and {@link DataQuality} (units exposed to several variants,
 * records the store skipped, exposures to unknown variants) complete the result.
 *
 * <p>Undefined numbers are {@code null}, never NaN: rate and mean without exposures; every lift
 * component when an arm has no exposures; relative lift when the control mean is 0; intervals and
 * p-values when an arm has fewer than 2 units or both arms have zero variance (e.g. 0 conversions
 * everywhere, or everyone converting in both arms). Variants in the data but not in the manifest
 * are left out (and counted in {@code unknown_variant_exposures}); manifest variants without data
 * count 0 exposures.
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
   * (DESIGN.md section 9); a ratio's numerator paired with its denominator, and with CUPED every
   * other metric paired with its value in the pre-period.
   */
  public static ExperimentQuery query(Experiment experiment) {
    List<MetricQuery> metrics = new ArrayList<>();
    Duration pre = experiment.cupedPrePeriod();
    for (Metric m : experiment.allMetrics()) {
      if (m.type() == Metric.Type.RATIO) {
        metrics.add(
            new MetricQuery(
                m.name(),
                Objects.requireNonNull(m.numerator()),
                MetricQuery.Amount.VALUE_OR_ONE,
                m.delay(),
                m.window(),
                new MetricQuery.Denominator(
                    Objects.requireNonNull(m.denominator()), MetricQuery.Amount.VALUE_OR_ONE)));
      } else {
        MetricQuery.Pairing cuped =
            pre == null
                ? null
                : new MetricQuery.PrePeriod(pre, MetricKind.of(m) == MetricKind.CONVERSION);
        metrics.add(
            new MetricQuery(
                m.name(),
                Objects.requireNonNull(m.event()),
                amount(m),
                m.delay(),
                m.window(),
                cuped,
                cap(m.cap())));
      }
    }
    return new ExperimentQuery(experiment.id(), metrics, experiment.endAt());
  }

  /**
   * The goal over time from its timeline ({@link dev.abkit.spi.EventStore#readDaily}): for each UTC
   * day from the first exposure to the last day with data, the cumulative exposures and conversions
   * per variant and each treatment's lift on the conversion rate, computed as {@link #analyze}
   * computes a goal (Holm across treatments, the confidence sequence when sequential).
   *
   * @throws IllegalArgumentException when the experiment has no goal
   */
  public static Timeseries timeseries(
      Experiment experiment, List<DailyData> cells, AnalysisSettings settings) {
    Metric goal = experiment.goal();
    if (goal == null) {
      throw new IllegalArgumentException(experiment.id() + " has no goal to follow over time");
    }
    Experiment conversions =
        experiment.toBuilder()
            .goal(Metric.of(goal.name(), Metric.Role.GOAL))
            .metrics(List.of())
            .cupedPrePeriod(null)
            .build();
    LocalDate first = null;
    LocalDate last = null;
    for (DailyData c : cells) {
      first = first == null || c.exposureDay().isBefore(first) ? c.exposureDay() : first;
      LocalDate latest =
          c.conversionDay() != null && c.conversionDay().isAfter(c.exposureDay())
              ? c.conversionDay()
              : c.exposureDay();
      last = last == null || latest.isAfter(last) ? latest : last;
    }
    List<Timeseries.Day> days = new ArrayList<>();
    for (LocalDate d = first; d != null && !d.isAfter(last); d = d.plusDays(1)) {
      Map<String, long[]> sums = new TreeMap<>(); // variant -> {exposures, conversions}
      for (DailyData c : cells) {
        if (!c.exposureDay().isAfter(d)) {
          long[] s = sums.computeIfAbsent(c.variant(), k -> new long[2]);
          s[0] += c.units();
          if (c.conversionDay() != null && !c.conversionDay().isAfter(d)) {
            s[1] += c.units();
          }
        }
      }
      List<VariantData> variants = new ArrayList<>();
      sums.forEach(
          (v, s) ->
              variants.add(
                  new VariantData(v, s[0], Map.of(goal.name(), new MetricData(s[1], s[1], s[1])))));
      ExperimentData day = new ExperimentData(experiment.id(), variants);
      days.add(new Timeseries.Day(d, analyze(conversions, day, settings).variants()));
    }
    return new Timeseries(days);
  }

  private static MetricQuery.@Nullable Cap cap(Metric.@Nullable Cap cap) {
    if (cap == null) {
      return null;
    }
    Double value = cap.value();
    return value != null
        ? new MetricQuery.CapAt(value)
        : new MetricQuery.CapPercentile(Objects.requireNonNull(cap.percentile()));
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
      total += MetricDraft.exposures(data, v.key());
    }
    Long target = experiment.targetSampleSize();
    Progress progress =
        new Progress(total, target, target == null || target <= 0 ? null : (double) total / target);

    Metric goal = experiment.goal();
    MetricKind goalKind = goal == null ? MetricKind.CONVERSION : kind(goal);
    String goalError = goal == null ? null : error(experiment, data, goal);
    if (goalError != null) {
      goalKind = MetricKind.CONVERSION; // its units are counted even when its sums are not
    }
    MetricDraft goalDraft =
        new MetricDraft(experiment, data, goal == null ? null : goal.name(), goalKind, settings);
    Map<Metric, MetricDraft> drafts = new LinkedHashMap<>();
    Map<Metric, String> errors = new LinkedHashMap<>();
    for (Metric m : experiment.metrics()) {
      String error = error(experiment, data, m);
      if (error != null) {
        errors.put(m, error);
      } else {
        drafts.put(m, new MetricDraft(experiment, data, m.name(), kind(m), settings));
      }
    }
    correct(experiment, goalDraft, drafts);

    Reading reading = new Reading(experiment, srm);
    Map<String, Boolean> guardrailWorse = new LinkedHashMap<>();
    List<MetricResult> metrics = new ArrayList<>();
    for (Metric m : experiment.metrics()) {
      MetricDraft d = drafts.get(m);
      if (d == null) {
        metrics.add(MetricResult.failed(m, kind(m), Objects.requireNonNull(errors.get(m))));
        continue;
      }
      List<VariantResult> variants = reading.variants(d, m, Map.of());
      if (m.role() == Metric.Role.GUARDRAIL) {
        for (VariantResult v : variants) {
          if (v.comparison() != null && v.comparison().verdict() == Verdict.WORSE) {
            guardrailWorse.put(v.key(), true);
          }
        }
      }
      metrics.add(new MetricResult(m, kind(m), variants, null));
    }
    List<VariantResult> variants = reading.variants(goalDraft, goal, guardrailWorse);
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
        metrics,
        goal,
        dataQuality(experiment, data),
        !guardrailWorse.isEmpty(),
        goalError,
        data.cappedAt(),
        null,
        goalKind == MetricKind.CONVERSION && goal != null
            ? power(experiment, goalDraft, progress)
            : null,
        null);
  }

  /**
   * The results per value of {@code dimension} from the store's {@link ExperimentData#segments()}:
   * each segment analysed as {@link #analyze} analyses the experiment, but with no correction for
   * multiple testing (breakdowns are exploratory, DESIGN.md section 10); caps are the experiment's.
   */
  public static Breakdown breakdown(
      Experiment experiment, String dimension, ExperimentData data, AnalysisSettings settings) {
    Experiment uncorrected = experiment.toBuilder().multipleTesting(MultipleTesting.NONE).build();
    List<Breakdown.Segment> segments = new ArrayList<>();
    for (SegmentData s : data.segments()) {
      ExperimentResult r =
          analyze(
              uncorrected,
              new ExperimentData(
                  data.experiment(), s.variants(), data.metricErrors(), 0, 0, data.cappedAt()),
              settings);
      segments.add(new Breakdown.Segment(s.value(), r.variants(), r.metrics()));
    }
    return new Breakdown(dimension, segments);
  }

  private static MetricKind kind(Metric m) {
    return MetricKind.of(m);
  }

  /** The power figures of a goal compared on its rate ({@link Power}). */
  private static Power power(Experiment experiment, MetricDraft goal, Progress progress) {
    double alpha = experiment.significanceLevel();
    double power = 0.8;
    long nc = goal.controlExposures;
    Double rate = nc > 0 ? (double) goal.controlData.units() / nc : null;
    long smallest = nc;
    for (MetricDraft.Treatment t : goal.treatments) {
      smallest = Math.min(smallest, t.n);
    }
    Double now = rate == null ? null : SampleSize.detectableEffect(rate, alpha, power, smallest);
    Long target = progress.targetSampleSize();
    Double atTarget =
        rate == null || target == null
            ? null
            : SampleSize.detectableEffect(
                rate, alpha, power, (double) target / experiment.variants().size());
    Double mde = experiment.mde();
    Double reached = null;
    if (mde != null && rate != null && rate > 0 && rate < 1 && smallest > 0) {
      double folded = rate > 0.5 ? 1 - rate : rate;
      if (folded + mde > 0 && folded + mde < 1) {
        reached = SampleSize.power(rate, mde, alpha, smallest);
      }
    }
    return new Power(power, now, atTarget, mde, reached);
  }

  private static DataQuality dataQuality(Experiment experiment, ExperimentData data) {
    long unknown = 0;
    for (VariantData v : data.variants()) {
      if (experiment.variant(v.variant()).isEmpty()) {
        unknown += v.exposures();
      }
    }
    return new DataQuality(data.multipleExposures(), data.skippedRecords(), unknown);
  }

  /**
   * Corrects the deciding p-values over the family of DESIGN.md section 10: every goal and
   * secondary metric and every treatment ({@code multiple_testing}: Holm by default, Benjamini-
   * Hochberg, or none); guardrails are not corrected. A family of one needs no correction, and its
   * adjusted p-value stays undefined, as do those of undefined p-values.
   */
  private static void correct(
      Experiment experiment, MetricDraft goal, Map<Metric, MetricDraft> drafts) {
    List<MetricDraft.Treatment> family = new ArrayList<>(goal.treatments);
    drafts.forEach(
        (m, d) -> {
          if (m.role() != Metric.Role.GUARDRAIL) {
            family.addAll(d.treatments);
          }
        });
    MultipleTesting method = experiment.multipleTesting();
    adjust(method, family, false);
    if (experiment.sequential()) {
      adjust(method, family, true);
    }
  }

  private static void adjust(
      MultipleTesting method, List<MetricDraft.Treatment> family, boolean sequential) {
    List<MetricDraft.Treatment> defined = new ArrayList<>();
    for (MetricDraft.Treatment t : family) {
      if (t.deciding(sequential) != null) {
        defined.add(t);
      }
    }
    if (defined.size() < 2 || method == MultipleTesting.NONE) {
      return;
    }
    double[] p = new double[defined.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = Objects.requireNonNull(defined.get(i).deciding(sequential)); // filtered above
    }
    double[] adjusted =
        method == MultipleTesting.BH
            ? PValueAdjustment.benjaminiHochberg(p)
            : PValueAdjustment.holm(p);
    for (int i = 0; i < p.length; i++) {
      if (sequential) {
        defined.get(i).seqAdjusted = adjusted[i];
      } else {
        defined.get(i).adjusted = adjusted[i];
      }
    }
  }

  /** Reads the corrected drafts into results: significance, direction and verdict. */
  private static final class Reading {
    private final Experiment experiment;
    private final Srm srm;

    Reading(Experiment experiment, Srm srm) {
      this.experiment = experiment;
      this.srm = srm;
    }

    /**
     * Each variant's result of one metric ({@code null}: a goal-less experiment's goal), its
     * treatments' goal verdicts blocked where {@code guardrailWorse} names them.
     */
    List<VariantResult> variants(
        MetricDraft d, @Nullable Metric metric, Map<String, Boolean> guardrailWorse) {
      double alpha = experiment.significanceLevel();
      boolean sequential = experiment.sequential();
      boolean decrease = metric != null && metric.direction() == Metric.Direction.DECREASE;
      List<VariantResult> out = new ArrayList<>();
      for (Variant v : experiment.variants()) {
        if (v.key().equals(d.controlKey)) {
          out.add(
              MetricDraft.variantResult(
                  d.controlKey,
                  d.controlExposures,
                  d.controlData,
                  alpha,
                  null,
                  d.kind,
                  d.controlRatio));
          continue;
        }
        MetricDraft.Treatment t = d.treatment(v.key());
        Double adjusted = sequential ? t.seqAdjusted : t.adjusted;
        Double used = adjusted != null ? adjusted : t.deciding(sequential);
        boolean significant = used != null && used < alpha;
        Verdict verdict;
        if (d.controlExposures == 0 || t.n == 0 || used == null) {
          verdict = Verdict.INSUFFICIENT_DATA;
        } else if (srm.mismatch()) {
          verdict = Verdict.SRM_MISMATCH;
        } else if (significant) {
          // a defined p-value comes with a defined difference
          boolean higher = Objects.requireNonNull(t.lift.absolute()) > 0;
          verdict = higher != decrease ? Verdict.BETTER : Verdict.WORSE;
          if (verdict == Verdict.BETTER && guardrailWorse.containsKey(t.key)) {
            verdict = Verdict.GUARDRAIL_VIOLATION;
          }
        } else {
          verdict = Verdict.INCONCLUSIVE;
        }
        SequentialResult seq =
            sequential
                ? new SequentialResult(t.seqP, t.seqAdjusted, t.seqAbsolute, t.seqRelative)
                : null;
        Comparison comparison =
            new Comparison(
                t.lift,
                t.p,
                t.adjusted,
                t.pooledP,
                significant,
                t.chance,
                t.exactChance,
                seq,
                verdict,
                t.cuped);
        out.add(MetricDraft.variantResult(t.key, t.n, t.data, alpha, comparison, d.kind, t.ratio));
      }
      return out;
    }
  }

  private static Srm srm(Experiment experiment, ExperimentData data, AnalysisSettings settings) {
    List<Variant> variants = experiment.variants();
    long[] observed = new long[variants.size()];
    double[] weights = new double[variants.size()];
    double weightSum = 0;
    long total = 0;
    for (int i = 0; i < observed.length; i++) {
      Variant v = variants.get(i);
      observed[i] = MetricDraft.exposures(data, v.key());
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

  /**
   * Why a metric cannot be computed, or null: the store said so, or a sum is not a finite number (a
   * huge value overflowed it). A conversion without CUPED needs no sums, so it is always computed.
   */
  private static @Nullable String error(Experiment experiment, ExperimentData data, Metric metric) {
    String name = metric.name();
    if (kind(metric) == MetricKind.CONVERSION && experiment.cupedPrePeriod() == null) {
      return null;
    }
    String stored = data.metricErrors().get(name);
    if (stored != null) {
      return stored;
    }
    for (Variant v : experiment.variants()) {
      if (!MetricDraft.metricData(data, v.key(), name).finite()
          || !data.variant(v.key()).map(d -> d.paired(name).finite()).orElse(true)) {
        return "the sums of "
            + name
            + "'s values leave the double range in variant "
            + v.key()
            + ": some value is far too large";
      }
    }
    return null;
  }
}
