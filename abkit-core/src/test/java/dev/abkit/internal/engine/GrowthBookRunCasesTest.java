package dev.abkit.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.Assignment;
import dev.abkit.Reason;
import dev.abkit.internal.hashing.PeerVectors;
import dev.abkit.manifest.ExclusionGroup;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.HashAlgorithm;
import dev.abkit.manifest.Manifest;
import dev.abkit.manifest.Range;
import dev.abkit.manifest.Status;
import dev.abkit.manifest.Variant;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GrowthBook's 73 {@code run} cases (cases.json, see peer-vectors/SOURCES-bucketing.md) mapped onto
 * abkit experiments and evaluated by the {@link Engine}. Mapping: hash attribute {@code id} → unit
 * id (missing/null → null unit, {@code ""} → blank unit: both INVALID_UNIT, i.e. control served,
 * not enrolled); {@code key} → experiment id; {@code seed} (or key) → salt; {@code hashVersion}
 * (default 1) → {@code growthbook-v1/v2}; variations → variants {@code "0".."n-1"} (a JSON-object
 * variation becomes the variant's config); {@code weights} → weights; {@code coverage} → traffic;
 * {@code ranges} → per-variant ranges; {@code namespace} → exclusion group; {@code active: false} →
 * status paused; {@code condition} → targeting; context {@code forcedVariations} → the engine's
 * forced map for the unit. GrowthBook's "in experiment" is {@link Assignment#enrolled()}, "hash
 * used" is reason {@link Reason#HASHED}, the value is the served variant's variation.
 */
class GrowthBookRunCasesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);

  /** Cases abkit cannot express, each with the reason. */
  static final Map<String, String> INEXPRESSIBLE =
      Map.ofEntries(
          Map.entry("single variation", "abkit requires at least 2 variants (manifest rejects 1)"),
          Map.entry(
              "negative forced variation",
              "experiment-level `force` (by index, after the coverage check) has no abkit field;"
                  + " abkit overrides are per unit and come before traffic"),
          Map.entry("high forced variation", "experiment-level `force` index: same as above"),
          Map.entry(
              "coverage take precendence over forced",
              "experiment-level `force` applied after coverage: abkit overrides precede traffic"),
          Map.entry(
              "Works in QA mode if forced in experiment",
              "needs qaMode and experiment-level `force`"),
          Map.entry("Skips experiments in QA mode", "context qaMode has no abkit equivalent"),
          Map.entry(
              "custom hashAttribute",
              "abkit always hashes the unit id; `hashAttribute` other than id is not expressible"),
          Map.entry(
              "globally disabled",
              "context `enabled: false` has no abkit equivalent (per context)"),
          Map.entry(
              "querystring force",
              "query-string forcing is a URL feature of the JS SDK, not abkit"),
          Map.entry("querystring force with inactive", "query-string forcing (URL)"),
          Map.entry(
              "Filtered, included",
              "`filters` (several hash filters, other attributes) have no abkit field; abkit has one"
                  + " exclusion group per experiment"),
          Map.entry("Filtered, excluded", "`filters`: same as above"),
          Map.entry(
              "Filtered, ignore namespace", "`filters` override the namespace: not expressible"),
          Map.entry(
              "Prerequisite condition passes",
              "`parentConditions` need feature-flag evaluation (prerequisites), not in abkit"),
          Map.entry("Prerequisite condition fails", "`parentConditions`: same as above"),
          Map.entry(
              "SavedGroups correctly pulled from context for experiment",
              "`$inGroup` needs saved groups from the context; abkit's targeting has none"));

  /** Cases that evaluate a targeting condition (need dev.abkit.internal.condition.Condition). */
  static final Set<String> NEED_CONDITION =
      Set.of("evaluates conditions - pass", "evaluates conditions - fail");

  static List<JsonNode> all() {
    return PeerVectors.section("growthbook-run-cases.json", "run");
  }

  static Stream<JsonNode> expressible() {
    return all().stream()
        .filter(c -> !INEXPRESSIBLE.containsKey(name(c)) && !NEED_CONDITION.contains(name(c)));
  }

  static Stream<JsonNode> withCondition() {
    return all().stream().filter(c -> NEED_CONDITION.contains(name(c)));
  }

  private static String name(JsonNode c) {
    return c.get(0).asText();
  }

  @Test
  void skipSet_namesOnlyExistingCases_andTheCountsAddUp() {
    Set<String> names =
        all().stream().map(GrowthBookRunCasesTest::name).collect(Collectors.toSet());
    assertThat(all()).hasSize(73);
    assertThat(names).containsAll(INEXPRESSIBLE.keySet()).containsAll(NEED_CONDITION);
    assertThat(expressible().count()).isEqualTo(73 - INEXPRESSIBLE.size() - NEED_CONDITION.size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expressible")
  void run_expressibleCase_matchesGrowthBook(JsonNode c) {
    check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("withCondition")
  void run_conditionCase_matchesGrowthBook(JsonNode c) {
    check(c);
  }

  private static void check(JsonNode c) {
    JsonNode context = c.get(1);
    JsonNode exp = c.get(2);
    JsonNode attrs = context.path("attributes");
    String unit = attrs.hasNonNull("id") ? attrs.get("id").asText() : null;
    String key = exp.get("key").asText();

    Map<String, Map<String, String>> forced = new HashMap<>();
    if (context.has("forcedVariations")
        && context.get("forcedVariations").has(key)
        && unit != null) {
      forced.put(key, Map.of(unit, context.get("forcedVariations").get(key).asText()));
    }
    Engine engine = new Engine(Manifest.of(toExperiment(exp)), CLOCK, null, forced);
    Assignment a = engine.assign(key, unit, toMap(attrs));

    assertThat(a.reason()).as("reason").isNotEqualTo(Reason.ERROR);
    assertThat(a.enrolled()).as("inExperiment").isEqualTo(c.get(4).asBoolean());
    assertThat(a.reason() == Reason.HASHED).as("hashUsed").isEqualTo(c.get(5).asBoolean());
    JsonNode variation = exp.get("variations").get(Integer.parseInt(a.served()));
    assertThat(variation).as("value").isEqualTo(c.get(3));
    if (variation.isObject()) {
      assertThat(a.config()).isEqualTo(toMap(variation));
    }
  }

  private static Experiment toExperiment(JsonNode e) {
    String key = e.get("key").asText();
    JsonNode vars = e.get("variations");
    JsonNode weights = e.get("weights");
    JsonNode ranges = e.get("ranges");
    List<Variant> variants = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      double w = weights == null ? 1 : weights.get(i).asDouble();
      Range r =
          ranges == null
              ? null
              : new Range(ranges.get(i).get(0).asDouble(), ranges.get(i).get(1).asDouble());
      Map<String, Object> config = vars.get(i).isObject() ? toMap(vars.get(i)) : Map.of();
      variants.add(new Variant(String.valueOf(i), null, w, config, r));
    }
    String seed =
        e.hasNonNull("seed") && !e.get("seed").asText().isEmpty() ? e.get("seed").asText() : key;
    int version = e.path("hashVersion").asInt(0) == 0 ? 1 : e.get("hashVersion").asInt();
    HashAlgorithm hash = version == 2 ? HashAlgorithm.GROWTHBOOK_V2 : HashAlgorithm.GROWTHBOOK_V1;
    ExclusionGroup group = null;
    if (e.has("namespace")) {
      JsonNode ns = e.get("namespace");
      group =
          new ExclusionGroup(
              ns.get(0).asText(), new Range(ns.get(1).asDouble(), ns.get(2).asDouble()));
    }
    Status status = e.path("active").asBoolean(true) ? Status.RUNNING : Status.PAUSED;
    double coverage = e.has("coverage") ? e.get("coverage").asDouble() : 1;
    return Experiment.builder(key)
        .status(status)
        .variants(variants)
        .traffic(coverage)
        .salt(seed)
        .hash(hash)
        .targetEvent("conversion")
        .targeting(e.has("condition") ? toMap(e.get("condition")) : null)
        .exclusionGroup(group)
        .build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> toMap(JsonNode node) {
    return node == null || node.isMissingNode() ? Map.of() : JSON.convertValue(node, Map.class);
  }
}
