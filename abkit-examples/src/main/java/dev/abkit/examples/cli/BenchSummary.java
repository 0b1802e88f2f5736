package dev.abkit.examples.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The table {@code abkit bench} prints after JMH: every benchmark's score with its ratio to the
 * in-run MurmurHash3 floor, and the acceptance checks of DESIGN.md section 7, all computed from the
 * same run (ratios carry over between machines; absolute nanoseconds do not).
 */
final class BenchSummary {
  static final String FLOOR = "AssignBenchmark.murmur3Hash";
  static final String ASSIGN_ONE = "AssignBenchmark.assignOne";
  static final String ASSIGN_TWENTY = "AssignBenchmark.assignTwenty";
  static final String UNLEASH = "PeerBenchmark.unleashVariant";
  static final String OPTIMIZELY = "PeerBenchmark.optimizelyVariation";
  static final String PLAIN_ROUTE = "ServletBenchmark.plainRoute";
  static final String ABKIT_ROUTE = "ServletBenchmark.abkitRoute";

  private BenchSummary() {}

  /**
   * One benchmark's result.
   *
   * @param name {@code Class.method}
   * @param mode JMH's short mode label, e.g. {@code avgt}
   * @param score the primary score
   * @param error the 99.9 % error half-width (NaN with too few samples)
   * @param unit the score's unit, e.g. {@code ns/op}
   * @param allocBytesPerOp {@code gc.alloc.rate.norm} when the GC profiler ran, else null
   */
  record Row(
      String name, String mode, double score, double error, String unit, Double allocBytesPerOp) {
    boolean nanosPerOp() {
      return mode.equals("avgt") && unit.equals("ns/op");
    }
  }

  /**
   * One acceptance check: {@code numerator / denominator} (or the score alone when there is no
   * denominator) against a bound.
   */
  record Check(String label, double value, double low, double high, String bound, boolean pass) {}

  static List<Row> rows(Collection<RunResult> results) {
    List<Row> rows = new ArrayList<>();
    for (RunResult r : results) {
      String full = r.getParams().getBenchmark();
      int method = full.lastIndexOf('.');
      int clazz = full.lastIndexOf('.', method - 1);
      Result<?> primary = r.getPrimaryResult();
      Double alloc = null;
      for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
        // JMH 1.37 labels it "gc.alloc.rate.norm"; older versions prefix a middle dot.
        if (e.getKey().replace("\u00b7", "").equals("gc.alloc.rate.norm")) {
          alloc = e.getValue().getScore();
        }
      }
      rows.add(
          new Row(
              full.substring(clazz + 1),
              r.getParams().getMode().shortLabel(),
              primary.getScore(),
              primary.getScoreError(),
              primary.getScoreUnit(),
              alloc));
    }
    return rows;
  }

  static List<Check> checks(List<Row> rows) {
    Map<String, Row> byName = new LinkedHashMap<>();
    for (Row r : rows) {
      if (r.nanosPerOp()) {
        byName.put(r.name(), r);
      }
    }
    List<Check> checks = new ArrayList<>();
    ratio(byName, ASSIGN_ONE, FLOOR, "assignOne / murmur3Hash", false, 3).ifPresent(checks::add);
    Row twenty = byName.get(ASSIGN_TWENTY);
    if (twenty != null) {
      double err = finiteOrZero(twenty.error());
      checks.add(
          new Check(
              "assignTwenty (ns)",
              twenty.score(),
              Math.max(0, twenty.score() - err),
              twenty.score() + err,
              "<= 2000 ns",
              twenty.score() <= 2000));
    }
    ratio(byName, UNLEASH, ASSIGN_ONE, "unleashVariant / assignOne", true, 10)
        .ifPresent(checks::add);
    ratio(byName, OPTIMIZELY, ASSIGN_ONE, "optimizelyVariation / assignOne", true, 10)
        .ifPresent(checks::add);
    // The servlet filters' cost is a ratio of two request times, whatever their unit.
    Map<String, Row> avgt = new LinkedHashMap<>();
    for (Row r : rows) {
      if (r.mode().equals("avgt")) {
        avgt.put(r.name(), r);
      }
    }
    Row plain = avgt.get(PLAIN_ROUTE);
    Row abkit = avgt.get(ABKIT_ROUTE);
    if (plain != null && abkit != null && plain.unit().equals(abkit.unit())) {
      ratio(avgt, ABKIT_ROUTE, PLAIN_ROUTE, "abkitRoute / plainRoute", false, 1.1)
          .ifPresent(checks::add);
    }
    return checks;
  }

  /** The ratio with its worst-case interval from both benchmarks' error bars. */
  private static Optional<Check> ratio(
      Map<String, Row> rows, String num, String den, String label, boolean atLeast, double bound) {
    Row n = rows.get(num);
    Row d = rows.get(den);
    if (n == null || d == null) {
      return Optional.empty();
    }
    double ratio = n.score() / d.score();
    double ne = finiteOrZero(n.error());
    double de = finiteOrZero(d.error());
    double low = Math.max(0, n.score() - ne) / (d.score() + de);
    double high = d.score() > de ? (n.score() + ne) / (d.score() - de) : Double.POSITIVE_INFINITY;
    String boundText =
        (atLeast ? ">= " : "<= ")
            + (bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound))
            + "x";
    boolean pass = atLeast ? ratio >= bound : ratio <= bound;
    return Optional.of(new Check(label, ratio, low, high, boundText, pass));
  }

  static String render(List<Row> rows, List<Check> checks) {
    StringBuilder sb = new StringBuilder();
    Row floor = null;
    int width = "Benchmark".length();
    for (Row r : rows) {
      width = Math.max(width, r.name().length());
      if (r.name().equals(FLOOR) && r.nanosPerOp()) {
        floor = r;
      }
    }
    String head = "%-" + width + "s  %5s  %12s  %10s  %-8s  %10s  %8s%n";
    sb.append(
        String.format(
            Locale.ROOT, head, "Benchmark", "Mode", "Score", "Error", "Units", "B/op", "x floor"));
    for (Row r : rows) {
      String ratio = floor != null && r.nanosPerOp() ? fmt(r.score() / floor.score()) + "x" : "-";
      sb.append(
          String.format(
              Locale.ROOT,
              head,
              r.name(),
              r.mode(),
              fmt(r.score()),
              Double.isNaN(r.error()) ? "-" : "\u00b1 " + fmt(r.error()),
              r.unit(),
              r.allocBytesPerOp() == null ? "-" : fmt(r.allocBytesPerOp()),
              ratio));
    }
    if (floor == null) {
      sb.append("(no ").append(FLOOR).append(" in this run: no floor ratios)\n");
    }
    if (!checks.isEmpty()) {
      sb.append("\nAcceptance (DESIGN.md section 7), from this run;")
          .append(" [interval] combines both error bars:\n");
      List<String[]> cells = new ArrayList<>();
      for (Check c : checks) {
        cells.add(
            new String[] {
              c.label(),
              fmt(c.value()),
              "[" + fmt(c.low()) + " .. " + fmt(c.high()) + "]",
              c.bound(),
              c.pass() ? "PASS" : "FAIL"
            });
      }
      int[] widths = new int[4];
      for (String[] row : cells) {
        for (int i = 0; i < widths.length; i++) {
          widths[i] = Math.max(widths[i], row[i].length());
        }
      }
      String line =
          "  %-" + widths[0] + "s  %" + widths[1] + "s  %-" + widths[2] + "s  %-" + widths[3]
              + "s  %s%n";
      for (String[] row : cells) {
        sb.append(String.format(Locale.ROOT, line, (Object[]) row));
      }
    }
    return sb.toString();
  }

  /** Three significant digits at most, no exponent: 43.1, 0.912, 1234. */
  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    double a = Math.abs(v);
    String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
    return String.format(Locale.ROOT, pattern, v);
  }

  private static double finiteOrZero(double v) {
    return Double.isFinite(v) ? v : 0;
  }
}
