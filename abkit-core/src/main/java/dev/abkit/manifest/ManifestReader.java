package dev.abkit.manifest;

import static dev.abkit.internal.manifest.Problems.field;
import static dev.abkit.internal.manifest.Problems.json;
import static dev.abkit.internal.manifest.Problems.present;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.abkit.internal.condition.Condition;
import dev.abkit.internal.json.JsonValues;
import dev.abkit.internal.manifest.AnalysisKeysReader;
import dev.abkit.internal.manifest.AnalysisKeysReader.AnalysisKeys;
import dev.abkit.internal.manifest.JsonSyntax;
import dev.abkit.internal.manifest.MetricsReader;
import dev.abkit.internal.manifest.Problems;
import dev.abkit.internal.manifest.VariantsReader;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One parse of one manifest document: reads the Jackson tree, collects every problem (with its JSON
 * path) and every warning, and only when there is no problem builds the records. Not thread-safe;
 * {@link ManifestParser} makes a new one per document.
 */
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
          "mde",
          "sequential",
          "cuped",
          "dimensions",
          "multiple_testing");
  private static final Set<String> ROOT_FIELDS = Set.of("experiments", "$schema");
  private static final Set<String> GROUP_FIELDS = Set.of("name", "range");

  private final Problems problems = new Problems();

  /** Parses JSON bytes (any Unicode encoding Jackson detects). */
  Manifest read(byte[] json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ManifestException(List.of(JsonSyntax.problem(e)), List.of(), e);
    } catch (IOException e) {
      // e.g. CharConversionException for bytes that are no Unicode encoding Jackson detects
      throw new ManifestException(
          List.of(new Problem("(root)", "cannot be read: " + e.getMessage(), null)), List.of(), e);
    }
    List<Experiment> experiments = document(root);
    if (problems.count() > 0) {
      // the warnings too: "unknown field tarket_event, did you mean target_event?" often explains
      // the error "target_event: is required"
      throw new ManifestException(problems.problems(), problems.warnings());
    }
    return new Manifest(experiments, problems.warnings());
  }

  private List<Experiment> document(@Nullable JsonNode root) {
    if (root == null || root.isMissingNode()) {
      problems.problem("(root)", "must be a JSON document, was empty", null);
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
      problems.unknownFields(root, "", ROOT_FIELDS);
      if (list == null || list.isNull()) {
        problems.problem("experiments", "is required", null);
        return List.of();
      }
      if (!list.isArray()) {
        problems.problem("experiments", "must be an array of experiments", list);
        return List.of();
      }
    } else {
      problems.problem(
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
            problems.warn(
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

  /**
   * One experiment's fields as read so far; the steps below fill it in order. A {@code @Nullable}
   * field stays {@code null} when the document leaves it out or it has a problem; {@code status}
   * becomes {@code null} on a bad value, so that target_event (required when running) is not
   * reported as well.
   */
  private static final class Draft {
    final JsonNode node;
    final String path;
    @Nullable String id;
    @Nullable String description;
    @Nullable String hypothesis;
    @Nullable Status status = Status.RUNNING;
    @Nullable List<Variant> variants;
    final Set<String> keys = new LinkedHashSet<>();
    @Nullable String control;
    double traffic = 1;
    @Nullable String salt;
    HashAlgorithm hash = HashAlgorithm.MURMUR3;
    final MetricsReader metricsReader;
    @Nullable Metric goal;
    List<Metric> metrics = List.of();
    @Nullable Instant startAt;
    @Nullable Instant endAt;
    @Nullable Map<String, Object> targeting;
    @Nullable ExclusionGroup group;
    @Nullable Map<String, String> overrides;
    @Nullable Map<String, Object> config;

    Draft(JsonNode node, String path, Problems problems) {
      this.node = node;
      this.path = path;
      this.metricsReader = new MetricsReader(problems);
    }
  }

  /**
   * Reads one experiment: one small step per field, in a fixed order (so problems are listed in the
   * same order whatever the field order of the document); later steps may look at earlier fields
   * (control and overrides at the variant keys, target_event at the status, metrics at the names
   * target_event took).
   */
  private @Nullable Experiment experiment(JsonNode node, String path, Map<String, String> ids) {
    if (!node.isObject()) {
      problems.problem(path, "must be an object", node);
      return null;
    }
    int before = problems.count();
    problems.unknownFields(node, path, EXPERIMENT_FIELDS);
    Draft d = new Draft(node, path, problems);
    id(d, ids);
    d.description = problems.text(node, path, "description");
    d.hypothesis = problems.text(node, path, "hypothesis");
    status(d);
    variants(d);
    control(d);
    traffic(d);
    salt(d);
    hash(d);
    targetEvent(d);
    metrics(d);
    window(d);
    targeting(d);
    d.group = exclusionGroup(node, path);
    d.overrides = overrides(node, path, d.variants == null ? null : d.keys);
    d.config = problems.object(node, path, "config");
    AnalysisKeys analysis = AnalysisKeysReader.read(problems, node, path);
    // a missing id, variants or status always came with a problem; the null checks say so to
    // NullAway, which cannot see that link
    if (problems.count() > before || d.id == null || d.variants == null || d.status == null) {
      return null;
    }
    return Experiment.builder(d.id)
        .description(d.description)
        .hypothesis(d.hypothesis)
        .status(d.status)
        .variants(d.variants)
        .control(d.control)
        .traffic(d.traffic)
        .salt(d.salt)
        .hash(d.hash)
        .goal(d.goal)
        .metrics(d.metrics)
        .startAt(d.startAt)
        .endAt(d.endAt)
        .targeting(d.targeting)
        .exclusionGroup(d.group)
        .overrides(d.overrides)
        .config(d.config)
        .significanceLevel(analysis.significanceLevel())
        .targetSampleSize(analysis.targetSampleSize())
        .sequential(analysis.sequential())
        .cupedPrePeriod(analysis.cupedPrePeriod())
        .dimensions(analysis.dimensions())
        .multipleTesting(analysis.multipleTesting())
        .mde(analysis.mde())
        .build();
  }

  private void id(Draft d, Map<String, String> ids) {
    String idField = problems.alias(d.node, d.path, "id", "test_id", "key");
    if (idField == null) {
      problems.problem(field(d.path, "id"), "is required", null);
      return;
    }
    d.id = problems.idText(d.node.get(idField), field(d.path, idField));
    if (d.id != null) {
      String other = ids.putIfAbsent(d.id, d.path);
      if (other != null) {
        problems.problem(
            field(d.path, idField),
            "must be unique (also the id of " + other + ")",
            d.node.get(idField));
      }
    }
  }

  private void status(Draft d) {
    JsonNode st = present(d.node, "status");
    if (st == null) {
      return;
    }
    d.status = null;
    if (st.isTextual()) {
      for (Status s : Status.values()) {
        if (s.id().equals(st.textValue())) {
          d.status = s;
        }
      }
    }
    if (d.status == null) {
      problems.problem(field(d.path, "status"), "must be one of " + STATUSES, st);
    }
  }

  private void variants(Draft d) {
    d.variants = VariantsReader.read(problems, d.node, d.path);
    if (d.variants != null) {
      d.variants.forEach(v -> d.keys.add(v.key()));
    }
  }

  private void control(Draft d) {
    d.control = problems.text(d.node, d.path, "control");
    if (d.control != null && d.variants != null && !d.keys.contains(d.control)) {
      problems.problem(
          field(d.path, "control"),
          "must be one of the variant keys (" + String.join(", ", d.keys) + ")",
          d.node.get("control"));
    }
  }

  private void traffic(Draft d) {
    String trafficField = problems.alias(d.node, d.path, "traffic", "traffic_allocation");
    if (trafficField == null) {
      return;
    }
    JsonNode t = d.node.get(trafficField);
    if (t.isNumber() && t.doubleValue() >= 0 && t.doubleValue() <= 1) {
      d.traffic = t.doubleValue();
    } else {
      problems.problem(field(d.path, trafficField), "must be a number in [0, 1]", t);
    }
    if (d.variants != null && !d.variants.isEmpty() && d.variants.get(0).range() != null) {
      problems.warn(
          new Problem(
              field(d.path, trafficField), "ignored: the variants have explicit ranges", null));
    }
  }

  private void salt(Draft d) {
    d.salt = problems.text(d.node, d.path, "salt");
    if (d.salt != null && d.salt.isEmpty()) {
      problems.problem(field(d.path, "salt"), "must not be empty", d.node.get("salt"));
    }
  }

  private void hash(Draft d) {
    JsonNode h = present(d.node, "hash");
    if (h == null) {
      return;
    }
    HashAlgorithm a = h.isTextual() ? HashAlgorithm.fromId(h.textValue()).orElse(null) : null;
    if (a == null) {
      problems.problem(field(d.path, "hash"), "must be one of " + HASHES, h);
    } else {
      d.hash = a;
    }
  }

  /** {@code target_event}: the goal, an event name or a metric object (DESIGN.md 10). */
  private void targetEvent(Draft d) {
    JsonNode te = present(d.node, "target_event");
    if (te != null) {
      d.goal = d.metricsReader.goal(te, field(d.path, "target_event"));
    } else if (d.status == Status.RUNNING) {
      problems.problem(field(d.path, "target_event"), "is required when status is running", null);
    }
  }

  /** {@code metrics}: event names or metric objects, secondary or guardrail. */
  private void metrics(Draft d) {
    JsonNode m = present(d.node, "metrics");
    if (m != null) {
      d.metrics = d.metricsReader.metrics(m, field(d.path, "metrics"));
    }
  }

  private void window(Draft d) {
    d.startAt = problems.instant(d.node, d.path, "start_at");
    d.endAt = problems.instant(d.node, d.path, "end_at");
    if (d.startAt != null && d.endAt != null && !d.startAt.isBefore(d.endAt)) {
      problems.problem(field(d.path, "end_at"), "must be after start_at", d.node.get("end_at"));
    }
  }

  private void targeting(Draft d) {
    JsonNode tg = present(d.node, "targeting");
    if (tg == null) {
      return;
    }
    if (!tg.isObject()) {
      problems.problem(field(d.path, "targeting"), "must be an object (a condition)", tg);
      return;
    }
    d.targeting = JsonValues.toMap(tg);
    for (Condition.Issue issue : Condition.check(d.targeting)) {
      String p = field(d.path, "targeting") + "." + issue.path();
      problems.add(new Problem(p, issue.rule(), json(issue.value())));
    }
  }

  // ------------------------------------------------------------------------------ other fields

  private @Nullable ExclusionGroup exclusionGroup(JsonNode node, String path) {
    JsonNode g = present(node, "exclusion_group");
    if (g == null) {
      return null;
    }
    String p = field(path, "exclusion_group");
    if (!g.isObject()) {
      problems.problem(p, "must be an object {\"name\", \"range\": [start, end]}", g);
      return null;
    }
    problems.unknownFields(g, p, GROUP_FIELDS);
    JsonNode name = present(g, "name");
    String groupName = null;
    if (name == null) {
      problems.problem(field(p, "name"), "is required", null);
    } else if (!name.isTextual() || !ID.matcher(name.textValue()).matches()) {
      problems.problem(field(p, "name"), "must be a string matching " + ID.pattern(), name);
    } else {
      groupName = name.textValue();
    }
    JsonNode rn = present(g, "range");
    Range range = null;
    if (rn == null) {
      problems.problem(field(p, "range"), "is required", null);
    } else {
      range = problems.range(rn, field(p, "range"));
    }
    return groupName == null || range == null ? null : new ExclusionGroup(groupName, range);
  }

  private @Nullable Map<String, String> overrides(
      JsonNode node, String path, @Nullable Set<String> keys) {
    JsonNode o = present(node, "overrides");
    if (o == null) {
      return null;
    }
    String p = field(path, "overrides");
    if (!o.isObject()) {
      problems.problem(p, "must be an object {unitId: variantKey}", o);
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      String ep = field(p, e.getKey());
      JsonNode v = e.getValue();
      if (e.getKey().isEmpty()) {
        problems.problem(ep, "unit id must not be empty", null);
      } else if (!v.isTextual() || (keys != null && !keys.contains(v.textValue()))) {
        String rule =
            keys == null
                ? "must be a variant key"
                : "must be one of the variant keys (" + String.join(", ", keys) + ")";
        problems.problem(ep, rule, v);
      } else {
        out.put(e.getKey(), v.textValue());
      }
    }
    return out;
  }
}
