package dev.abkit.internal.report;

import dev.abkit.analysis.Comparison;
import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.Interval;
import dev.abkit.analysis.MetricKind;
import dev.abkit.analysis.MetricResult;
import dev.abkit.analysis.Progress;
import dev.abkit.analysis.VariantResult;
import dev.abkit.analysis.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a result means, in words a product manager reads: verdict badges, alerts, the one-sentence
 * reading of each treatment. Derived only from the result fields; nothing is estimated that the
 * analysis did not compute.
 */
final class Readings {
  private Readings() {}

  /** One badge per treatment: {@code B better}, or the experiment-wide SRM badge. */
  static void verdictBadges(StringBuilder h, ExperimentResult e) {
    if (e.srm().mismatch()) {
      badge(h, "srm_mismatch", "SRM: results withheld");
      return;
    }
    for (VariantResult v : e.variants()) {
      if (!v.isControl()) {
        Verdict verdict = v.comparison().verdict();
        badge(h, verdict.jsonName(), v.key() + " " + Text.verdict(v));
      }
    }
  }

  static void badge(StringBuilder h, String kind, String text) {
    h.append("<span class=\"badge b-")
        .append(kind)
        .append("\">")
        .append(Html.escape(text))
        .append("</span>");
  }

  /** SRM and data-quality alerts that the current results can show. */
  static void alerts(StringBuilder h, ExperimentResult e) {
    if (e.srm().mismatch()) {
      h.append("<p class=\"alert\" role=\"alert\">")
          .append(Html.escape(Text.srmWarning(e)))
          .append("</p>\n");
    }
    for (String alert : new String[] {Text.guardrailWarning(e), Text.dataQualityWarning(e)}) {
      if (alert != null) {
        h.append("<p class=\"alert\" role=\"alert\">").append(Html.escape(alert)).append("</p>\n");
      }
    }
    if (e.goalError() != null) {
      h.append("<p class=\"alert\" role=\"alert\">Goal compared on its conversion rate: ")
          .append(Html.escape(e.goalError()))
          .append("</p>\n");
    }
    for (MetricResult m : e.metrics()) {
      String error = m.error();
      if (error != null) {
        h.append("<p class=\"alert\" role=\"alert\">Metric ")
            .append(Html.escape(m.name()))
            .append(" could not be computed: ")
            .append(Html.escape(error))
            .append("</p>\n");
      }
    }
    List<String> warnings = new ArrayList<>();
    if (e.targetEvent() == null) {
      warnings.add("No target event in the manifest: there is no goal metric to compare.");
    }
    for (VariantResult v : e.variants()) {
      if (v.exposures() == 0 && e.progress().exposures() > 0) {
        warnings.add("Variant " + v.key() + " has no exposures while others do.");
      }
    }
    if (!e.srm().checked() && e.progress().exposures() > 0) {
      warnings.add("Too few units yet to check the traffic split (SRM).");
    }
    for (String w : warnings) {
      h.append("<p class=\"warn\">").append(Html.escape(w)).append("</p>\n");
    }
  }

  /**
   * The reading of one treatment on the goal, e.g. "B raised kpi_click by +18.0 pp (95% CI +11.0 to
   * +26.0) compared with A; the test has reached its planned sample size, so it can be called."
   */
  static String sentence(ExperimentResult e, VariantResult v) {
    Comparison c = v.comparison();
    String metric = e.targetEvent();
    if (metric == null) {
      return "There is no target event, so there is no result to read.";
    }
    String pair = v.key() + " and " + e.control();
    switch (c.verdict()) {
      case SRM_MISMATCH:
        return "Do not read this result: the traffic split does not match the plan (SRM), so any"
            + " difference between "
            + pair
            + " may come from who was assigned, not from the change.";
      case INSUFFICIENT_DATA:
        return "Not enough data yet to compare " + pair + " on " + metric + ".";
      default:
        break;
    }
    Interval ci = Text.decidingCi(c, e.sequential());
    String effect = effect(c.lift().absolute(), ci, e, e.goalKind());
    String reading =
        switch (c.verdict()) {
          case BETTER -> v.key() + " raised " + metric + " by " + effect + " compared with ";
          case WORSE -> v.key() + " lowered " + metric + " by " + effect + " compared with ";
          default ->
              "No clear difference yet on "
                  + metric
                  + ": "
                  + effect
                  + ", for "
                  + v.key()
                  + " against ";
        };
    return reading + e.control() + "; " + enoughData(e, c.verdict()) + ".";
  }

  /** "+18.0 pp (95% CI +11.0 to +26.0)". */
  static String effect(Double absolute, Interval ci, ExperimentResult e, MetricKind kind) {
    if (absolute == null) {
      return "no estimate";
    }
    boolean rate = kind == MetricKind.CONVERSION;
    String format = rate ? "%+.1f" : "%+.3g";
    double scale = rate ? 100 : 1;
    String out = String.format(Locale.ROOT, format, scale * absolute) + (rate ? " pp" : "");
    if (ci == null) {
      return out;
    }
    return out
        + String.format(
            Locale.ROOT,
            " (%s%s CI " + format + " to " + format + ")",
            level(e),
            e.sequential() ? " always-valid" : "",
            scale * ci.lower(),
            scale * ci.upper());
  }

  /** "95%" for α 0.05. */
  static String level(ExperimentResult e) {
    double percent = Math.round(100_000 * (1 - e.significanceLevel())) / 1000.0;
    return java.math.BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString() + "%";
  }

  /** Whether the test can be called now, from its design and progress. */
  private static String enoughData(ExperimentResult e, Verdict verdict) {
    boolean decided = verdict == Verdict.BETTER || verdict == Verdict.WORSE;
    if (e.sequential()) {
      return decided
          ? "the test is sequential (always valid), so it can be called now"
          : "the test is sequential (always valid): keep it running until the interval excludes"
              + " zero or the effect left possible is too small to matter";
    }
    Progress p = e.progress();
    if (p.targetSampleSize() == null) {
      return "no sample size was planned, so a fixed-horizon reading taken while the test runs"
          + " can be a false alarm";
    }
    if (p.fraction() != null && p.fraction() >= 1) {
      return "the test has reached its planned sample size, so it has enough data to call it";
    }
    return String.format(
        Locale.ROOT,
        "the test has %.0f%% of its planned %d units; a fixed-horizon result is valid only at the"
            + " planned size, so wait before calling it",
        100 * (p.fraction() == null ? 0 : p.fraction()),
        p.targetSampleSize());
  }
}
