package dev.abkit.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The parser is total: any input yields a manifest or a ManifestException, nothing else. */
class ManifestParserTotalityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FIELDS =
      List.of(
          "id",
          "test_id",
          "key",
          "label",
          "weight",
          "range",
          "config",
          "variants",
          "status",
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
          "name",
          "overrides",
          "significance_level",
          "target_sample_size",
          "sequential",
          "experiments",
          "event",
          "type",
          "numerator",
          "denominator",
          "window",
          "delay",
          "cap",
          "value",
          "percentile",
          "direction",
          "role",
          "cuped",
          "pre_period",
          "dimensions",
          "multiple_testing",
          "A",
          "B",
          "$in",
          "$or",
          "$not",
          "$regex",
          "$elemMatch",
          "$vgt",
          "a.b",
          "");

  /**
   * Parses and checks that the outcome is a manifest or a ManifestException with problems, and that
   * such an exception does not hide a bug of ours (a RuntimeException as its cause).
   */
  private static void assertTotal(String text) {
    Throwable t = catchThrowable(() -> ManifestParser.parse(text));
    if (t != null) {
      assertThat(t).isInstanceOf(ManifestException.class);
      assertThat(((ManifestException) t).problems()).isNotEmpty();
      // the messages are for people editing the file: no parser internals (class and feature
      // names, the redacted source, character codes)
      assertThat(t.getMessage())
          .doesNotContain("Source:", "REDACTED", "com.fasterxml", "Feature", "Exception", "(code ");
      assertThat(t.getCause() instanceof RuntimeException)
          .as("a bug hidden in %s: %s", t, t.getCause())
          .isFalse();
    }
  }

  @Example
  void parse_nullInputs_areProblemsNotCrashes() {
    assertThatThrownBy(() -> ManifestParser.parse((String) null))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("(root)");
    assertThatThrownBy(() -> ManifestParser.parse((java.nio.file.Path) null))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("(file): must be a path, was null");
    assertThatThrownBy(() -> ManifestParser.parse((java.io.InputStream) null))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("(stream): must be a stream, was null");
  }

  @Property(tries = 300)
  void parse_anyString_returnsOrThrowsManifestException(@ForAll String text) {
    assertTotal(text);
  }

  @Property(tries = 300)
  void parse_anyJsonDocument_returnsOrThrowsManifestException(@ForAll("documents") Object document)
      throws JsonProcessingException {
    assertTotal(JSON.writeValueAsString(document));
  }

  @Property(tries = 200)
  void parse_experimentsOfArbitraryFields_returnsOrThrowsManifestException(
      @ForAll("experimentLists") Object experiments) throws JsonProcessingException {
    assertTotal(JSON.writeValueAsString(Map.of("experiments", experiments)));
    assertTotal(JSON.writeValueAsString(experiments));
  }

  @Property(tries = 300)
  void parse_metricObjectsOfArbitraryKeys_returnsOrThrowsManifestException(
      @ForAll("metricObjects") Object goal, @ForAll("metricObjects") Object metric)
      throws JsonProcessingException {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("id", "e");
    e.put("variants", Map.of("A", "a", "B", "b"));
    e.put("target_event", goal);
    e.put("metrics", Arrays.asList(metric, goal, "go"));
    e.put("cuped", metric);
    e.put("dimensions", Arrays.asList(goal, "platform"));
    assertTotal(JSON.writeValueAsString(List.of(e)));
  }

  @Example
  void parse_deeplyNestedInput_isAProblemNotACrash() {
    assertTotal("[".repeat(200_000));
    assertTotal("{\"experiments\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}");
    assertTotal("[" + "[".repeat(990) + "]".repeat(990) + "]");
    String deepTargeting = "{\"$not\":".repeat(900) + "{\"a\":1}" + "}".repeat(900);
    assertTotal(
        "[{\"id\":\"e\",\"variants\":{\"A\":\"a\",\"B\":\"b\"},\"target_event\":\"go\","
            + "\"targeting\":"
            + deepTargeting
            + "}]");
  }

  @Example
  void parse_hugeValues_areProblemsNotCrashes() {
    assertTotal("[{\"id\":\"" + "x".repeat(200_000) + "\"}]");
    assertTotal("[{\"id\":\"e\",\"traffic\":" + "9".repeat(5_000) + "}]");
    assertTotal("[{\"id\":\"e\",\"traffic\":1e999999999}]");
    assertTotal("[{\"id\":\"e\",\"target_sample_size\":99999999999999999999999999}]");
    assertTotal("[{\"id\":\"e\",\"variants\":[" + "{\"key\":\"A\"},".repeat(5_000) + "{}]}]");
  }

  @Provide
  Arbitrary<Object> documents() {
    return value(4);
  }

  /** Objects of metric keys (and strings), mostly of plausible values, to reach every check. */
  @Provide
  Arbitrary<Object> metricObjects() {
    Arbitrary<String> keys =
        Arbitraries.of(
            "event",
            "name",
            "type",
            "numerator",
            "denominator",
            "window",
            "delay",
            "cap",
            "direction",
            "role",
            "pre_period",
            "value",
            "percentile",
            "");
    Arbitrary<Object> values =
        Arbitraries.oneOf(
            Arbitraries.of(
                    "go",
                    "buy",
                    "9bad",
                    "conversion",
                    "count",
                    "sum",
                    "ratio",
                    "mean",
                    "P7D",
                    "PT1H",
                    "-P1D",
                    "PT0S",
                    "P99999D",
                    "x y",
                    "increase",
                    "decrease",
                    "goal",
                    "secondary",
                    "guardrail")
                .map(s -> (Object) s),
            Arbitraries.of(0.0, 0.5, 1.0, -1.0, 100.0, 1e308).map(d -> (Object) d),
            Arbitraries.maps(Arbitraries.of("value", "percentile", "x"), value(0))
                .ofMaxSize(3)
                .map(m -> (Object) m),
            value(1));
    Arbitrary<Object> object =
        Arbitraries.maps(keys, values).ofMaxSize(8).map(m -> (Object) new LinkedHashMap<>(m));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, object), net.jqwik.api.Tuple.of(1, value(1)));
  }

  @Provide
  Arbitrary<Object> experimentLists() {
    Arbitrary<Object> experiment =
        Arbitraries.maps(Arbitraries.of(FIELDS), value(3)).ofMaxSize(12).map(m -> (Object) m);
    return experiment.list().ofMaxSize(4).map(l -> (Object) l);
  }

  private static Arbitrary<Object> value(int depth) {
    Arbitrary<Object> leaf =
        Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.of(
                        "A", "B", "running", "draft", "murmur3", "go", "2026-01-01T00:00:00Z")
                    .map(s -> (Object) s),
                Arbitraries.of(
                        "P7D",
                        "-P1D",
                        "PT0S",
                        "PT99999999999999999999H",
                        "ratio",
                        "sum",
                        "goal",
                        "guardrail",
                        "decrease",
                        "holm",
                        "bh")
                    .map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(0.0, 0.5, 1.0, -5.0, 2.0).map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b))
            .injectNull(0.05);
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Object> inner = Arbitraries.lazy(() -> value(depth - 1));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, leaf),
        net.jqwik.api.Tuple.of(1, inner.list().ofMaxSize(4).map(l -> (Object) l)),
        net.jqwik.api.Tuple.of(
            1,
            Arbitraries.maps(Arbitraries.of(FIELDS), inner)
                .ofMaxSize(5)
                .map(m -> (Object) new LinkedHashMap<>(m))));
  }
}
