package dev.abkit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTest {
  private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

  private static Event withProps(Map<String, Object> props) {
    return new Event("e1", "u1", "kpi_click", T, null, props);
  }

  @Test
  void properties_jsonLikeValues_areCopiedAndUnmodifiable() {
    Map<String, Object> props = new HashMap<>();
    List<Object> tags = new ArrayList<>(List.of("a", 1L, true));
    props.put("tags", tags);
    props.put("nested", Map.of("x", 1.5));
    Event e = withProps(props);
    tags.add("later");
    assertThat(e.properties().get("tags")).isEqualTo(List.of("a", 1L, true));
    assertThatThrownBy(() -> e.properties().put("k", "v"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void properties_nonJsonValue_isRejectedNamingItsPath() {
    assertThatThrownBy(() -> withProps(Map.of("nested", Map.of("when", new Object()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("event properties.nested.when must be a JSON value");
  }

  @Test
  void properties_nonFiniteNumber_isRejected() {
    assertThatThrownBy(() -> withProps(Map.of("v", List.of(1.0, Double.NaN))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event properties.v[1] must be a finite number, was NaN");
  }

  @Test
  void value_nonFinite_isRejected() {
    assertThatThrownBy(() -> new Event("e1", "u1", "kpi_click", T, Double.POSITIVE_INFINITY, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("finite");
  }

  @Test
  void properties_nulCharacter_isRejectedBecausePostgresCannotStoreIt() {
    assertThatThrownBy(() -> withProps(Map.of("q", "a\u0000b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event properties.q must not contain the NUL character (U+0000)");
    assertThatThrownBy(() -> new Event("e\u0000", "u1", "kpi_click", T, null, null))
        .hasMessage("event id must not contain the NUL character (U+0000)");
    assertThatThrownBy(() -> new Exposure("u\u0000", "exp", "A", T))
        .hasMessage("exposure unit must not contain the NUL character (U+0000)");
  }

  @Test
  void unit_longerThanStoresHold_isRejected() {
    String longUnit = "u".repeat(257);
    assertThatThrownBy(() -> new Event("e1", longUnit, "kpi_click", T, null, null))
        .hasMessage("event unit must be at most 256 characters, was 257");
    assertThatThrownBy(() -> new Exposure(longUnit, "exp", "A", T))
        .hasMessage("exposure unit must be at most 256 characters, was 257");
  }
}
