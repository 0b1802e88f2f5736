package dev.abkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine behind the public API: a parsed manifest, assign, assignAll and forced variants. */
class AbKitAssignmentTest {
  private static final String MANIFEST =
      """
      {"experiments": [
        {"id": "layout", "target_event": "click", "salt": "layout-v1",
         "variants": [{"key": "A", "weight": 1}, {"key": "B", "weight": 1, "config": {"cols": 3}}],
         "config": {"cols": 2, "theme": "light"},
         "overrides": {"qa-user": "B"}},
        {"id": "mobile_only", "target_event": "click",
         "variants": [{"key": "A"}, {"key": "B"}],
         "targeting": {"platform": {"$in": ["ios", "android"]}}},
        {"id": "paused_one", "target_event": "click", "status": "paused",
         "variants": [{"key": "A"}, {"key": "B"}]}
      ]}
      """;

  @Test
  void assign_throughAbKit_usesTheManifestAndTheForcedVariants() {
    try (AbKit abkit =
        AbKit.builder().manifestJson(MANIFEST).forceVariant("layout", "tester", "A").build()) {
      Assignment qa = abkit.assign("layout", "qa-user");
      assertThat(qa.reason()).isEqualTo(Reason.OVERRIDE);
      assertThat(qa.config()).isEqualTo(Map.of("cols", 3L, "theme", "light"));
      assertThat(abkit.assign("layout", "tester").variant()).isEqualTo("A");

      Assignment hashed = abkit.assign("layout", "someone");
      double n = dev.abkit.internal.hashing.UnitHash.murmur3("layout-v1", "someone");
      assertThat(hashed.variant()).isEqualTo(n < 0.5 ? "A" : "B");

      assertThat(abkit.assign("mobile_only", Unit.of("u1", Map.of("platform", "web"))).reason())
          .isEqualTo(Reason.TARGETING_MISMATCH);
      assertThat(abkit.assign("mobile_only", Unit.of("u1", Map.of("platform", "ios"))).enrolled())
          .isTrue();

      Map<String, Assignment> all = abkit.assignAll(Unit.of("u1", Map.of("platform", "web")));
      assertThat(all.keySet()).containsExactly("layout", "mobile_only");
      assertThat(abkit.assign("paused_one", "u1").reason()).isEqualTo(Reason.NOT_RUNNING);
    }
  }
}
