package dev.abkit.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.abkit.event.Event;
import dev.abkit.internal.condition.Condition;
import dev.abkit.internal.json.JsonValues;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.NullUnmarked;

/**
 * One parse of one manifest document: reads the Jackson tree, collects every problem (with its JSON
 * path) and every warning, and only when there is no problem builds the records. Not thread-safe;
 * {@link ManifestParser} makes a new one per document.
 */
// Nullness not yet annotated: issue 10 splits this reader into one method per field first.
@NullUnmarked
final class ManifestReader {

  /** Strict: duplicate keys, trailing tokens and non-standard JSON are errors. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  private static final Pattern ID = Experiment.ID;
  private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z0-9_$-]+");
  private static final int MAX_VALUE_TEXT = 80;
  private static final String STATUSES =
      Arrays.stream(Status.values()).map(Status::id).collect(Collectors.joining(", "));
  private static final String HASHES =
      Arrays.stream(HashAlgorithm.values())
          .map(HashAlgorithm::id)
          .collect(Collectors.joining(", "));
  private static final Set<String> EXPERIMENT_FIELDS =
      Set.of(
          "id",
          "test_id",
          "key",
          "description",
          "hypothesis",
          "status",
          "variants",
          "control",
          "traffic",
          "traffic_allocation",
          "salt",
          "hash",
          "target_event",
          "metrics",
          "start_at",
          "end_at",
          "targeting",
          "exclusion_group",
          "overrides",
          "config",
          "significance_level",
          "target_sample_size",
          "sequential");
  private static final Set<String> VARIANT_FIELDS =
      Set.of("key", "label", "weight", "config", "range");
  private static final Set<String> GROUP_FIELDS = Set.of("name", "range");

  private final List<Problem> problems = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();

  /** Parses JSON bytes (any Unicode encoding Jackson detects). */
  Manifest read(byte[] json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "(root)" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
      String why = e.getOriginalMessage();
      throw new ManifestException(
          List.of(new Problem(where, "malformed JSON: " + firstLine(why), null)), e);
    } catch (IOException e) {
      throw new ManifestException(List.of(new Problem("(root)", "cannot be read: " + e, null)), e);
    }
    List<Experiment> experiments = document(root);
    if (!problems.isEmpty()) {
      throw new ManifestException(problems);
    }
    return new Manifest(experiments, warnings);
  }

  private List<Experiment> document(JsonNode root) {
    if (root == null || root.isMissingNode()) {
      problem("(root)", "must be a JSON document, was empty", null);
      return List.of();
    }
    JsonNode list;
    String prefix;
    if (root.isArray()) {
      list = root;
      prefix = "";
    } else if (root.isObject()) {
      prefix = "experiments";
      list = root.get("experiments");
      for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!name.equals("experiments") && !name.equals("$schema")) {
          warnings.add(new Problem(field("", name), "unknown field, ignored", null));
        }
      }
      if (list == null || list.isNull()) {
        problem("experiments", "is required", null);
        return List.of();
      }
      if (!list.isArray()) {
        problem("experiments", "must be an array of experiments", list);
        return List.of();
      }
    } else {
      problem(
          "(root)", "must be an object {\"experiments\": [...]} or an array of experiments", root);
      return List.of();
    }
    List<Experiment> out = new ArrayList<>();
    Map<String, String> ids = new LinkedHashMap<>();
    Map<String, List<Map.Entry<String, Range>>> groups = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String path = prefix + "[" + i + "]";
      Experiment e = experiment(list.get(i), path, ids);
      if (e != null) {
        out.add(e);
        ExclusionGroup g = e.exclusionGroup();
        if (g != null) {
          groups.computeIfAbsent(g.name(), k -> new ArrayList<>()).add(Map.entry(path, g.range()));
        }
      }
    }
    groupOverlaps(groups);
    return out;
  }

  /**
   * Overlapping ranges in one exclusion group let two experiments share units, which the group is
   * meant to prevent. A warning, not an error: GrowthBook namespaces allow it and migrated
   * manifests may rely on that.
   */
  private void groupOverlaps(Map<String, List<Map.Entry<String, Range>>> groups) {
    for (Map.Entry<String, List<Map.Entry<String, Range>>> g : groups.entrySet()) {
      List<Map.Entry<String, Range>> members = g.getValue();
      for (int j = 1; j < members.size(); j++) {
        Range r = members.get(j).getValue();
        for (int i = 0; i < j; i++) {
          Range q = members.get(i).getValue();
          if (r.start() < q.end() && q.start() < r.end()) {
            warnings.add(
                new Problem(
                    members.get(j).getKey() + ".exclusion_group.range",
                    "overlaps "
                        + members.get(i).getKey()
                        + ".exclusion_group.range in group "
                        + json(g.getKey())
                        + ", so both experiments can enroll the same units",
                    "[" + r.start() + "," + r.end() + "]"));
            break;
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------------------ experiment

  private Experiment experiment(JsonNode node, String path, Map<String, String> ids) {
    if (!node.isObject()) {
      problem(path, "must be an object", node);
      return null;
    }
    int before = problems.size();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!EXPERIMENT_FIELDS.contains(name)) {
        warnings.add(new Problem(field(path, name), "unknown field, ignored", null));
      }
    }

    String id = null;
    String idField = alias(node, path, "id", "test_id", "key");
    if (idField == null) {
      problem(field(path, "id"), "is required", null);
    } else {
      id = idText(node.get(idField), field(path, idField));
      if (id != null) {
        String other = ids.putIfAbsent(id, path);
        if (other != null) {
          problem(
              field(path, idField),
              "must be unique (also the id of " + other + ")",
              node.get(idField));
        }
      }
    }
    String description = text(node, path, "description");
    String hypothesis = text(node, path, "hypothesis");

    Status status = Status.RUNNING;
    JsonNode st = present(node, "status");
    if (st != null) {
      status = null;
      if (st.isTextual()) {
        for (Status s : Status.values()) {
          if (s.id().equals(st.textValue())) {
            status = s;
          }
        }
      }
      if (status == null) {
        problem(field(path, "status"), "must be one of " + STATUSES, st);
      }
    }

    List<Variant> variants = variants(node, path);
    Set<String> keys = new LinkedHashSet<>();
    if (variants != null) {
      variants.forEach(v -> keys.add(v.key()));
    }

    String control = text(node, path, "control");
    if (control != null && variants != null && !keys.contains(control)) {
      problem(
          field(path, "control"),
          "must be one of the variant keys (" + String.join(", ", keys) + ")",
          node.get("control"));
    }

    double traffic = 1;
    String trafficField = alias(node, path, "traffic", "traffic_allocation");
    if (trafficField != null) {
      JsonNode t = node.get(trafficField);
      if (t.isNumber() && t.doubleValue() >= 0 && t.doubleValue() <= 1) {
        traffic = t.doubleValue();
      } else {
        problem(field(path, trafficField), "must be a number in [0, 1]", t);
      }
    }

    if (trafficField != null
        && variants != null
        && !variants.isEmpty()
        && variants.get(0).range() != null) {
      warnings.add(
          new Problem(
              field(path, trafficField), "ignored: the variants have explicit ranges", null));
    }

    String salt = text(node, path, "salt");
    if (salt != null && salt.isEmpty()) {
      problem(field(path, "salt"), "must not be empty", node.get("salt"));
    }

    HashAlgorithm hash = HashAlgorithm.MURMUR3;
    JsonNode h = present(node, "hash");
    if (h != null) {
      hash = h.isTextual() ? HashAlgorithm.fromId(h.textValue()).orElse(null) : null;
      if (hash == null) {
        problem(field(path, "hash"), "must be one of " + HASHES, h);
      }
    }

    String targetEvent = eventName(present(node, "target_event"), field(path, "target_event"));
    if (present(node, "target_event") == null && status == Status.RUNNING) {
      problem(field(path, "target_event"), "is required when status is running", null);
    }

    List<String> metrics = new ArrayList<>();
    JsonNode m = present(node, "metrics");
    if (m != null) {
      if (!m.isArray()) {
        problem(field(path, "metrics"), "must be an array of event names", m);
      } else {
        for (int i = 0; i < m.size(); i++) {
          String name = eventName(m.get(i), field(path, "metrics") + "[" + i + "]");
          if (name != null) {
            metrics.add(name);
          }
        }
      }
    }

    Instant startAt = instant(node, path, "start_at");
    Instant endAt = instant(node, path, "end_at");
    if (startAt != null && endAt != null && !startAt.isBefore(endAt)) {
      problem(field(path, "end_at"), "must be after start_at", node.get("end_at"));
    }

    Map<String, Object> targeting = null;
    JsonNode tg = present(node, "targeting");
    if (tg != null) {
      if (!tg.isObject()) {
        problem(field(path, "targeting"), "must be an object (a condition)", tg);
      } else {
        targeting = JsonValues.toMap(tg);
        for (Condition.Issue issue : Condition.check(targeting)) {
          String p = field(path, "targeting") + "." + issue.path();
          problems.add(new Problem(p, issue.rule(), json(issue.value())));
        }
      }
    }

    ExclusionGroup group = exclusionGroup(node, path);
    Map<String, String> overrides = overrides(node, path, variants == null ? null : keys);
    Map<String, Object> config = object(node, path, "config");

    double significance = 0.05;
    JsonNode sl = present(node, "significance_level");
    if (sl != null) {
      if (sl.isNumber() && sl.doubleValue() > 0 && sl.doubleValue() < 1) {
        significance = sl.doubleValue();
      } else {
        problem(field(path, "significance_level"), "must be a number in (0, 1)", sl);
      }
    }

    Long targetSampleSize = null;
    JsonNode ss = present(node, "target_sample_size");
    if (ss != null) {
      if (ss.isIntegralNumber() && ss.canConvertToLong() && ss.longValue() > 0) {
        targetSampleSize = ss.longValue();
      } else {
        problem(field(path, "target_sample_size"), "must be a positive integer", ss);
      }
    }

    boolean sequential = false;
    JsonNode sq = present(node, "sequential");
    if (sq != null) {
      if (sq.isBoolean()) {
        sequential = sq.booleanValue();
      } else {
        problem(field(path, "sequential"), "must be true or false", sq);
      }
    }

    if (problems.size() > before || variants == null || id == null) {
      return null;
    }
    return new Experiment(
        id,
        description,
        hypothesis,
        status,
        variants,
        control,
        traffic,
        salt,
        hash,
        targetEvent,
        metrics,
        startAt,
        endAt,
        targeting,
        group,
        overrides,
        config,
        significance,
        targetSampleSize,
        sequential);
  }

  // ------------------------------------------------------------------------------ variants

  /** The variants, or {@code null} when any problem was found in them. */
  private List<Variant> variants(JsonNode node, String path) {
    String vpath = field(path, "variants");
    JsonNode vs = present(node, "variants");
    if (vs == null) {
      problem(vpath, "is required", null);
      return null;
    }
    int before = problems.size();
    List<String> keys = new ArrayList<>();
    List<String> keyPaths = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<JsonNode> weights = new ArrayList<>();
    List<JsonNode> configs = new ArrayList<>();
    List<JsonNode> ranges = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    if (vs.isObject()) {
      for (Map.Entry<String, JsonNode> e : vs.properties()) {
        String p = field(vpath, e.getKey());
        keys.add(e.getKey());
        keyPaths.add(p);
        paths.add(p);
        JsonNode label = e.getValue();
        if (!label.isNull() && !label.isTextual()) {
          problem(p, "must be a label (a string)", label);
        }
        labels.add(label.isTextual() ? label.textValue() : null);
        weights.add(null);
        configs.add(null);
        ranges.add(null);
      }
    } else if (vs.isArray()) {
      for (int i = 0; i < vs.size(); i++) {
        String p = vpath + "[" + i + "]";
        JsonNode v = vs.get(i);
        paths.add(p);
        keyPaths.add(field(p, "key"));
        if (!v.isObject()) {
          problem(p, "must be an object {key, label?, weight?, config?, range?}", v);
          keys.add(null);
          labels.add(null);
          weights.add(null);
          configs.add(null);
          ranges.add(null);
          continue;
        }
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
          String name = it.next();
          if (!VARIANT_FIELDS.contains(name)) {
            warnings.add(new Problem(field(p, name), "unknown field, ignored", null));
          }
        }
        JsonNode key = present(v, "key");
        if (key == null) {
          problem(field(p, "key"), "is required", null);
          keys.add(null);
        } else if (!key.isTextual()) {
          problem(field(p, "key"), "must be a string matching " + ID.pattern(), key);
          keys.add(null);
        } else {
          keys.add(key.textValue());
        }
        labels.add(text(v, p, "label"));
        weights.add(present(v, "weight"));
        configs.add(present(v, "config"));
        ranges.add(present(v, "range"));
      }
    } else {
      problem(vpath, "must be an array of variants or an object {key: label}", vs);
      return null;
    }

    if (keys.size() < 2) {
      problem(vpath, "must have at least 2 variants", vs);
    }
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      String k = keys.get(i);
      if (k == null) {
        continue;
      }
      if (!ID.matcher(k).matches()) {
        problem(keyPaths.get(i), "must match " + ID.pattern(), k);
      } else if (!seen.add(k)) {
        problem(keyPaths.get(i), "must be unique within the experiment", k);
      }
    }

    // weights: as written, all or none; finite, >= 0, not all 0
    long given = weights.stream().filter(w -> w != null).count();
    double[] w = new double[keys.size()];
    Arrays.fill(w, 1.0);
    boolean anyPositive = false;
    for (int i = 0; i < keys.size(); i++) {
      JsonNode wn = weights.get(i);
      String p = field(paths.get(i), "weight");
      if (wn == null) {
        if (given > 0) {
          problem(p, "is required when other variants have a weight", null);
        }
        continue;
      }
      if (!wn.isNumber()) {
        problem(p, "must be a number", wn);
      } else if (!Double.isFinite(wn.doubleValue())) {
        problem(p, "must be a finite number", wn);
      } else if (wn.doubleValue() < 0) {
        problem(p, "must be >= 0", wn);
      } else {
        w[i] = wn.doubleValue();
        anyPositive |= w[i] > 0;
      }
    }
    if (given > 0 && given == keys.size() && !anyPositive && problems.size() == before) {
      problem(vpath, "weights must not all be 0", null);
    }

    // explicit ranges: all or none, within [0,1], start < end, non-overlapping
    long rangesGiven = ranges.stream().filter(r -> r != null).count();
    Range[] r = new Range[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      String p = field(paths.get(i), "range");
      if (ranges.get(i) == null) {
        if (rangesGiven > 0) {
          problem(p, "is required when other variants have a range", null);
        }
        continue;
      }
      r[i] = range(ranges.get(i), p);
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
          problem(
              field(paths.get(order[j]), "range"),
              "must not overlap " + field(paths.get(order[j - 1]), "range"),
              ranges.get(order[j]));
        }
      }
    }

    List<Map<String, Object>> cfg = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      JsonNode c = configs.get(i);
      if (c != null && !c.isObject()) {
        problem(field(paths.get(i), "config"), "must be an object", c);
      }
      cfg.add(c == null ? null : JsonValues.toMap(c));
    }

    if (problems.size() > before) {
      return null;
    }
    List<Variant> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      out.add(new Variant(keys.get(i), labels.get(i), w[i], cfg.get(i), r[i]));
    }
    return out;
  }

  /**
   * A {@code [start, end)} array within [0,1] with start < end, or {@code null} (problem noted).
   */
  private Range range(JsonNode node, String path) {
    if (!node.isArray() || node.size() != 2 || !node.get(0).isNumber() || !node.get(1).isNumber()) {
      problem(path, "must be an array [start, end] of two numbers", node);
      return null;
    }
    double s = node.get(0).doubleValue();
    double e = node.get(1).doubleValue();
    if (!(s >= 0 && s <= 1 && e >= 0 && e <= 1)) {
      problem(path, "must lie within [0, 1]", node);
      return null;
    }
    if (!(s < e)) {
      problem(path, "must have start < end", node);
      return null;
    }
    return new Range(s, e);
  }

  // ------------------------------------------------------------------------------ other fields

  private ExclusionGroup exclusionGroup(JsonNode node, String path) {
    JsonNode g = present(node, "exclusion_group");
    if (g == null) {
      return null;
    }
    String p = field(path, "exclusion_group");
    if (!g.isObject()) {
      problem(p, "must be an object {\"name\", \"range\": [start, end]}", g);
      return null;
    }
    for (Iterator<String> it = g.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!GROUP_FIELDS.contains(name)) {
        warnings.add(new Problem(field(p, name), "unknown field, ignored", null));
      }
    }
    JsonNode name = present(g, "name");
    String groupName = null;
    if (name == null) {
      problem(field(p, "name"), "is required", null);
    } else if (!name.isTextual() || !ID.matcher(name.textValue()).matches()) {
      problem(field(p, "name"), "must be a string matching " + ID.pattern(), name);
    } else {
      groupName = name.textValue();
    }
    JsonNode rn = present(g, "range");
    Range range = null;
    if (rn == null) {
      problem(field(p, "range"), "is required", null);
    } else {
      range = range(rn, field(p, "range"));
    }
    return groupName == null || range == null ? null : new ExclusionGroup(groupName, range);
  }

  private Map<String, String> overrides(JsonNode node, String path, Set<String> keys) {
    JsonNode o = present(node, "overrides");
    if (o == null) {
      return null;
    }
    String p = field(path, "overrides");
    if (!o.isObject()) {
      problem(p, "must be an object {unitId: variantKey}", o);
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      String ep = field(p, e.getKey());
      JsonNode v = e.getValue();
      if (e.getKey().isEmpty()) {
        problem(ep, "unit id must not be empty", null);
      } else if (!v.isTextual() || (keys != null && !keys.contains(v.textValue()))) {
        String rule =
            keys == null
                ? "must be a variant key"
                : "must be one of the variant keys (" + String.join(", ", keys) + ")";
        problem(ep, rule, v);
      } else {
        out.put(e.getKey(), v.textValue());
      }
    }
    return out;
  }

  private String idText(JsonNode node, String path) {
    if (!node.isTextual() || !ID.matcher(node.textValue()).matches()) {
      problem(path, "must be a string matching " + ID.pattern(), node);
      return null;
    }
    return node.textValue();
  }

  private String eventName(JsonNode node, String path) {
    if (node == null) {
      return null;
    }
    if (!node.isTextual() || !Event.NAME.matcher(node.textValue()).matches()) {
      problem(path, "must be an event name matching " + Event.NAME.pattern(), node);
      return null;
    }
    return node.textValue();
  }

  private Instant instant(JsonNode node, String path, String name) {
    JsonNode n = present(node, name);
    if (n == null) {
      return null;
    }
    if (n.isTextual()) {
      try {
        return Instant.parse(n.textValue());
      } catch (DateTimeParseException e) {
        // reported below with the path; the parser's message adds nothing for users
      }
    }
    problem(field(path, name), "must be an ISO-8601 instant such as 2026-11-23T10:00:00Z", n);
    return null;
  }

  private String text(JsonNode node, String path, String name) {
    JsonNode n = present(node, name);
    if (n == null) {
      return null;
    }
    if (!n.isTextual()) {
      problem(field(path, name), "must be a string", n);
      return null;
    }
    return n.textValue();
  }

  private Map<String, Object> object(JsonNode node, String path, String name) {
    JsonNode n = present(node, name);
    if (n == null) {
      return null;
    }
    if (!n.isObject()) {
      problem(field(path, name), "must be an object", n);
      return null;
    }
    return JsonValues.toMap(n);
  }

  /** Which of the alias fields is given; a problem if more than one is. */
  private String alias(JsonNode node, String path, String... names) {
    String found = null;
    for (String name : names) {
      if (present(node, name) != null) {
        if (found == null) {
          found = name;
        } else {
          problem(
              field(path, name),
              "must not be given together with " + found + " (an alias)",
              node.get(name));
        }
      }
    }
    return found;
  }

  /** The field's node, or {@code null} when it is absent or JSON {@code null}. */
  private static JsonNode present(JsonNode node, String name) {
    JsonNode n = node.get(name);
    return n == null || n.isNull() ? null : n;
  }

  private void problem(String path, String rule, Object value) {
    problems.add(new Problem(path, rule, value == null ? null : json(value)));
  }

  /** {@code path.key}, or {@code path["key"]} when the key is not a plain word. */
  static String field(String path, String key) {
    if (SIMPLE_KEY.matcher(key).matches()) {
      return path.isEmpty() ? key : path + "." + key;
    }
    return path + "[" + json(key) + "]";
  }

  /** JSON text of a value (a JsonNode or a JSON-like Java value), shortened for messages. */
  static String json(Object value) {
    String text;
    if (value instanceof JsonNode) {
      text = value.toString();
    } else {
      try {
        text = MAPPER.writeValueAsString(value);
      } catch (JsonProcessingException e) {
        text = String.valueOf(value);
      }
    }
    return text.length() <= MAX_VALUE_TEXT ? text : text.substring(0, MAX_VALUE_TEXT) + "...";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
