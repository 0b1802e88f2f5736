package dev.abkit.internal.manifest;

import static dev.abkit.internal.manifest.Problems.field;
import static dev.abkit.internal.manifest.Problems.present;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abkit.manifest.MultipleTesting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one experiment's analysis settings: {@code significance_level}, {@code target_sample_size},
 * {@code sequential} (DESIGN.md section 1) and {@code cuped}, {@code dimensions}, {@code
 * multiple_testing} (section 10). Each absent key keeps its default.
 */
public final class AnalysisKeysReader {
  private static final Set<String> CUPED_FIELDS = Set.of("pre_period");

  /**
   * The settings as read; a key with a problem keeps its default (the experiment is not built
   * then).
   *
   * @param significanceLevel α, 0.05 unless given
   * @param targetSampleSize planned units, or {@code null}
   * @param sequential always-valid inference, false unless given
   * @param cupedPrePeriod CUPED's pre-period, or {@code null} without CUPED
   * @param dimensions unit attributes to break results down by, unique
   * @param multipleTesting the correction, Holm unless given
   * @param mde the absolute change of the goal's rate the test is planned to detect, or {@code
   *     null}
   */
  public record AnalysisKeys(
      double significanceLevel,
      Long targetSampleSize,
      boolean sequential,
      Duration cupedPrePeriod,
      List<String> dimensions,
      MultipleTesting multipleTesting,
      Double mde) {}

  private final Problems problems;
  private final JsonNode node;
  private final String path;

  private AnalysisKeysReader(Problems problems, JsonNode node, String path) {
    this.problems = problems;
    this.node = node;
    this.path = path;
  }

  /** The analysis settings of experiment {@code node} at {@code path}. */
  public static AnalysisKeys read(Problems problems, JsonNode node, String path) {
    AnalysisKeysReader r = new AnalysisKeysReader(problems, node, path);
    return new AnalysisKeys(
        r.significanceLevel(),
        r.targetSampleSize(),
        r.sequential(),
        r.cupedPrePeriod(),
        r.dimensions(),
        problems.choice(
            node,
            path,
            "multiple_testing",
            MultipleTesting.values(),
            MultipleTesting::jsonName,
            MultipleTesting.HOLM),
        r.mde());
  }

  /**
   * {@code mde}: a non-zero change of the goal's rate, in (-1, 1) (0.02 is 2 percentage points).
   */
  private Double mde() {
    JsonNode m = present(node, "mde");
    if (m == null) {
      return null;
    }
    if (m.isNumber() && m.doubleValue() != 0 && Math.abs(m.doubleValue()) < 1) {
      return m.doubleValue();
    }
    problems.problem(
        field(path, "mde"),
        "must be a non-zero absolute change of the goal's rate in (-1, 1), e.g. 0.02",
        m);
    return null;
  }

  private double significanceLevel() {
    JsonNode sl = present(node, "significance_level");
    if (sl == null) {
      return 0.05;
    }
    if (sl.isNumber() && sl.doubleValue() > 0 && sl.doubleValue() < 1) {
      return sl.doubleValue();
    }
    problems.problem(field(path, "significance_level"), "must be a number in (0, 1)", sl);
    return 0.05;
  }

  private Long targetSampleSize() {
    JsonNode ss = present(node, "target_sample_size");
    if (ss == null) {
      return null;
    }
    if (ss.isIntegralNumber() && ss.canConvertToLong() && ss.longValue() > 0) {
      return ss.longValue();
    }
    problems.problem(field(path, "target_sample_size"), "must be a positive integer", ss);
    return null;
  }

  private boolean sequential() {
    JsonNode sq = present(node, "sequential");
    if (sq == null) {
      return false;
    }
    if (sq.isBoolean()) {
      return sq.booleanValue();
    }
    problems.problem(field(path, "sequential"), "must be true or false", sq);
    return false;
  }

  /** {@code "cuped": {"pre_period": "P14D"}}. */
  private Duration cupedPrePeriod() {
    JsonNode c = present(node, "cuped");
    if (c == null) {
      return null;
    }
    String p = field(path, "cuped");
    if (!c.isObject()) {
      problems.problem(p, "must be an object {\"pre_period\": \"P14D\"}", c);
      return null;
    }
    problems.unknownFields(c, p, CUPED_FIELDS);
    if (present(c, "pre_period") == null) {
      problems.problem(field(p, "pre_period"), "is required", null);
      return null;
    }
    return problems.duration(c, p, "pre_period", false);
  }

  /** {@code "dimensions": ["platform", ...]}: attribute names, non-empty and unique. */
  private List<String> dimensions() {
    JsonNode d = present(node, "dimensions");
    if (d == null) {
      return List.of();
    }
    String p = field(path, "dimensions");
    if (!d.isArray()) {
      problems.problem(p, "must be an array of attribute names", d);
      return List.of();
    }
    List<String> out = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < d.size(); i++) {
      String ep = p + "[" + i + "]";
      JsonNode a = d.get(i);
      if (!a.isTextual() || a.textValue().isEmpty()) {
        problems.problem(ep, "must be an attribute name (a non-empty string)", a);
        continue;
      }
      String other = seen.putIfAbsent(a.textValue(), ep);
      if (other != null) {
        problems.problem(ep, "must be unique (also " + other + ")", a);
        continue;
      }
      out.add(a.textValue());
    }
    return out;
  }
}
