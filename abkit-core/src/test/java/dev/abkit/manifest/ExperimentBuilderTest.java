package dev.abkit.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abkit.Assignment;
import dev.abkit.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentBuilderTest {

  @Test
  void builder_onlyIdAndVariants_givesManifestDefaults() {
    Experiment e = Experiment.builder("e").variants("A", "B").build();

    assertThat(e.status()).isEqualTo(Status.RUNNING);
    assertThat(e.control()).isEqualTo("A");
    assertThat(e.traffic()).isEqualTo(1.0);
    assertThat(e.salt()).isEqualTo("e");
    assertThat(e.hash()).isEqualTo(HashAlgorithm.MURMUR3);
    assertThat(e.significanceLevel()).isEqualTo(0.05);
    assertThat(e.targeting()).isEmpty();
    assertThat(e.config()).isEmpty();
    assertThat(e.overrides()).isEmpty();
    assertThat(e.metrics()).isEmpty();
    assertThat(e.sequential()).isFalse();
    assertThat(e).isEqualTo(Experiment.of("e", null, "A", "B"));
  }

  @Test
  void builder_everyField_setsIt() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    Instant end = Instant.parse("2026-02-01T00:00:00Z");
    Experiment e =
        Experiment.builder("e")
            .description("d")
            .hypothesis("h")
            .status(Status.PAUSED)
            .variants(List.of(Variant.of("A", 1), Variant.of("B", 3)))
            .control("B")
            .traffic(0.5)
            .salt("s")
            .hash(HashAlgorithm.GROWTHBOOK_V2)
            .targetEvent("click")
            .metricEvents("buy")
            .startAt(start)
            .endAt(end)
            .targeting(Map.of("country", "DE"))
            .exclusionGroup(new ExclusionGroup("g", new Range(0, 0.5)))
            .overrides(Map.of("u1", "B"))
            .config(Map.of("k", 1L))
            .significanceLevel(0.01)
            .targetSampleSize(1000L)
            .sequential(true)
            .build();

    assertThat(e.toBuilder().build()).isEqualTo(e);
    assertThat(e.description()).isEqualTo("d");
    assertThat(e.hypothesis()).isEqualTo("h");
    assertThat(e.status()).isEqualTo(Status.PAUSED);
    assertThat(e.control()).isEqualTo("B");
    assertThat(e.traffic()).isEqualTo(0.5);
    assertThat(e.salt()).isEqualTo("s");
    assertThat(e.hash()).isEqualTo(HashAlgorithm.GROWTHBOOK_V2);
    assertThat(e.allMetrics()).extracting(Metric::name).containsExactly("click", "buy");
    assertThat(e.startAt()).isEqualTo(start);
    assertThat(e.endAt()).isEqualTo(end);
    assertThat(e.targeting()).containsEntry("country", "DE");
    assertThat(e.exclusionGroup().name()).isEqualTo("g");
    assertThat(e.overrides()).containsEntry("u1", "B");
    assertThat(e.config()).containsEntry("k", 1L);
    assertThat(e.significanceLevel()).isEqualTo(0.01);
    assertThat(e.targetSampleSize()).isEqualTo(1000L);
    assertThat(e.sequential()).isTrue();
  }

  /**
   * A setting given twice is refused naming the first value (as Caffeine's builders do); a builder
   * from {@code toBuilder()} starts from the experiment's values, each of which may be set once.
   */
  @Test
  void builder_settingGivenTwice_refusedNamingTheFirstValue() {
    Experiment.Builder b = Experiment.builder("e").variants("A", "B").significanceLevel(0.1);
    assertThatThrownBy(() -> b.significanceLevel(0.01))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("significanceLevel was already set to 0.1");
    assertThatThrownBy(() -> b.variants("A", "C"))
        .hasMessageStartingWith("variants was already set to [");
    Experiment.Builder goal = Experiment.builder("e").targetEvent("click");
    assertThatThrownBy(() -> goal.goal(Metric.of("buy", Metric.Role.GOAL)))
        .hasMessage("goal was already set to click");

    Experiment e = b.build();
    Experiment changed = e.toBuilder().significanceLevel(0.01).targetEvent("buy").build();
    assertThat(changed.significanceLevel()).isEqualTo(0.01);
    assertThat(changed.targetEvent()).isEqualTo("buy");
    assertThat(changed.variants()).isEqualTo(e.variants());
  }

  @Test
  void build_oneVariant_isRefusedNamingTheExperiment() {
    assertThatThrownBy(() -> Experiment.builder("e").variants("A").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("experiment e needs at least 2 variants");
  }

  @Test
  void build_configNotJsonLike_isRefusedNamingThePath() {
    Map<String, Object> config = Map.of("nested", Map.of("when", new Object()));

    assertThatThrownBy(() -> Experiment.builder("e").variants("A", "B").config(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("config.nested.when must be a JSON value");
  }

  @Test
  void experiment_nestedTargetingAndConfig_areDeepCopiesAndUnmodifiable() {
    List<Object> in = new ArrayList<>(List.of("DE", "FR"));
    Map<String, Object> condition = new HashMap<>(Map.of("$in", in));
    Map<String, Object> targeting = new LinkedHashMap<>(Map.of("country", condition));
    Map<String, Object> inner = new HashMap<>(Map.of("size", 1L));
    Map<String, Object> config = new LinkedHashMap<>(Map.of("layout", inner));
    Experiment e =
        Experiment.builder("e").variants("A", "B").targeting(targeting).config(config).build();

    in.add("US");
    condition.put("$nin", List.of());
    inner.put("size", 2L);
    targeting.put("other", 1L);

    assertThat(e.targeting()).isEqualTo(Map.of("country", Map.of("$in", List.of("DE", "FR"))));
    assertThat(e.config()).isEqualTo(Map.of("layout", Map.of("size", 1L)));
    assertUnmodifiable(e.targeting());
    assertUnmodifiable(e.config());
  }

  @Test
  void constructor_mutableNestedMaps_areDeepCopiedToo() {
    Map<String, Object> inner = new HashMap<>(Map.of("size", 1L));
    Experiment e =
        new Experiment(
            "e",
            null,
            null,
            Status.RUNNING,
            List.of(Variant.of("A", 1), Variant.of("B", 1)),
            null,
            1,
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of("t", inner),
            null,
            null,
            Map.of("c", inner),
            0.05,
            null,
            false,
            null,
            null,
            null,
            null);

    inner.put("size", 2L);

    assertThat(e.targeting()).isEqualTo(Map.of("t", Map.of("size", 1L)));
    assertThat(e.config()).isEqualTo(Map.of("c", Map.of("size", 1L)));
    assertUnmodifiable(e.targeting());
    assertUnmodifiable(e.config());
  }

  @Test
  void variantConfig_nested_isDeepCopiedAndUnmodifiable() {
    List<Object> sizes = new ArrayList<>(List.of(1L, 2L));
    Map<String, Object> config = new HashMap<>(Map.of("sizes", sizes));
    Variant v = new Variant("A", null, 1, config, null);

    sizes.add(3L);
    config.put("x", true);

    assertThat(v.config()).isEqualTo(Map.of("sizes", List.of(1L, 2L)));
    assertUnmodifiable(v.config());
  }

  @Test
  void assignmentConfig_nested_isDeepCopiedAndUnmodifiable() {
    Map<String, Object> inner = new HashMap<>(Map.of("size", 1L));
    Assignment a =
        new Assignment("e", "A", "A", Reason.HASHED, new HashMap<>(Map.of("layout", inner)));

    inner.put("size", 2L);

    assertThat(a.config()).isEqualTo(Map.of("layout", Map.of("size", 1L)));
    assertUnmodifiable(a.config());
  }

  @Test
  void parsedManifest_nestedConfig_isUnmodifiable() {
    Manifest m =
        ManifestParser.parse(
            "{\"experiments\":[{\"id\":\"e\",\"target_event\":\"c\",\"variants\":[{\"key\":\"A\","
                + "\"config\":{\"l\":{\"s\":[1]}}},{\"key\":\"B\"}],"
                + "\"targeting\":{\"age\":{\"$gt\":[1]}},\"config\":{\"l\":{\"s\":[2]}}}]}");
    Experiment e = m.experiments().get(0);

    assertUnmodifiable(e.config());
    assertUnmodifiable(e.targeting());
    assertUnmodifiable(e.variants().get(0).config());
  }

  /** Every map and list at any depth refuses changes. */
  @SuppressWarnings("unchecked")
  private static void assertUnmodifiable(Object value) {
    if (value instanceof Map<?, ?> map) {
      assertThatThrownBy(() -> ((Map<String, Object>) map).put("new", 1L))
          .isInstanceOf(UnsupportedOperationException.class);
      map.values().forEach(ExperimentBuilderTest::assertUnmodifiable);
    } else if (value instanceof List<?> list) {
      assertThatThrownBy(() -> ((List<Object>) list).add(1L))
          .isInstanceOf(UnsupportedOperationException.class);
      list.forEach(ExperimentBuilderTest::assertUnmodifiable);
    }
  }
}
