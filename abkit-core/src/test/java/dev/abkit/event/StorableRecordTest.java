package dev.abkit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Events and exposures refuse at construction what no store can hold (issue 11, item 2a). */
class StorableRecordTest {
  private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

  private static Event event(String id, Instant time, Map<String, Object> props) {
    return new Event(id, "u1", "kpi_click", time, null, props);
  }

  @Test
  void time_outsideYears1To9999_isRefusedNamingTheField() {
    assertThatThrownBy(() -> event("e1", Instant.parse("+300000-01-01T00:00:00Z"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("event time must be within years 0001-9999");
    assertThatThrownBy(() -> event("e1", Instant.parse("-0001-12-31T23:59:59Z"), Map.of()))
        .hasMessageStartingWith("event time must be within years 0001-9999");
    assertThatThrownBy(
            () -> new Exposure("u1", "exp", "A", Instant.parse("+10000-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("exposure time must be within years 0001-9999");
  }

  @Test
  void time_atTheBoundaries_isAccepted() {
    assertThat(event("e1", Exposure.MIN_TIME, Map.of()).time()).isEqualTo(Exposure.MIN_TIME);
    assertThat(event("e1", Exposure.MAX_TIME, Map.of()).time()).isEqualTo(Exposure.MAX_TIME);
  }

  @Test
  void bigDecimalProp_outsideDoubleRange_isRefusedNamingItsPath() {
    assertThatThrownBy(() -> event("e1", T, Map.of("price", new BigDecimal("1E+200000"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("event properties.price must be within the range of a double");
    assertThatThrownBy(() -> event("e1", T, Map.of("n", List.of(1L, new BigDecimal("-1E-200000")))))
        .hasMessageStartingWith("event properties.n[1] must be within the range of a double");
    assertThat(event("e1", T, Map.of("p", new BigDecimal("12.50"))).properties())
        .containsEntry("p", new BigDecimal("12.50"));
  }

  @Test
  void bigIntegerProp_beyond64Bits_isRefused() {
    BigInteger big = BigInteger.ONE.shiftLeft(64);
    assertThatThrownBy(() -> event("e1", T, Map.of("n", big)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("event properties.n must be an integer that fits in 64 bits");
    BigInteger fits = BigInteger.valueOf(Long.MAX_VALUE);
    assertThat(event("e1", T, Map.of("n", fits)).properties()).containsEntry("n", fits);
  }

  @Test
  void loneSurrogates_inIdsNamesKeysAndValues_areRefused() {
    String lone = "a\uD800b";
    assertThatThrownBy(() -> event(lone, T, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "event id must be valid Unicode text, but has a lone surrogate U+D800 at index 1");
    assertThatThrownBy(() -> new Event("e1", "u\uDC00", "kpi_click", T, null, Map.of()))
        .hasMessageStartingWith("event unit must be valid Unicode text");
    assertThatThrownBy(() -> event("e1", T, Map.of(lone, "v")))
        .hasMessageStartingWith("event properties key must be valid Unicode text");
    assertThatThrownBy(() -> event("e1", T, Map.of("k", "x\uD83D")))
        .hasMessageStartingWith("event properties.k must be valid Unicode text");
    assertThatThrownBy(() -> new Exposure("u1", "exp\uD800", "A", T))
        .hasMessageStartingWith("exposure experiment must be valid Unicode text");
    assertThatThrownBy(() -> new Exposure("u1", "exp", "\uDFFF", T))
        .hasMessageStartingWith("exposure variant must be valid Unicode text");
  }

  @Test
  void surrogatePairs_areValidText() {
    Event e = event("e\uD83D\uDE00", T, Map.of("emoji", "\uD83D\uDE00"));
    assertThat(e.properties()).containsEntry("emoji", "\uD83D\uDE00");
  }
}
