package dev.abkit.internal.report;

import dev.abkit.analysis.Breakdown;
import dev.abkit.analysis.Comparison;
import dev.abkit.analysis.DataQuality;
import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.Interval;
import dev.abkit.analysis.MetricKind;
import dev.abkit.analysis.MetricResult;
import dev.abkit.analysis.Power;
import dev.abkit.analysis.Progress;
import dev.abkit.analysis.VariantResult;
import dev.abkit.analysis.Verdict;
import dev.abkit.manifest.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Number formatting shared by the table and HTML renderings. */
public final class Text {
  static final String NONE = "-";

  private Text() {}

  static String percent(Double x) {
    return x == null ? NONE : String.format(Locale.ROOT, "%.2f%%", 100 * x);
  }

  static String signedPercent(Double x) {
    return x == null ? NONE : String.format(Locale.ROOT, "%+.1f%%", 100 * x);
  }

  /** A difference of rates in percentage points. */
  static String points(Double x) {
    return x == null ? NONE : String.format(Locale.ROOT, "%+.2f pp", 100 * x);
  }

  static String number(Double x) {
    return x == null ? NONE : String.format(Locale.ROOT, "%.4g", x);
  }

  static String signedNumber(Double x) {
    return x == null ? NONE : String.format(Locale.ROOT, "%+.4g", x);
  }

  static String pValue(Double p) {
    if (p == null) {
      return NONE;
    }
    return p < 0.001
        ? String.format(Locale.ROOT, "%.1e", p)
        : String.format(Locale.ROOT, "%.3f", p);
  }

  /** The lift with its interval: in percentage points for rates, plain for means. */
  static String lift(Double absolute, Interval ci, MetricKind kind) {
    if (absolute == null) {
      return NONE;
    }
    if (kind == MetricKind.CONVERSION) {
      String interval =
          ci == null
              ? ""
              : String.format(Locale.ROOT, " [%+.2f, %+.2f]", 100 * ci.lower(), 100 * ci.upper());
      return points(absolute) + interval;
    }
    String interval =
        ci == null ? "" : String.format(Locale.ROOT, " [%+.4g, %+.4g]", ci.lower(), ci.upper());
    return signedNumber(absolute) + interval;
  }

  /** The p-value that decides significance (sequential when on, Holm-adjusted when several). */
  static Double decidingP(Comparison c, boolean sequential) {
    if (sequential) {
      if (c.sequential() == null) {
        return null;
      }
      Double adjusted = c.sequential().pValueAdjusted();
      return adjusted != null ? adjusted : c.sequential().pValue();
    }
    return c.pValueAdjusted() != null ? c.pValueAdjusted() : c.pValue();
  }

  /** The interval the verdict goes with (sequential when on). */
  static Interval decidingCi(Comparison c, boolean sequential) {
    if (sequential) {
      return c.sequential() == null ? null : c.sequential().absoluteCi();
    }
    return c.lift().absoluteCi();
  }

  /** Header of the deciding p-value column. */
  /**
   * The p-value column's header for a table of {@code variants}: "corrected" when their p-values
   * were corrected for multiple testing ({@code multiple_testing}, over metrics and treatments).
   */
  static String pHeader(ExperimentResult e, List<VariantResult> variants) {
    boolean corrected = false;
    for (VariantResult v : variants) {
      Comparison c = v.comparison();
      if (c != null
          && (e.sequential()
              ? c.sequential() != null && c.sequential().pValueAdjusted() != null
              : c.pValueAdjusted() != null)) {
        corrected = true;
      }
    }
    if (e.sequential()) {
      return corrected ? "p (always-valid, corrected)" : "p (always-valid)";
    }
    return corrected ? "p (corrected)" : "p";
  }

  static String percentOfChance(Double x) {
    if (x == null) {
      return NONE;
    }
    if (x > 0.9999) {
      return ">99.99%";
    }
    return x < 0.0001 ? "<0.01%" : percent(x);
  }

  static String verdict(VariantResult v) {
    return v.isControl() ? "control" : v.comparison().verdict().jsonName().replace('_', ' ');
  }

  /**
   * What the counting left out, in words ({@code null} when nothing was): units exposed to several
   * variants, records the store skipped, exposures to variants not in the manifest.
   */
  static @Nullable String dataQualityWarning(ExperimentResult e) {
    DataQuality q = e.dataQuality();
    if (!q.anyLeftOut()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    if (q.multipleExposures() > 0) {
      parts.add(
          count(q.multipleExposures(), "unit") + " exposed to more than one variant, excluded");
    }
    if (q.skippedRecords() > 0) {
      parts.add(
          count(q.skippedRecords(), "record")
              + " the store could not read (malformed or wrongly typed), skipped");
    }
    if (q.unknownVariantExposures() > 0) {
      parts.add(
          count(q.unknownVariantExposures(), "unit") + " exposed to variants not in the manifest");
    }
    return "DATA QUALITY: " + String.join("; ", parts);
  }

  /** The guardrail alert ({@code null} when no guardrail got significantly worse). */
  static @Nullable String guardrailWarning(ExperimentResult e) {
    if (!e.guardrailViolation()) {
      return null;
    }
    List<String> worse = new ArrayList<>();
    for (MetricResult m : e.metrics()) {
      for (VariantResult v : m.variants()) {
        if (v.comparison() != null
            && m.metric().role() == Metric.Role.GUARDRAIL
            && v.comparison().verdict() == Verdict.WORSE) {
          worse.add(m.name() + " for " + v.key());
        }
      }
    }
    return "GUARDRAIL VIOLATION: significantly worse: "
        + String.join(", ", worse)
        + "; a better goal result for that variant is not a win";
  }

  /**
   * A metric's definition in words: {@code sum, guardrail, lower is better, capped at 120}, the cap
   * as {@code e} applied it.
   */
  static String definition(Metric m, ExperimentResult e) {
    Double cap = e.cappedAt().get(m.name());
    return m.type().jsonName()
        + ", "
        + m.role().jsonName()
        + ", "
        + (m.direction() == Metric.Direction.DECREASE ? "lower is better" : "higher is better")
        + (cap == null ? "" : ", capped at " + number(cap));
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** What the goal's test can detect now, and the power reached for the planned effect. */
  static String power(ExperimentResult e, Power p) {
    StringBuilder b = new StringBuilder();
    String at = String.format(Locale.ROOT, "%.0f%%", 100 * p.power());
    b.append(
        p.detectableEffect() == null
            ? "Too little data to say which change the test can detect yet."
            : String.format(
                Locale.ROOT,
                "With the units so far the test detects a change of %.2f pp or more %s of the"
                    + " time.",
                100 * p.detectableEffect(),
                at));
    if (p.detectableEffectAtTarget() != null) {
      b.append(
          String.format(
              Locale.ROOT,
              " At the planned %d units: %.2f pp.",
              e.progress().targetSampleSize(),
              100 * p.detectableEffectAtTarget()));
    }
    if (p.mde() != null && p.powerReached() != null) {
      b.append(
          String.format(
              Locale.ROOT,
              " Power reached for the planned effect of %+.2f pp: %.0f%%.",
              100 * p.mde(),
              100 * p.powerReached()));
    }
    return b.toString();
  }

  static String srmWarning(ExperimentResult e) {
    return String.format(
        Locale.ROOT,
        "SRM WARNING: exposures do not match the planned weights (chi-square p = %s < %s);"
            + " results are not trustworthy until the assignment problem is found",
        pValue(e.srm().pValue()),
        e.srm().threshold());
  }

  static String heading(ExperimentResult e) {
    return String.format(
        Locale.ROOT,
        "%s (target: %s, control: %s, alpha %s, %s)",
        e.id(),
        e.targetEvent() == null ? NONE : e.targetEvent(),
        e.control(),
        e.significanceLevel(),
        design(e));
  }

  /**
   * The test design, and when its p-values hold: "valid at the planned sample size" only when one
   * is planned ({@code target_sample_size}); otherwise there is no planned size to be valid at.
   */
  static String design(ExperimentResult e) {
    if (e.sequential()) {
      return String.format(Locale.ROOT, "always-valid sequential, N* %.0f", e.sequentialTuning());
    }
    return e.progress().targetSampleSize() == null
        ? "fixed horizon, no sample size planned"
        : "fixed horizon: valid at the planned sample size";
  }

  static String progress(Progress p) {
    return p.targetSampleSize() == null
        ? String.format(
            Locale.ROOT, "%d %s exposed", p.exposures(), p.exposures() == 1 ? "unit" : "units")
        : String.format(
            Locale.ROOT,
            "%d / %d units exposed (%.1f%% of target)",
            p.exposures(),
            p.targetSampleSize(),
            100 * p.fraction());
  }

  /** The line above a breakdown: what it is and why its p-values are not corrected. */
  static String breakdownHeading(Breakdown b) {
    return "Breakdown by "
        + b.dimension()
        + " (exploratory: each segment is tested on its own, with no correction for testing"
        + " many segments, so a significant segment is a lead to check, not a finding)";
  }

  /** A segment's name: {@code platform = ios}, or {@code platform not set}. */
  static String segment(Breakdown b, Breakdown.Segment s) {
    return s.value() == null ? b.dimension() + " not set" : b.dimension() + " = " + s.value();
  }
}
