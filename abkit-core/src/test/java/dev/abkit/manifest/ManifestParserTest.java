package dev.abkit.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestParserTest {

  private static List<String> problems(String json) {
    ManifestException e =
        catchThrowableOfType(ManifestException.class, () -> ManifestParser.parse(json));
    assertThat(e).as("expected a ManifestException for %s", json).isNotNull();
    return e.problems().stream().map(Problem::toString).toList();
  }

  private static String canonical(String experiment) {
    return "{\"experiments\":[" + experiment + "]}";
  }

  @Test
  void parse_repositoryTestsJson_readsFiveExperiments() {
    Manifest m = ManifestParser.parse(Path.of("..", "tests.json"));

    assertThat(m.experiments())
        .extracting(Experiment::id)
        .containsExactly(
            "kpi_scorecard_layout",
            "guided_onboarding",
            "pricing_cta_upgrade",
            "exp_3_landing_journey",
            "exp_4_achievements_density");
    assertThat(m.warnings()).isEmpty();
    Experiment threeWay = m.experiment("exp_3_landing_journey").orElseThrow();
    assertThat(threeWay.variants()).extracting(Variant::weight).containsExactly(0.34, 0.33, 0.33);
    assertThat(threeWay.variants())
        .extracting(Variant::label)
        .containsExactly("workouts_preloaded", "workouts_starter", "creatures_recommended");
    assertThat(threeWay.targeting())
        .isEqualTo(Map.of("platform", Map.of("$in", List.of("ios", "android"))));
    Experiment kpi = m.experiment("kpi_scorecard_layout").orElseThrow();
    assertThat(kpi.variants()).extracting(Variant::weight).containsExactly(50.0, 50.0);
    assertThat(kpi.variant("B").orElseThrow().config()).isEqualTo(Map.of("layout", "expanded"));
    assertThat(kpi.config())
        .containsExactly(Map.entry("layout", "compact"), Map.entry("show_sparklines", true));
    assertThat(m.experiment("guided_onboarding").orElseThrow().variants())
        .extracting(Variant::weight)
        .containsExactly(1.0, 1.0);
    assertThat(m.experiment("pricing_cta_upgrade").orElseThrow().allMetrics())
        .extracting(Metric::name)
        .containsExactly("subscription_upgrade", "checkout_started");
  }

  @Test
  void parse_seedListForm_readsEqualWeightVariantsWithLabels() {
    Manifest m =
        ManifestParser.parse(
            """
            [{"test_id": "kpi_scorecard_layout", "description": "layout",
              "variants": {"A": "compact", "B": "expanded"}, "target_event": "kpi_click"}]
            """);

    Experiment e = m.experiments().get(0);
    assertThat(e.id()).isEqualTo("kpi_scorecard_layout");
    assertThat(e.description()).isEqualTo("layout");
    assertThat(e.variants())
        .containsExactly(
            new Variant("A", "compact", 1, Map.of(), null),
            new Variant("B", "expanded", 1, Map.of(), null));
    assertThat(e.targetEvent()).isEqualTo("kpi_click");
  }

  @Test
  void parse_minimalExperiment_appliesEveryDefault() {
    Experiment e =
        ManifestParser.parse(
                canonical(
                    "{\"id\":\"x\",\"variants\":{\"A\":\"a\",\"B\":\"b\"},\"target_event\":\"go\"}"))
            .experiments()
            .get(0);

    assertThat(e.status()).isEqualTo(Status.RUNNING);
    assertThat(e.control()).isEqualTo("A");
    assertThat(e.traffic()).isEqualTo(1.0);
    assertThat(e.salt()).isEqualTo("x");
    assertThat(e.hash()).isEqualTo(HashAlgorithm.MURMUR3);
    assertThat(e.metrics()).isEmpty();
    assertThat(e.startAt()).isNull();
    assertThat(e.endAt()).isNull();
    assertThat(e.targeting()).isEmpty();
    assertThat(e.exclusionGroup()).isNull();
    assertThat(e.overrides()).isEmpty();
    assertThat(e.config()).isEmpty();
    assertThat(e.significanceLevel()).isEqualTo(0.05);
    assertThat(e.targetSampleSize()).isNull();
    assertThat(e.sequential()).isFalse();
  }

  @Test
  void parse_everyField_readsEveryValue() {
    Experiment e =
        ManifestParser.parse(
                canonical(
                    """
                    {"key": "full", "hypothesis": "h", "status": "paused",
                     "variants": [{"key": "c", "label": "control", "weight": 2, "range": [0, 0.25],
                                   "config": {"n": 1}},
                                  {"key": "t", "weight": 0.5, "range": [0.5, 1.0]}],
                     "control": "t", "traffic_allocation": 0.5, "salt": "s1", "hash": "growthbook-v2",
                     "target_event": "buy", "metrics": ["view", "cart.add"],
                     "start_at": "2026-01-01T00:00:00Z", "end_at": "2026-02-01T00:00:00Z",
                     "targeting": {"country": "NL"},
                     "exclusion_group": {"name": "checkout", "range": [0, 0.5]},
                     "overrides": {"qa-1": "t"}, "config": {"deep": {"list": [1, 2.5, null]}},
                     "significance_level": 0.01, "target_sample_size": 20000, "sequential": true}
                    """))
            .experiments()
            .get(0);

    assertThat(e.id()).isEqualTo("full");
    assertThat(e.hypothesis()).isEqualTo("h");
    assertThat(e.status()).isEqualTo(Status.PAUSED);
    assertThat(e.variants().get(0))
        .isEqualTo(new Variant("c", "control", 2, Map.of("n", 1L), new Range(0, 0.25)));
    assertThat(e.variants().get(1).range()).isEqualTo(new Range(0.5, 1.0));
    assertThat(e.control()).isEqualTo("t");
    assertThat(e.traffic()).isEqualTo(0.5);
    assertThat(e.salt()).isEqualTo("s1");
    assertThat(e.hash()).isEqualTo(HashAlgorithm.GROWTHBOOK_V2);
    assertThat(e.metrics()).extracting(Metric::name).containsExactly("view", "cart.add");
    assertThat(e.startAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(e.endAt()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    assertThat(e.targeting()).isEqualTo(Map.of("country", "NL"));
    assertThat(e.exclusionGroup()).isEqualTo(new ExclusionGroup("checkout", new Range(0, 0.5)));
    assertThat(e.overrides()).isEqualTo(Map.of("qa-1", "t"));
    assertThat(e.config().get("deep"))
        .isEqualTo(Map.of("list", java.util.Arrays.asList(1L, 2.5, null)));
    assertThat(e.significanceLevel()).isEqualTo(0.01);
    assertThat(e.targetSampleSize()).isEqualTo(20000L);
    assertThat(e.sequential()).isTrue();
  }

  @Test
  void parse_idAliases_acceptIdTestIdAndKey() {
    for (String alias : List.of("id", "test_id", "key")) {
      Manifest m =
          ManifestParser.parse(
              "[{\""
                  + alias
                  + "\":\"e1\",\"variants\":{\"A\":\"a\",\"B\":\"b\"},\"target_event\":\"go\"}]");
      assertThat(m.experiments().get(0).id()).as(alias).isEqualTo("e1");
    }
  }

  @Test
  void parse_trafficAliases_acceptTrafficAndTrafficAllocation() {
    for (String alias : List.of("traffic", "traffic_allocation")) {
      Manifest m =
          ManifestParser.parse(
              "[{\"id\":\"e1\",\""
                  + alias
                  + "\":0.2,\"variants\":{\"A\":\"a\",\"B\":\"b\"},\"target_event\":\"go\"}]");
      assertThat(m.experiments().get(0).traffic()).as(alias).isEqualTo(0.2);
    }
  }

  @Test
  void parse_aliasGivenTwice_isAProblem() {
    assertThat(
            problems(
                "[{\"id\":\"e1\",\"key\":\"e2\",\"traffic\":1,\"traffic_allocation\":0.5,"
                    + "\"variants\":{\"A\":\"a\",\"B\":\"b\"},\"target_event\":\"go\"}]"))
        .containsExactly(
            "[0].key: must not be given together with id (an alias), was \"e2\"",
            "[0].traffic_allocation: must not be given together with traffic (an alias), was 0.5");
  }

  @Test
  void parse_brokenManifest_reportsEveryProblemWithPathRuleAndValue() {
    String json =
        """
        {"experiments": [
          {"id": "ok", "variants": {"A": "a", "B": "b"}, "target_event": "go"},
          {"id": "ok", "status": "live", "hash": "md5", "traffic": 1.5,
           "variants": [{"key": "A", "weight": 1}, {"key": "A", "weight": -5}, {"label": "x"}],
           "control": "Z", "target_event": "9bad", "metrics": ["fine", 3],
           "start_at": "tomorrow", "end_at": "2026-01-01T00:00:00Z",
           "targeting": {"platform": {"$in": "ios"}, "v": {"$bogus": 1}},
           "exclusion_group": {"name": "g", "range": [0.5, 0.2]},
           "overrides": {"u1": "Q"}, "config": [1],
           "significance_level": 1, "target_sample_size": 1.5, "sequential": "yes"},
          {"id": "bad id!", "variants": [{"key": "A"}]},
          5
        ]}
        """;

    assertThat(problems(json))
        .containsExactly(
            "experiments[1].id: must be unique (also the id of experiments[0]), was \"ok\"",
            "experiments[1].status: must be one of draft, running, paused, stopped, was \"live\"",
            "experiments[1].variants[2].key: is required",
            "experiments[1].variants[1].key: must be unique within the experiment, was \"A\"",
            "experiments[1].variants[1].weight: must be >= 0, was -5",
            "experiments[1].variants[2].weight: is required when other variants have a weight",
            "experiments[1].traffic: must be a number in [0, 1], was 1.5",
            "experiments[1].hash: must be one of murmur3, growthbook-v1, growthbook-v2, optimizely,"
                + " eppo, unleash, was \"md5\"",
            "experiments[1].target_event: must be an event name matching"
                + " [A-Za-z][A-Za-z0-9_.:-]{0,63}, was \"9bad\"",
            "experiments[1].metrics[1]: must be an event name or a metric object"
                + " {\"event\": ..., \"type\": ...}, was 3",
            "experiments[1].start_at: must be an ISO-8601 instant such as 2026-11-23T10:00:00Z,"
                + " was \"tomorrow\"",
            "experiments[1].targeting.platform.$in: must be an array, was \"ios\"",
            "experiments[1].targeting.v.$bogus: unknown operator, was \"$bogus\"",
            "experiments[1].exclusion_group.range: must have start < end, was [0.5,0.2]",
            "experiments[1].config: must be an object, was [1]",
            "experiments[1].significance_level: must be a number in (0, 1), was 1",
            "experiments[1].target_sample_size: must be a positive integer, was 1.5",
            "experiments[1].sequential: must be true or false, was \"yes\"",
            "experiments[2].id: must be a string matching [A-Za-z0-9_.-]{1,64}, was \"bad id!\"",
            "experiments[2].variants: must have at least 2 variants, was [{\"key\":\"A\"}]",
            "experiments[2].target_event: is required when status is running",
            "experiments[3]: must be an object, was 5");
  }

  @Test
  void parse_controlAndOverridesNotVariantKeys_areProblems() {
    assertThat(
            problems(
                "[{\"id\":\"e\",\"variants\":{\"A\":\"a\",\"B\":\"b\"},\"target_event\":\"go\","
                    + "\"control\":\"Z\",\"overrides\":{\"u1\":\"Q\",\"u2\":\"B\"}}]"))
        .containsExactly(
            "[0].control: must be one of the variant keys (A, B), was \"Z\"",
            "[0].overrides.u1: must be one of the variant keys (A, B), was \"Q\"");
  }

  @Test
  void parse_ranges_mustBeAllOrNoneWithinUnitIntervalAndDisjoint() {
    assertThat(
            problems(
                "[{\"id\":\"e\",\"target_event\":\"go\",\"variants\":["
                    + "{\"key\":\"A\",\"range\":[0,0.6]},{\"key\":\"B\",\"range\":[0.5,1]},"
                    + "{\"key\":\"C\",\"range\":[0.9,1.2]},{\"key\":\"D\"}]}]"))
        .containsExactly(
            "[0].variants[2].range: must lie within [0, 1], was [0.9,1.2]",
            "[0].variants[3].range: is required when other variants have a range");
    assertThat(
            problems(
                "[{\"id\":\"e\",\"target_event\":\"go\",\"variants\":["
                    + "{\"key\":\"A\",\"range\":[0,0.6]},{\"key\":\"B\",\"range\":[0.5,1]}]}]"))
        .containsExactly(
            "[0].variants[1].range: must not overlap [0].variants[0].range, was [0.5,1]");
  }

  @Test
  void parse_weights_allZeroOrNotFiniteOrNotNumbers_areProblems() {
    assertThat(
            problems(
                "[{\"id\":\"e\",\"target_event\":\"go\",\"variants\":["
                    + "{\"key\":\"A\",\"weight\":0},{\"key\":\"B\",\"weight\":0}]}]"))
        .containsExactly("[0].variants: weights must not all be 0");
    assertThat(
            problems(
                "[{\"id\":\"e\",\"target_event\":\"go\",\"variants\":["
                    + "{\"key\":\"A\",\"weight\":1e400},{\"key\":\"B\",\"weight\":\"1\"}]}]"))
        .containsExactly(
            "[0].variants[0].weight: must be a finite number, was 1E+400",
            "[0].variants[1].weight: must be a number, was \"1\"");
  }

  @Test
  void parse_endBeforeStart_isAProblem() {
    assertThat(
            problems(
                "[{\"id\":\"e\",\"target_event\":\"go\",\"variants\":{\"A\":\"a\",\"B\":\"b\"},"
                    + "\"start_at\":\"2026-02-01T00:00:00Z\",\"end_at\":\"2026-01-01T00:00:00Z\"}]"))
        .containsExactly("[0].end_at: must be after start_at, was \"2026-01-01T00:00:00Z\"");
  }

  @Test
  void parse_draftWithoutTargetEvent_isValid() {
    Experiment e =
        ManifestParser.parse(
                "[{\"id\":\"e\",\"status\":\"draft\",\"variants\":{\"A\":\"a\",\"B\":\"b\"}}]")
            .experiments()
            .get(0);

    assertThat(e.status()).isEqualTo(Status.DRAFT);
    assertThat(e.targetEvent()).isNull();
  }

  @Test
  void parse_unknownFields_areWarningsNotErrors() {
    Manifest m =
        ManifestParser.parse(
            """
            {"version": 2, "experiments": [{"id": "e", "owner": "ann", "target_event": "go",
              "variants": [{"key": "A", "colour": "red"}, {"key": "B"}],
              "exclusion_group": {"name": "g", "range": [0, 1], "note": "x"}}]}
            """);

    assertThat(m.experiments()).hasSize(1);
    assertThat(m.warnings())
        .extracting(Problem::toString)
        .containsExactly(
            "version: unknown field, ignored",
            "experiments[0].owner: unknown field, ignored",
            "experiments[0].variants[0].colour: unknown field, ignored",
            "experiments[0].exclusion_group.note: unknown field, ignored");
  }

  @Test
  void parse_trafficWithExplicitRanges_warnsThatTrafficIsIgnored() {
    Manifest m =
        ManifestParser.parse(
            "[{\"id\":\"e\",\"target_event\":\"go\",\"traffic\":0.5,\"variants\":["
                + "{\"key\":\"A\",\"range\":[0,0.5]},{\"key\":\"B\",\"range\":[0.5,1]}]}]");

    assertThat(m.warnings())
        .extracting(Problem::toString)
        .containsExactly("[0].traffic: ignored: the variants have explicit ranges");
  }

  @Test
  void parse_overlappingRangesInOneExclusionGroup_warn() {
    String experiment =
        "{\"id\":\"%s\",\"target_event\":\"go\",\"variants\":{\"A\":\"a\",\"B\":\"b\"},"
            + "\"exclusion_group\":{\"name\":\"%s\",\"range\":%s}}";
    Manifest m =
        ManifestParser.parse(
            "["
                + String.format(experiment, "e0", "g", "[0,0.5]")
                + ","
                + String.format(experiment, "e1", "g", "[0.5,1]")
                + ","
                + String.format(experiment, "e2", "g", "[0.25,0.75]")
                + ","
                + String.format(experiment, "e3", "other", "[0,1]")
                + "]");

    assertThat(m.experiments()).hasSize(4);
    assertThat(m.warnings())
        .extracting(Problem::toString)
        .containsExactly(
            "[2].exclusion_group.range: overlaps [0].exclusion_group.range in group \"g\", so both"
                + " experiments can enroll the same units, was [0.25,0.75]");
  }

  @Test
  void parse_malformedJson_reportsOneProblemWithLineAndColumn() {
    List<String> problems = problems("{\"experiments\": [\n  {\"id\": \"x\",}\n]}");

    assertThat(problems)
        .containsExactly(
            "line 2, column 14: malformed JSON: unexpected '}', expected a field name in double"
                + " quotes");
  }

  @Test
  void parse_duplicateKey_isMalformedJson() {
    List<String> problems = problems("{\"experiments\": [], \"experiments\": []}");

    assertThat(problems)
        .containsExactly("line 1, column 34: malformed JSON: duplicate field \"experiments\"");
  }

  /** Jackson's messages name its classes, features and a redacted source; ours must not. */
  @Test
  void parse_malformedJson_isReportedInPlainWords() {
    assertThat(problems("{\"experiments\": [\n  {\"id\": \"x\"}"))
        .containsExactly(
            "line 2, column 14: malformed JSON: the document ends before the array opened at"
                + " line 1, column 17 is closed (missing ']')");
    assertThat(problems("{\"experiments\": []} {}"))
        .containsExactly(
            "line 1, column 21: malformed JSON: unexpected content after the end of the document");
    assertThat(problems("{\"experiments\": [}"))
        .containsExactly(
            "line 1, column 18: malformed JSON: unexpected '}', expected ']' to close the array"
                + " opened at line 1, column 17");
    assertThat(problems("{\"experiments\": [tru]}"))
        .containsExactly(
            "line 1, column 18: malformed JSON: unexpected word 'tru', expected a value (a string,"
                + " number, object, array, true, false or null)");
    assertThat(problems("{\"experiments\": [] // note\n}"))
        .containsExactly(
            "line 1, column 20: malformed JSON: unexpected '/', comments are not allowed in JSON");
    assertThat(problems("[{\"id\": \"a\nb\"}]"))
        .containsExactly(
            "line 1, column 11: malformed JSON: control character U+000A inside a string;"
                + " write it escaped, e.g. \\n for a line break");
  }

  @Test
  void parse_malformedJson_exceptionMessageIsThePlainProblem() {
    Throwable e = catchThrowable(() -> ManifestParser.parse("{\"experiments\": [1 2]}"));

    assertThat(e)
        .isInstanceOf(ManifestException.class)
        .hasMessage(
            "invalid manifest (1 problem)\n  line 1, column 20: malformed JSON: unexpected '2',"
                + " expected ',' or ']' after an array entry");
  }

  @Test
  void parse_invalidManifest_keepsTheUnknownFieldWarningsThatExplainIt() {
    ManifestException e =
        catchThrowableOfType(
            ManifestException.class,
            () ->
                ManifestParser.parse(
                    "[{\"id\": \"e\", \"variants\": {\"A\": \"a\", \"B\": \"b\"},"
                        + " \"tarket_event\": \"buy\"}]"));

    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly("[0].target_event: is required when status is running");
    assertThat(e.warnings())
        .extracting(Problem::toString)
        .containsExactly(
            "[0].tarket_event: unknown field, ignored; did you mean \"target_event\"?");
    assertThat(e.getMessage())
        .endsWith(
            "\n  warning: [0].tarket_event: unknown field, ignored; did you mean"
                + " \"target_event\"?");
  }

  @Test
  void parse_documentShapes_rejectNonManifests() {
    assertThat(problems("")).containsExactly("(root): must be a JSON document, was empty");
    assertThat(problems("42"))
        .containsExactly(
            "(root): must be an object {\"experiments\": [...]} or an array of experiments, was 42");
    assertThat(problems("{}")).containsExactly("experiments: is required");
    assertThat(problems("{\"experiments\": {}}"))
        .containsExactly("experiments: must be an array of experiments, was {}");
  }

  @Test
  void parse_emptyList_isAnEmptyManifest() {
    assertThat(ManifestParser.parse("[]").experiments()).isEmpty();
  }

  @Test
  void parse_oddKeys_areQuotedInPaths() {
    assertThat(
            problems(
                "[{\"id\":\"e\",\"target_event\":\"go\",\"variants\":{\"A\":\"a\",\"B\":\"b\"},"
                    + "\"overrides\":{\"user@x.com\":\"C\"}}]"))
        .containsExactly(
            "[0].overrides[\"user@x.com\"]: must be one of the variant keys (A, B), was \"C\"");
  }

  @Test
  void parse_longValues_areShortenedInMessages() {
    String longId = "x".repeat(200);
    List<String> problems =
        problems(
            "[{\"id\":\""
                + longId
                + "\",\"variants\":{\"A\":\"a\",\"B\":\"b\"},\"target_event\":\"go\"}]");

    assertThat(problems)
        .containsExactly(
            "[0].id: must be a string matching [A-Za-z0-9_.-]{1,64}, was \""
                + "x".repeat(79)
                + "...");
  }

  @Test
  void parse_streamAndResource_readTheSameManifest() {
    String json = "[{\"id\":\"e\",\"variants\":{\"A\":\"a\",\"B\":\"b\"},\"target_event\":\"go\"}]";

    Manifest fromStream =
        ManifestParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));

    assertThat(fromStream).isEqualTo(ManifestParser.parse(json));
    assertThat(ManifestParser.parseResource("/manifests/seed-list.json").experiments()).hasSize(2);
  }

  /** A directory given as the manifest is named in words too, not as an exception class. */
  @Test
  void parse_directory_saysItCannotBeReadWithoutJavaNames(
      @org.junit.jupiter.api.io.TempDir Path dir) {
    assertThatThrownBy(() -> ManifestParser.parse(dir))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining(dir + ": cannot be read: ")
        .hasMessageNotContaining("java.")
        .hasMessageNotContaining("Exception");
  }

  @Test
  void parse_missingFileOrResource_isAManifestException() {
    assertThatThrownBy(() -> ManifestParser.parse(Path.of("does-not-exist.json")))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("does-not-exist.json: cannot be read: no such file")
        .hasMessageNotContaining("java.");
    assertThatThrownBy(() -> ManifestParser.parseResource("/nope.json"))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("(resource /nope.json): not found on the class path");
  }

  @Test
  void parse_jsonValues_areUnmodifiable() {
    Experiment e =
        ManifestParser.parse(
                "[{\"id\":\"e\",\"variants\":{\"A\":\"a\",\"B\":\"b\"},\"target_event\":\"go\","
                    + "\"config\":{\"l\":[1]}}]")
            .experiments()
            .get(0);

    assertThatThrownBy(() -> e.config().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    List<Object> l = (List<Object>) e.config().get("l");
    assertThatThrownBy(() -> l.add(2)).isInstanceOf(UnsupportedOperationException.class);
  }
}
