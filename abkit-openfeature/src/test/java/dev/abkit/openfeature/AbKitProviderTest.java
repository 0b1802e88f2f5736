package dev.abkit.openfeature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.abkit.AbKit;
import dev.abkit.Assignment;
import dev.abkit.Unit;
import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.manifest.ManifestParser;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.store.memory.InMemoryEventStore;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.MutableTrackingEventDetails;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.Value;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider through the real OpenFeature SDK client. Each test names the clause of the
 * OpenFeature specification (provider section 2, events 5, tracking 6) it checks.
 */
class AbKitProviderTest {
  static final String MANIFEST =
      """
      {"experiments": [
        {"id": "layout", "target_event": "click", "control": "A",
         "config": {"layout": "compact", "sparklines": true, "size": 3},
         "variants": [{"key": "A"}, {"key": "B", "config": {"layout": "expanded"}}],
         "overrides": {"forced-b": "B", "forced-a": "A"}},
        {"id": "paused", "status": "paused", "target_event": "click",
         "variants": [{"key": "A"}, {"key": "B"}]},
        {"id": "pro_only", "target_event": "click", "targeting": {"plan": "pro"},
         "variants": [{"key": "A"}, {"key": "B"}]},
        {"id": "nobody", "target_event": "click", "traffic": 0,
         "variants": [{"key": "A"}, {"key": "B"}]}
      ]}
      """;

  InMemoryEventStore store;
  AbKit abkit;
  Client client;
  String domain;

  @BeforeEach
  void setUp() throws Exception {
    store = new InMemoryEventStore();
    abkit =
        AbKit.builder()
            .manifestJson(MANIFEST)
            .eventStore(store)
            .pipeline(PipelineSettings.builder().noJournal().build())
            .build();
    domain = "abkit-" + UUID.randomUUID();
    OpenFeatureAPI.getInstance()
        .setProviderAndWait(
            domain, AbKitProvider.builder(abkit).changePollInterval(Duration.ofMillis(20)).build());
    client = OpenFeatureAPI.getInstance().getClient(domain);
  }

  @AfterEach
  void tearDown() {
    OpenFeatureAPI.getInstance().getProvider(domain).shutdown();
    abkit.close();
  }

  static EvaluationContext unit(String id) {
    return new ImmutableContext(id);
  }

  @Test
  void spec_2_1_1_metadataNamesTheProvider() {
    assertThat(OpenFeatureAPI.getInstance().getProviderMetadata(domain).getName())
        .isEqualTo("abkit");
  }

  @Test
  void spec_2_2_3_and_2_2_4_stringEvaluationReturnsTheVariantKeyAndNamesIt() {
    FlagEvaluationDetails<String> d = client.getStringDetails("layout", "default", unit("u-1"));
    Assignment a = abkit.assign("layout", "u-1");
    assertThat(d.getValue()).isEqualTo(a.variant());
    assertThat(d.getVariant()).isEqualTo(a.variant());
    assertThat(d.getReason()).isEqualTo(Reason.SPLIT.toString());
    // 2.2.6: no error code on normal execution
    assertThat(d.getErrorCode()).isNull();
  }

  @Test
  void spec_2_2_3_agreesWithAssignOnEveryUnit() {
    for (int i = 0; i < 500; i++) {
      String id = "unit-" + i;
      String expected = abkit.assign("layout", Unit.of(id)).variant();
      assertThat(client.getStringValue("layout", "default", unit(id))).as(id).isEqualTo(expected);
      boolean nonControl = !"A".equals(expected);
      assertThat(client.getBooleanValue("layout", false, unit(id))).as(id).isEqualTo(nonControl);
    }
  }

  @Test
  void spec_2_2_5_overrideIsTargetingMatch() {
    FlagEvaluationDetails<Boolean> b = client.getBooleanDetails("layout", false, unit("forced-b"));
    assertThat(b.getValue()).isTrue();
    assertThat(b.getVariant()).isEqualTo("B");
    assertThat(b.getReason()).isEqualTo(Reason.TARGETING_MATCH.toString());
    FlagEvaluationDetails<Boolean> a = client.getBooleanDetails("layout", true, unit("forced-a"));
    assertThat(a.getValue()).as("control is false, not the default").isFalse();
  }

  @Test
  void spec_2_2_3_objectEvaluationReturnsTheMergedConfig() {
    FlagEvaluationDetails<Value> d =
        client.getObjectDetails("layout", new Value("default"), unit("forced-b"));
    Map<String, Value> config = d.getValue().asStructure().asMap();
    assertThat(config.get("layout").asString()).isEqualTo("expanded");
    assertThat(config.get("sparklines").asBoolean()).isTrue();
    assertThat(config.get("size").asInteger()).isEqualTo(3);
    assertThat(d.getVariant()).isEqualTo("B");
  }

  @Test
  void spec_2_2_5_notEnrolledGetsTheDefaultWithReasonDefault() {
    FlagEvaluationDetails<String> targeting =
        client.getStringDetails(
            "pro_only", "dflt", new ImmutableContext("u-1", Map.of("plan", new Value("free"))));
    assertThat(targeting.getValue()).isEqualTo("dflt");
    assertThat(targeting.getReason()).isEqualTo(Reason.DEFAULT.toString());
    assertThat(targeting.getErrorCode()).isNull();

    FlagEvaluationDetails<String> pro =
        client.getStringDetails(
            "pro_only", "dflt", new ImmutableContext("u-1", Map.of("plan", new Value("pro"))));
    assertThat(pro.getValue()).as("context attributes are targeting attributes").isIn("A", "B");

    FlagEvaluationDetails<String> traffic = client.getStringDetails("nobody", "dflt", unit("u-1"));
    assertThat(traffic.getValue()).isEqualTo("dflt");
    assertThat(traffic.getReason()).isEqualTo(Reason.DEFAULT.toString());
  }

  @Test
  void spec_2_2_5_notRunningIsDisabled() {
    FlagEvaluationDetails<Boolean> d = client.getBooleanDetails("paused", true, unit("u-1"));
    assertThat(d.getValue()).isTrue();
    assertThat(d.getReason()).isEqualTo(Reason.DISABLED.toString());
  }

  @Test
  void spec_2_2_7_unknownFlagIsFlagNotFoundAndNeverThrows() {
    FlagEvaluationDetails<String> d = client.getStringDetails("no_such", "dflt", unit("u-1"));
    assertThat(d.getValue()).isEqualTo("dflt");
    assertThat(d.getReason()).isEqualTo(Reason.ERROR.toString());
    assertThat(d.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    assertThat(d.getErrorMessage()).contains("no_such");
  }

  @Test
  void spec_2_2_7_missingTargetingKeyAndNumericTypesAreErrors() {
    FlagEvaluationDetails<String> noKey =
        client.getStringDetails("layout", "dflt", new ImmutableContext());
    assertThat(noKey.getValue()).isEqualTo("dflt");
    assertThat(noKey.getErrorCode()).isEqualTo(ErrorCode.TARGETING_KEY_MISSING);

    FlagEvaluationDetails<Integer> number = client.getIntegerDetails("layout", 7, unit("u-1"));
    assertThat(number.getValue()).isEqualTo(7);
    assertThat(number.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
    assertThat(client.getDoubleDetails("layout", 1.5, unit("u-1")).getErrorCode())
        .isEqualTo(ErrorCode.TYPE_MISMATCH);
  }

  @Test
  void evaluationOfAnEnrolledUnitLogsItsExposureOnce() {
    client.getStringValue("layout", "d", unit("forced-b"));
    client.getBooleanValue("layout", false, unit("forced-b"));
    client.getStringValue("pro_only", "d", unit("u-9")); // not enrolled: no exposure
    abkit.flush();
    assertThat(store.exposures())
        .extracting(Exposure::unit, Exposure::experiment, Exposure::variant)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("forced-b", "layout", "B"));
  }

  @Test
  void exposureLoggingCanBeTurnedOff() throws Exception {
    String quiet = domain + "-quiet";
    OpenFeatureAPI.getInstance()
        .setProviderAndWait(quiet, AbKitProvider.builder(abkit).logExposures(false).build());
    Client c = OpenFeatureAPI.getInstance().getClient(quiet);
    assertThat(c.getStringValue("layout", "d", unit("forced-b"))).isEqualTo("B");
    abkit.flush();
    assertThat(store.exposures()).isEmpty();
  }

  @Test
  void spec_2_7_and_6_1_trackRecordsAnAbKitEventWithTheDetailsValue() {
    client.track("click", unit("u-1"), new MutableTrackingEventDetails(4.5));
    client.track("click", unit("u-2"));
    client.track("click", new ImmutableContext()); // no unit: dropped, not thrown
    abkit.flush();
    assertThat(store.events())
        .extracting(Event::unit, Event::name, Event::value)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("u-1", "click", 4.5),
            org.assertj.core.groups.Tuple.tuple("u-2", "click", null));
  }

  @Test
  void trackedEventsShowUpInResults() {
    for (int i = 0; i < 40; i++) {
      EvaluationContext ctx = unit("r-" + i);
      client.getStringValue("layout", "d", ctx);
      if (i % 2 == 0) {
        client.track("click", ctx);
      }
    }
    var result = abkit.results("layout");
    assertThat(result.toString()).contains("click");
    long exposed = store.exposures().size();
    assertThat(exposed).isEqualTo(40);
  }

  @Test
  void spec_5_1_1_manifestChangeEmitsConfigurationChanged() {
    List<List<String>> changed = new CopyOnWriteArrayList<>();
    client.onProviderConfigurationChanged(e -> changed.add(e.getFlagsChanged()));
    abkit.update(
        ManifestParser.parse(
            """
            {"experiments": [{"id": "fresh", "target_event": "x",
              "variants": [{"key": "A"}, {"key": "B"}]}]}
            """));
    await().atMost(Duration.ofSeconds(5)).until(() -> !changed.isEmpty());
    assertThat(changed.get(0)).containsExactly("fresh");
    assertThat(client.getStringDetails("layout", "d", unit("u")).getErrorCode())
        .isEqualTo(ErrorCode.FLAG_NOT_FOUND);
  }

  @Test
  void builderRejectsBadIntervals() {
    assertThatThrownBy(() -> AbKitProvider.builder(abkit).changePollInterval(Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("changePollInterval");
    assertThatThrownBy(() -> AbKitProvider.builder(null)).hasMessageContaining("abkit");
  }

  @Test
  void builderRefusesASettingGivenTwiceNamingTheFirstValue() {
    AbKitProvider.Builder b = AbKitProvider.builder(abkit).logExposures(false);
    assertThatThrownBy(() -> b.logExposures(true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("logExposures was already set to false");
    b.changePollInterval(Duration.ZERO);
    assertThatThrownBy(() -> b.changePollInterval(Duration.ofSeconds(1)))
        .hasMessage("changePollInterval was already set to PT0S");
  }

  @Test
  void readme_example() throws Exception {
    InMemoryEventStore store = new InMemoryEventStore();
    AbKit abkit =
        AbKit.builder()
            .manifest(ManifestParser.parse(java.nio.file.Path.of("../tests.json")))
            .eventStore(store)
            .pipeline(PipelineSettings.builder().noJournal().build())
            .build();
    String userId = "alice";
    // README-OPENFEATURE begin
    OpenFeatureAPI.getInstance().setProviderAndWait(AbKitProvider.of(abkit));
    Client client = OpenFeatureAPI.getInstance().getClient();
    EvaluationContext user = new ImmutableContext(userId, Map.of("plan", new Value("pro")));

    String variant = client.getStringValue("kpi_scorecard_layout", "A", user); // "A" or "B"
    Value config =
        client.getObjectValue("kpi_scorecard_layout", new Value(), user); // merged config
    boolean treated = client.getBooleanValue("kpi_scorecard_layout", false, user); // non-control
    client.track("kpi_click", user); // an abkit event (details.getValue() is its value)
    // README-OPENFEATURE end

    assertThat(variant).isIn("A", "B");
    assertThat(config.asStructure().asMap()).containsKey("layout");
    assertThat(treated).isEqualTo(variant.equals("B"));
    abkit.flush();
    assertThat(store.events()).extracting(Event::name).containsExactly("kpi_click");
    OpenFeatureAPI.getInstance().getProvider().shutdown();
    OpenFeatureAPI.getInstance().setProviderAndWait(new dev.openfeature.sdk.NoOpProvider());
    abkit.close();

    String test =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("src/test/java/dev/abkit/openfeature/AbKitProviderTest.java"));
    String snippet =
        test.substring(
            test.indexOf("// README-OPENFEATURE begin") + 27,
            test.indexOf("    // README-OPENFEATURE end"));
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../README.md"));
    int at = readme.indexOf("<!-- README-OPENFEATURE -->");
    int start = readme.indexOf('\n', readme.indexOf("```java", at)) + 1;
    String block = readme.substring(start, readme.indexOf("```", start));
    assertThat(block.replaceAll("\\s+", " ").trim())
        .isEqualTo(snippet.replaceAll("\\s+", " ").trim());
  }
}
