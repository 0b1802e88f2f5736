package dev.abkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The topic's records are the file store's JSON lines, attributes of exposures included. */
class RecordCodecTest {
  private static final Instant T = Instant.parse("2026-11-23T10:00:00.123Z");

  @Test
  void exposureWithAttributes_fileStoreLine_roundTrips() {
    Exposure x = new Exposure("u2", "e", "A", T, Map.of("platform", "ios", "plan", "pro"));
    String json = new String(RecordCodec.encode(x), StandardCharsets.UTF_8);
    assertThat(json)
        .isEqualTo(
            "{\"type\":\"exposure\",\"unit\":\"u2\",\"experiment\":\"e\",\"variant\":\"A\","
                + "\"ts\":\"2026-11-23T10:00:00.123Z\","
                + "\"attributes\":{\"plan\":\"pro\",\"platform\":\"ios\"}}");
    assertThat(RecordCodec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(x);
    Exposure plain = new Exposure("u1", "e", "B", T);
    assertThat(new String(RecordCodec.encode(plain), StandardCharsets.UTF_8))
        .doesNotContain("attributes");
    assertThat(RecordCodec.decode(RecordCodec.encode(plain))).isEqualTo(plain);
    Event event = new Event("id", "u1", "buy", T, 2.5, Map.of("sku", "x"));
    assertThat(RecordCodec.decode(RecordCodec.encode(event))).isEqualTo(event);
  }

  @Test
  void malformedAttributes_poisonMessageNamingThem() {
    String head =
        "{\"type\":\"exposure\",\"unit\":\"u\",\"experiment\":\"e\",\"variant\":\"A\","
            + "\"ts\":\"2026-11-23T10:00:00Z\",\"attributes\":";
    assertThatThrownBy(() -> decode(head + "[1]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attributes must be an object or null");
    assertThatThrownBy(() -> decode(head + "{\"platform\":true}}"))
        .hasMessage("attribute platform must be a string");
    assertThat(((Exposure) decode(head + "null}")).attributes()).isEmpty();
  }

  private static Object decode(String json) {
    return RecordCodec.decode(json.getBytes(StandardCharsets.UTF_8));
  }
}
