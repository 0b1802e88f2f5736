package dev.abkit.internal.report;

import dev.abkit.analysis.Breakdown;
import dev.abkit.analysis.Comparison;
import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.MetricKind;
import dev.abkit.analysis.MetricResult;
import dev.abkit.analysis.Results;
import dev.abkit.analysis.VariantResult;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** Renders {@link ResultsFormat#TABLE}: aligned columns, one block per experiment. */
public final class TableWriter {
  private TableWriter() {}

  public static void write(Results results, Writer out) throws IOException {
    boolean first = true;
    for (ExperimentResult e : results.experiments()) {
      if (!first) {
        out.write('\n');
      }
      first = false;
      out.write("Experiment " + Text.heading(e) + "\n");
      if (e.srm().mismatch()) {
        out.write("!! " + Text.srmWarning(e) + "\n");
      }
      for (String warning : new String[] {Text.dataQualityWarning(e), Text.guardrailWarning(e)}) {
        if (warning != null) {
          out.write("!! " + warning + "\n");
        }
      }
      if (e.goalError() != null) {
        out.write("!! goal compared on its conversion rate: " + e.goalError() + "\n");
      }
      out.write(table(e, e.variants(), e.goalKind()));
      metrics(out, e, e.metrics());
      if (e.power() != null) {
        out.write(Text.power(e, e.power()) + "\n");
      }
      out.write(
          Text.progress(e.progress())
              + String.format(
                  java.util.Locale.ROOT, "; SRM p = %s\n", Text.pValue(e.srm().pValue())));
      Breakdown breakdown = e.breakdown();
      if (breakdown != null) {
        out.write(Text.breakdownHeading(breakdown) + "\n");
        for (Breakdown.Segment segment : breakdown.segments()) {
          out.write("Segment " + Text.segment(breakdown, segment) + "\n");
          out.write(table(e, segment.variants(), e.goalKind()));
          metrics(out, e, segment.metrics());
        }
      }
    }
  }

  /** One table per further metric, under a line that defines it. */
  private static void metrics(Writer out, ExperimentResult e, List<MetricResult> metrics)
      throws IOException {
    for (MetricResult m : metrics) {
      out.write(
          "Metric "
              + m.name()
              + " ("
              + Text.definition(m.metric(), e)
              + switch (m.kind()) {
                case CONVERSION -> "; rate";
                case MEAN -> "; mean per exposed unit";
                case RATIO -> "; numerator per denominator";
              }
              + ")\n");
      if (m.error() != null) {
        out.write("!! could not be computed: " + m.error() + "\n");
        continue;
      }
      out.write(table(e, m.variants(), m.kind()));
    }
  }

  private static String table(ExperimentResult e, List<VariantResult> variants, MetricKind kind) {
    String liftHeader =
        (kind == MetricKind.CONVERSION ? "lift (abs, " : "lift (")
            + Math.round(100 * (1 - e.significanceLevel()))
            + "% "
            + (e.sequential() ? "CS)" : "CI)");
    String pHeader = Text.pHeader(e, variants);
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "variant",
          "exposures",
          "conversions",
          switch (kind) {
            case CONVERSION -> "rate";
            case MEAN -> "mean";
            case RATIO -> "ratio";
          },
          liftHeader,
          "rel lift",
          pHeader,
          "verdict"
        });
    for (VariantResult v : variants) {
      Comparison c = v.comparison();
      rows.add(
          new String[] {
            v.key(),
            Long.toString(v.exposures()),
            Long.toString(v.conversions()),
            kind == MetricKind.CONVERSION
                ? Text.percent(v.conversionRate())
                : Text.number(v.mean()),
            c == null
                ? ""
                : Text.lift(c.lift().absolute(), Text.decidingCi(c, e.sequential()), kind),
            c == null ? "" : Text.signedPercent(c.lift().relative()),
            c == null ? "" : Text.pValue(Text.decidingP(c, e.sequential())),
            Text.verdict(v)
          });
    }
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        boolean numeric = i >= 1 && i <= 3;
        String cell = row[i];
        String pad = " ".repeat(width[i] - cell.length());
        line.append(numeric ? pad + cell : cell + pad);
        if (i < row.length - 1) {
          line.append("  ");
        }
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }
}
