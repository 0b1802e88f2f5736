package dev.abkit.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import java.time.Instant;
import java.util.Map;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

  @Property
  void instant_anyTimeInYears0To9999_formatsExactlyAsInstantToString(
      @ForAll @LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long seconds,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
    Instant t = Instant.ofEpochSecond(seconds, nanos);
    StringBuilder sb = new StringBuilder();
    JsonLines.instant(sb, t);
    assertThat(sb.toString()).isEqualTo(t.toString());
  }

  @Property
  void encodeDecode_anyStrings_roundTrip(
      @ForAll String unit, @ForAll String variant, @ForAll String prop) {
    // records refuse blank units and NUL (stores cannot hold it); every other character must
    // survive
    Assume.that(!unit.isBlank() && (unit + variant + prop).indexOf('\u0000') < 0);
    Exposure x = new Exposure(unit, "e", variant, Instant.ofEpochMilli(1_700_000_000_123L));
    assertThat(JsonLines.decode(JsonLines.encode(x))).isEqualTo(x);
    Event e = new Event("id", unit, "n", x.time(), -0.5, Map.of("p", prop));
    assertThat(JsonLines.decode(JsonLines.encode(e))).isEqualTo(e);
  }

  @Test
  void exposureAttributes_encoded_roundTripAndMalformedOnesNamed() {
    Exposure x =
        new Exposure(
            "u1",
            "e",
            "B",
            Instant.parse("2026-11-23T10:00:00Z"),
            Map.of("platform", "ios", "plan", "pro \"gold\""));
    String line = JsonLines.encode(x);
    assertThat(line)
        .endsWith(",\"attributes\":{\"plan\":\"pro \\\"gold\\\"\",\"platform\":\"ios\"}}");
    assertThat(JsonLines.decode(line)).isEqualTo(x);
    String head =
        "{\"type\":\"exposure\",\"unit\":\"u\",\"experiment\":\"e\",\"variant\":\"A\","
            + "\"ts\":\"2026-11-23T10:00:00Z\",\"attributes\":";
    assertThat(((Exposure) JsonLines.decode(head + "null}")).attributes()).isEmpty();
    assertThatThrownBy(() -> JsonLines.decode(head + "[\"ios\"]}"))
        .hasMessage("attributes must be an object or null");
    assertThatThrownBy(() -> JsonLines.decode(head + "{\"platform\": 2}}"))
        .hasMessage("attribute platform must be a string");
  }

  @Test
  void decode_missingField_namesIt() {
    assertThatThrownBy(
            () ->
                JsonLines.decode(
                    "{\"type\":\"exposure\",\"unit\":\"u\",\"ts\":\"2026-01-01T00:00:00Z\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"experiment\"");
  }

  @Test
  void decode_badTimestamp_namesIt() {
    assertThatThrownBy(
            () ->
                JsonLines.decode(
                    "{\"type\":\"exposure\",\"unit\":\"u\",\"experiment\":\"e\",\"variant\":\"A\","
                        + "\"ts\":\"yesterday\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ts is not an ISO-8601 instant: \"yesterday\"");
  }

  @Test
  void decode_trailingGarbage_isRejected() {
    assertThatThrownBy(
            () ->
                JsonLines.decode(
                    "{\"type\":\"exposure\",\"unit\":\"u\",\"experiment\":\"e\",\"variant\":\"A\","
                        + "\"ts\":\"2026-01-01T00:00:00Z\"} {}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
