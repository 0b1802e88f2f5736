package dev.abkit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventBodyTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  private static EventBody.Parsed parse(String json) {
    return EventBody.parse(
        json.getBytes(StandardCharsets.UTF_8),
        NOW,
        100,
        Duration.ofMinutes(5),
        Duration.ofDays(7),
        1e12);
  }

  private static EventBody.Item single(String json) {
    EventBody.Parsed p = parse(json);
    assertThat(p.error()).as("whole-body error").isNull();
    assertThat(p.items()).hasSize(1);
    return p.items().get(0);
  }

  @Test
  void parse_fullSingleEvent_keepsEveryField() {
    EventBody.Item item =
        single(
            "{\"event\":\"kpi_click\",\"value\":2.5,\"id\":\"e-1\",\"ts\":\"2026-11-23T09:59:00Z\","
                + "\"props\":{\"page\":\"home\",\"n\":3,\"ok\":true,\"x\":null,"
                + "\"nested\":{\"list\":[1,2]}}}");
    assertThat(item.error()).isNull();
    EventBody.Valid v = item.valid();
    assertThat(v.name()).isEqualTo("kpi_click");
    assertThat(v.value()).isEqualTo(2.5);
    assertThat(v.id()).isEqualTo("e-1");
    assertThat(v.time()).isEqualTo(Instant.parse("2026-11-23T09:59:00Z"));
    assertThat(v.props())
        .containsEntry("page", "home")
        .containsEntry("n", 3L)
        .containsEntry("ok", true)
        .containsEntry("nested", Map.of("list", List.of(1L, 2L)));
    assertThat(v.props()).containsKey("x");
  }

  @Test
  void parse_minimalEvent_leavesOptionalsEmpty() {
    EventBody.Valid v = single("{\"event\":\"kpi_click\"}").valid();
    assertThat(v.value()).isNull();
    assertThat(v.id()).isNull();
    assertThat(v.time()).isNull();
    assertThat(v.props()).isEmpty();
  }

  @Test
  void parse_unitVariantExperimentAndUnknownFields_areIgnored() {
    EventBody.Valid v =
        single(
                "{\"event\":\"kpi_click\",\"unit\":\"victim\",\"variant\":\"B\","
                    + "\"experiment\":\"kpi_scorecard_layout\",\"test_id\":\"x\",\"extra\":[1]}")
            .valid();
    assertThat(v).isNotNull();
    assertThat(v.props()).isEmpty();
  }

  @Test
  void parse_epochMillisTimestamp_isAccepted() {
    EventBody.Valid v =
        single("{\"event\":\"a\",\"ts\":" + NOW.minusSeconds(60).toEpochMilli() + "}").valid();
    assertThat(v.time()).isEqualTo(NOW.minusSeconds(60));
  }

  @Test
  void parse_offsetTimestamp_isConvertedToInstant() {
    EventBody.Valid v = single("{\"event\":\"a\",\"ts\":\"2026-11-23T11:00:00+01:00\"}").valid();
    assertThat(v.time()).isEqualTo(NOW);
  }

  @Test
  void parse_badEventName_rejectedNamingThePattern() {
    EventBody.Item item = single("{\"event\":\"9 bad name\"}");
    assertThat(item.valid()).isNull();
    assertThat(item.field()).isEqualTo("event");
    assertThat(item.error()).startsWith("event: must be a string matching [A-Za-z]");
    assertThat(item.error()).doesNotContain("9 bad name");
  }

  @Test
  void parse_missingEventName_rejected() {
    assertThat(single("{\"event\":null}").error()).isEqualTo("event: is required (the event name)");
  }

  @Test
  void parse_nonNumericValue_rejected() {
    assertThat(single("{\"event\":\"a\",\"value\":\"1\"}").error())
        .isEqualTo("value: must be a number");
  }

  @Test
  void parse_overflowingValue_rejectedAsNotFinite() {
    assertThat(single("{\"event\":\"a\",\"value\":1e999}").error())
        .isEqualTo("value: must be a finite number");
  }

  @Test
  void parse_valueBeyondMaxValue_rejectedNamingTheBound() {
    assertThat(single("{\"event\":\"a\",\"value\":-1.5e12}").error())
        .isEqualTo("value: must be at most 1.0E12 in magnitude, was -1.5E12");
    assertThat(single("{\"event\":\"a\",\"value\":1e12}").valid().value()).isEqualTo(1e12);
  }

  @Test
  void parse_nanLiteral_isMalformedJson() {
    assertThat(parse("{\"event\":\"a\",\"value\":NaN}").error()).startsWith("malformed JSON at");
  }

  @Test
  void parse_futureTimestamp_rejectedBeyondSkew() {
    assertThat(single("{\"event\":\"a\",\"ts\":\"2026-11-23T10:04:59Z\"}").valid()).isNotNull();
    EventBody.Item item = single("{\"event\":\"a\",\"ts\":\"2026-11-23T10:05:01Z\"}");
    assertThat(item.error()).isEqualTo("ts: must not be more than 5 minutes in the future");
    assertThat(item.field()).isEqualTo("ts");
  }

  @Test
  void parse_ancientTimestamp_rejected() {
    assertThat(single("{\"event\":\"a\",\"ts\":\"2026-11-01T00:00:00Z\"}").error())
        .isEqualTo("ts: must not be more than 7 days old");
  }

  @Test
  void parse_unparseableTimestamp_rejected() {
    assertThat(single("{\"event\":\"a\",\"ts\":\"yesterday\"}").error())
        .startsWith("ts: must be an ISO-8601 instant");
    assertThat(single("{\"event\":\"a\",\"ts\":\"2026-11-23T10:00:00\"}").field()).isEqualTo("ts");
    assertThat(single("{\"event\":\"a\",\"ts\":1.5}").field()).isEqualTo("ts");
  }

  @Test
  void parse_propsNotAnObject_rejected() {
    assertThat(single("{\"event\":\"a\",\"props\":[1,2]}").error())
        .isEqualTo("props: must be an object");
    assertThat(single("{\"event\":\"a\",\"props\":\"x\"}").field()).isEqualTo("props");
  }

  @Test
  void parse_propsTooDeep_rejectedWithPath() {
    EventBody.Item item = single("{\"event\":\"a\",\"props\":{\"a\":{\"b\":{\"c\":{\"d\":1}}}}}");
    assertThat(item.error())
        .isEqualTo("props.a.b.c: must nest at most 2 levels of objects or arrays");
  }

  @Test
  void parse_propsTooManyKeys_rejected() {
    StringBuilder sb = new StringBuilder("{\"event\":\"a\",\"props\":{");
    for (int i = 0; i < 33; i++) {
      sb.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
    }
    assertThat(single(sb.append("}}").toString()).error())
        .isEqualTo("props: must have at most 32 keys, had 33");
  }

  @Test
  void parse_propsLongString_rejected() {
    String big = "x".repeat(1025);
    assertThat(single("{\"event\":\"a\",\"props\":{\"s\":\"" + big + "\"}}").error())
        .isEqualTo("props.s: strings must be at most 1024 characters");
  }

  @Test
  void parse_badId_rejected() {
    assertThat(single("{\"event\":\"a\",\"id\":\"has space\"}").field()).isEqualTo("id");
    assertThat(single("{\"event\":\"a\",\"id\":7}").field()).isEqualTo("id");
    assertThat(single("{\"event\":\"a\",\"id\":\"" + "i".repeat(129) + "\"}").field())
        .isEqualTo("id");
  }

  @Test
  void parse_batch_acceptsAndRejectsEachEventOnItsOwn() {
    EventBody.Parsed p =
        parse(
            "{\"events\":[{\"event\":\"a\"},{\"event\":\"\"},7,{\"event\":\"b\",\"value\":1e999}]}");
    assertThat(p.batch()).isTrue();
    assertThat(p.items()).hasSize(4);
    assertThat(p.items().get(0).valid().name()).isEqualTo("a");
    assertThat(p.items().get(1).field()).isEqualTo("events[1].event");
    assertThat(p.items().get(2).error()).isEqualTo("events[2]: must be an object");
    assertThat(p.items().get(3).error()).isEqualTo("events[3].value: must be a finite number");
  }

  @Test
  void parse_batchOverLimit_rejectedWhole() {
    String events = String.join(",", java.util.Collections.nCopies(101, "{\"event\":\"a\"}"));
    EventBody.Parsed p = parse("{\"events\":[" + events + "]}");
    assertThat(p.error()).isEqualTo("events: at most 100 events per request, was 101");
    assertThat(p.field()).isEqualTo("events");
  }

  @Test
  void parse_wholeBodyProblems_areNamed() {
    assertThat(parse("").error()).startsWith("the request body is empty");
    assertThat(parse("{\"event\":").error()).startsWith("malformed JSON at line 1");
    assertThat(parse("[{\"event\":\"a\"}]").error()).startsWith("the body must be a JSON object");
    assertThat(parse("{}").error()).startsWith("event: missing \"event\"");
    assertThat(parse("{\"event\":\"a\",\"events\":[]}").error()).contains("not both");
    assertThat(parse("{\"events\":{}}").error())
        .isEqualTo("events: must be a list of event objects");
    assertThat(parse("{\"events\":[]}").error()).isEqualTo("events: must not be empty");
    assertThat(parse("{\"event\":\"a\"} {}").error()).startsWith("malformed JSON");
    assertThat(parse("{\"event\":\"a\",\"event\":\"b\"}").error()).startsWith("malformed JSON");
  }

  @Test
  void parse_deepNesting_isMalformedNotACrash() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    assertThat(parse("{\"event\":\"a\",\"props\":{\"x\":" + deep + "}}").error())
        .startsWith("malformed JSON");
  }
}
