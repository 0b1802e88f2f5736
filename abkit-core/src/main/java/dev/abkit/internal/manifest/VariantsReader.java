package dev.abkit.internal.manifest;

import static dev.abkit.internal.manifest.Problems.field;
import static dev.abkit.internal.manifest.Problems.present;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abkit.internal.json.JsonValues;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Range;
import dev.abkit.manifest.Variant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one experiment's {@code variants}, in either form: the seeds' object {@code {"A":
 * "compact"}} or the canonical array of {@code {key, label?, weight?, config?, range?}}. Collects
 * the parts of every variant first, then checks them across variants: keys unique, weights all or
 * none and not all 0, ranges all or none and non-overlapping. One per experiment.
 */
public final class VariantsReader {
  private static final Pattern ID = Experiment.ID;
  private static final Set<String> VARIANT_FIELDS =
      Set.of("key", "label", "weight", "config", "range");

  private final Problems problems;
  private final String vpath;
  // one entry per variant, in order (null where absent or unreadable)
  private final List<String> keys = new ArrayList<>();
  private final List<String> keyPaths = new ArrayList<>();
  private final List<String> labels = new ArrayList<>();
  private final List<JsonNode> weights = new ArrayList<>();
  private final List<JsonNode> configs = new ArrayList<>();
  private final List<JsonNode> ranges = new ArrayList<>();
  private final List<String> paths = new ArrayList<>();

  private VariantsReader(Problems problems, String vpath) {
    this.problems = problems;
    this.vpath = vpath;
  }

  /**
   * The variants of experiment {@code node}, or {@code null} when any problem was found in them.
   */
  public static List<Variant> read(Problems problems, JsonNode node, String path) {
    VariantsReader r = new VariantsReader(problems, field(path, "variants"));
    JsonNode vs = present(node, "variants");
    if (vs == null) {
      problems.problem(r.vpath, "is required", null);
      return null;
    }
    int before = problems.count();
    if (vs.isObject()) {
      r.objectForm(vs);
    } else if (vs.isArray()) {
      r.arrayForm(vs);
    } else {
      problems.problem(r.vpath, "must be an array of variants or an object {key: label}", vs);
      return null;
    }
    if (r.keys.size() < 2) {
      problems.problem(r.vpath, "must have at least 2 variants", vs);
    }
    r.checkKeys();
    double[] w = r.weights(before);
    Range[] ranges = r.ranges();
    List<Map<String, Object>> configs = r.configs();
    if (problems.count() > before) {
      return null;
    }
    List<Variant> out = new ArrayList<>();
    for (int i = 0; i < r.keys.size(); i++) {
      out.add(new Variant(r.keys.get(i), r.labels.get(i), w[i], configs.get(i), ranges[i]));
    }
    return out;
  }

  /** {@code {"A": "compact", "B": null}}: keys with optional labels. */
  private void objectForm(JsonNode vs) {
    for (Map.Entry<String, JsonNode> e : vs.properties()) {
      String p = field(vpath, e.getKey());
      keys.add(e.getKey());
      keyPaths.add(p);
      paths.add(p);
      JsonNode label = e.getValue();
      if (!label.isNull() && !label.isTextual()) {
        problems.problem(p, "must be a label (a string)", label);
      }
      labels.add(label.isTextual() ? label.textValue() : null);
      weights.add(null);
      configs.add(null);
      ranges.add(null);
    }
  }

  /** {@code [{"key": "A", ...}, ...]}. */
  private void arrayForm(JsonNode vs) {
    for (int i = 0; i < vs.size(); i++) {
      String p = vpath + "[" + i + "]";
      JsonNode v = vs.get(i);
      paths.add(p);
      keyPaths.add(field(p, "key"));
      if (!v.isObject()) {
        problems.problem(p, "must be an object {key, label?, weight?, config?, range?}", v);
        keys.add(null);
        labels.add(null);
        weights.add(null);
        configs.add(null);
        ranges.add(null);
        continue;
      }
      problems.unknownFields(v, p, VARIANT_FIELDS);
      JsonNode key = present(v, "key");
      if (key == null) {
        problems.problem(field(p, "key"), "is required", null);
        keys.add(null);
      } else if (!key.isTextual()) {
        problems.problem(field(p, "key"), "must be a string matching " + ID.pattern(), key);
        keys.add(null);
      } else {
        keys.add(key.textValue());
      }
      labels.add(problems.text(v, p, "label"));
      weights.add(present(v, "weight"));
      configs.add(present(v, "config"));
      ranges.add(present(v, "range"));
    }
  }

  private void checkKeys() {
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      String k = keys.get(i);
      if (k == null) {
        continue;
      }
      if (!ID.matcher(k).matches()) {
        problems.problem(keyPaths.get(i), "must match " + ID.pattern(), k);
      } else if (!seen.add(k)) {
        problems.problem(keyPaths.get(i), "must be unique within the experiment", k);
      }
    }
  }

  /** Weights as written: all or none; finite, >= 0, not all 0. 1 each when none is given. */
  private double[] weights(int before) {
    long given = weights.stream().filter(w -> w != null).count();
    double[] w = new double[keys.size()];
    Arrays.fill(w, 1.0);
    boolean anyPositive = false;
    for (int i = 0; i < keys.size(); i++) {
      JsonNode wn = weights.get(i);
      String p = field(paths.get(i), "weight");
      if (wn == null) {
        if (given > 0) {
          problems.problem(p, "is required when other variants have a weight", null);
        }
        continue;
      }
      if (!wn.isNumber()) {
        problems.problem(p, "must be a number", wn);
      } else if (!Double.isFinite(wn.doubleValue())) {
        problems.problem(p, "must be a finite number", wn);
      } else if (wn.doubleValue() < 0) {
        problems.problem(p, "must be >= 0", wn);
      } else {
        w[i] = wn.doubleValue();
        anyPositive |= w[i] > 0;
      }
    }
    if (given > 0 && given == keys.size() && !anyPositive && problems.count() == before) {
      problems.problem(vpath, "weights must not all be 0", null);
    }
    return w;
  }

  /** Explicit ranges: all or none, within [0,1], start < end, non-overlapping. */
  private Range[] ranges() {
    long rangesGiven = ranges.stream().filter(r -> r != null).count();
    Range[] r = new Range[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      String p = field(paths.get(i), "range");
      if (ranges.get(i) == null) {
        if (rangesGiven > 0) {
          problems.problem(p, "is required when other variants have a range", null);
        }
        continue;
      }
      r[i] = problems.range(ranges.get(i), p);
    }
    if (rangesGiven == keys.size()) {
      Integer[] order = new Integer[keys.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparingDouble(i -> r[i] == null ? 2 : r[i].start()));
      for (int j = 1; j < order.length; j++) {
        Range prev = r[order[j - 1]];
        Range cur = r[order[j]];
        if (prev != null && cur != null && cur.start() < prev.end()) {
          problems.problem(
              field(paths.get(order[j]), "range"),
              "must not overlap " + field(paths.get(order[j - 1]), "range"),
              ranges.get(order[j]));
        }
      }
    }
    return r;
  }

  private List<Map<String, Object>> configs() {
    List<Map<String, Object>> cfg = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      JsonNode c = configs.get(i);
      if (c != null && !c.isObject()) {
        problems.problem(field(paths.get(i), "config"), "must be an object", c);
      }
      cfg.add(c == null ? null : JsonValues.toMap(c));
    }
    return cfg;
  }
}
