package dev.abkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abkit.event.Event;
import dev.abkit.pipeline.Acceptance;
import dev.abkit.store.memory.InMemoryEventStore;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 11.1: a value beyond the bound never enters, so it can never break a sum. */
class AbKitValueBoundTest {
  private static final String MANIFEST =
      """
      {"experiments": [
        {"id": "layout", "target_event": "click", "variants": [{"key": "A"}, {"key": "B"}]}
      ]}
      """;

  private static Event event(String id, Double value) {
    return new Event(id, "u1", "click", Instant.parse("2026-11-23T10:00:00Z"), value, Map.of());
  }

  @Test
  void track_valueBeyondDefaultBound_refusedAndNeverStored() {
    InMemoryEventStore store = new InMemoryEventStore();
    try (AbKit abkit = AbKit.builder().manifestJson(MANIFEST).eventStore(store).build()) {
      assertThat(abkit.maxEventValue()).isEqualTo(1e12);
      assertThat(abkit.track(event("e1", 2e154))).isEqualTo(Acceptance.REFUSED);
      assertThat(abkit.track(event("e2", -1.0000001e12))).isEqualTo(Acceptance.REFUSED);
      assertThat(abkit.track(event("e3", -1e12))).isEqualTo(Acceptance.ACCEPTED);
      assertThat(abkit.track(event("e4", null))).isEqualTo(Acceptance.ACCEPTED);
      abkit.flush();
      assertThat(store.events()).extracting(Event::id).containsExactlyInAnyOrder("e3", "e4");
    }
  }

  @Test
  void track_configuredBound_isTheLimit() {
    InMemoryEventStore store = new InMemoryEventStore();
    try (AbKit abkit =
        AbKit.builder().manifestJson(MANIFEST).eventStore(store).maxEventValue(100).build()) {
      assertThat(abkit.track(event("e1", 100.0))).isEqualTo(Acceptance.ACCEPTED);
      assertThat(abkit.track(event("e2", 100.5))).isEqualTo(Acceptance.REFUSED);
      assertThat(abkit.track("u1", "click", -101.0)).isEqualTo(Acceptance.REFUSED);
    }
  }

  @Test
  void maxEventValue_givenTwiceOrNotPositiveFinite_isRefused() {
    AbKit.Builder b = AbKit.builder().manifestJson(MANIFEST).maxEventValue(5);
    assertThatThrownBy(() -> b.maxEventValue(6))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxEventValue was already set to 5.0");
    assertThatThrownBy(() -> AbKit.builder().maxEventValue(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxEventValue must be positive and finite, was 0.0");
    assertThatThrownBy(() -> AbKit.builder().maxEventValue(Double.POSITIVE_INFINITY))
        .hasMessage("maxEventValue must be positive and finite, was Infinity");
    assertThatThrownBy(() -> AbKit.builder().maxEventValue(Double.NaN))
        .hasMessage("maxEventValue must be positive and finite, was NaN");
  }
}
