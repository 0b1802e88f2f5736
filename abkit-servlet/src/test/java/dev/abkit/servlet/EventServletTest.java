package dev.abkit.servlet;

import static dev.abkit.servlet.Fixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abkit.AbKit;
import dev.abkit.event.Event;
import dev.abkit.store.memory.InMemoryEventStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventServletTest {
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final AbKit abkit = Fixtures.abkit(store);
  private TestServer server;
  private URI events;

  @BeforeEach
  void start() throws Exception {
    AbKitServlets.Config config = AbKitServlets.Config.builder().eventsPath("/api/events").build();
    server =
        TestServer.start(
            ctx -> {
              ctx.addServletContainerInitializer(
                  (c, sc) -> AbKitServlets.register(sc, abkit, config));
              ctx.addServlet(new ServletHolder(new Fixtures.AppServlet()), "/app/*");
            });
    events = server.uri("/api/events");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    abkit.close();
  }

  private List<Event> storedEvents() {
    abkit.flush();
    return store.events();
  }

  @Test
  void singleEvent_accepted202_attributedToTheCookieUnitNotTheBody() throws Exception {
    TestServer.Browser browser = new TestServer.Browser();
    browser.get(server.uri("/app/dashboard"));
    String visitor = browser.visitorId();

    HttpResponse<String> r =
        browser.postJson(
            events,
            "{\"event\":\"kpi_click\",\"value\":2.5,\"unit\":\"someone-else\",\"variant\":\"B\","
                + "\"experiment\":\"kpi_scorecard_layout\",\"test_id\":\"kpi_scorecard_layout\"}");

    assertThat(r.statusCode()).isEqualTo(202);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("accepted").asInt()).isEqualTo(1);
    assertThat(body.get("rejected").asInt()).isZero();
    JsonNode result = body.get("results").get(0);
    assertThat(result.get("status").asText()).isEqualTo("accepted");
    assertThat(storedEvents())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.unit()).isEqualTo(visitor);
              assertThat(e.name()).isEqualTo("kpi_click");
              assertThat(e.value()).isEqualTo(2.5);
              assertThat(e.id()).isEqualTo(result.get("id").asText());
            });
  }

  @Test
  void eventWithoutCookie_getsAFreshVisitorUnit() throws Exception {
    TestServer.Browser browser = new TestServer.Browser();
    HttpResponse<String> r = browser.postJson(events, "{\"event\":\"kpi_click\",\"id\":\"e-1\"}");

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(browser.visitorId()).isNotNull();
    assertThat(storedEvents())
        .singleElement()
        .extracting(Event::unit)
        .isEqualTo(browser.visitorId());
  }

  @Test
  void batch_partialAcceptance_202WithPerEventResultsAndOnlyValidStored() throws Exception {
    TestServer.Browser browser = new TestServer.Browser();
    HttpResponse<String> r =
        browser.postJson(
            events,
            "{\"events\":[{\"event\":\"kpi_click\",\"id\":\"ok-1\"},"
                + "{\"event\":\"bad name\"},"
                + "{\"event\":\"tooltip_open\",\"value\":1e999},"
                + "{\"event\":\"tooltip_open\",\"id\":\"ok-2\",\"ts\":\""
                + Instant.now().minusSeconds(30)
                + "\"}]}");

    assertThat(r.statusCode()).isEqualTo(202);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("accepted").asInt()).isEqualTo(2);
    assertThat(body.get("rejected").asInt()).isEqualTo(2);
    JsonNode results = body.get("results");
    assertThat(results.get(0).get("status").asText()).isEqualTo("accepted");
    assertThat(results.get(0).get("id").asText()).isEqualTo("ok-1");
    assertThat(results.get(1).get("index").asInt()).isEqualTo(1);
    assertThat(results.get(1).get("status").asText()).isEqualTo("rejected");
    assertThat(results.get(1).get("field").asText()).isEqualTo("events[1].event");
    assertThat(results.get(2).get("error").asText())
        .isEqualTo("events[2].value: must be a finite number");
    assertThat(results.get(3).get("id").asText()).isEqualTo("ok-2");
    assertThat(storedEvents()).extracting(Event::id).containsExactlyInAnyOrder("ok-1", "ok-2");
  }

  @Test
  void batch_allRejected_400WithFirstErrorAndResults() throws Exception {
    HttpResponse<String> r =
        new TestServer.Browser()
            .postJson(events, "{\"events\":[{\"event\":\"\"},{\"event\":\"a\",\"props\":1}]}");

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("error").asText()).startsWith("events[0].event: must be a string");
    assertThat(body.get("field").asText()).isEqualTo("events[0].event");
    assertThat(body.get("rejected").asInt()).isEqualTo(2);
    assertThat(body.get("results").get(1).get("error").asText())
        .isEqualTo("events[1].props: must be an object");
    assertThat(storedEvents()).isEmpty();
  }

  private void assertRejected(HttpResponse<String> r, int status, String error, String field)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("error").asText()).startsWith(error);
    if (field == null) {
      assertThat(body.has("field")).isFalse();
    } else {
      assertThat(body.get("field").asText()).isEqualTo(field);
    }
    assertThat(storedEvents()).isEmpty();
  }

  @Test
  void malformedJson_400() throws Exception {
    assertRejected(
        new TestServer.Browser().postJson(events, "{\"event\": \"kpi_click\""),
        400,
        "malformed JSON at line 1",
        null);
  }

  @Test
  void badEventName_400() throws Exception {
    assertRejected(
        new TestServer.Browser().postJson(events, "{\"event\":\"<script>\"}"),
        400,
        "event: must be a string matching [A-Za-z][A-Za-z0-9_.:-]{0,63}",
        "event");
  }

  @Test
  void nonFiniteValue_400() throws Exception {
    assertRejected(
        new TestServer.Browser().postJson(events, "{\"event\":\"kpi_click\",\"value\":-1e400}"),
        400,
        "value: must be a finite number",
        "value");
  }

  @Test
  void valueBeyondTheAbKitBound_400NamingValue() throws Exception {
    // 2e154 squared leaves the double range: it once broke every results call on PostgreSQL
    assertRejected(
        new TestServer.Browser().postJson(events, "{\"event\":\"kpi_click\",\"value\":2e154}"),
        400,
        "value: must be at most 1.0E12 in magnitude, was 2.0E154",
        "value");
  }

  @Test
  void valueAtTheBound_accepted() throws Exception {
    var r = new TestServer.Browser().postJson(events, "{\"event\":\"kpi_click\",\"value\":-1e12}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(storedEvents()).extracting(Event::value).containsExactly(-1e12);
  }

  @Test
  void futureTimestamp_400() throws Exception {
    String ts = Instant.now().plusSeconds(3600).toString();
    assertRejected(
        new TestServer.Browser()
            .postJson(events, "{\"event\":\"kpi_click\",\"ts\":\"" + ts + "\"}"),
        400,
        "ts: must not be more than 5 minutes in the future",
        "ts");
  }

  @Test
  void propsNoStoreCanHold_400NamingTheField() throws Exception {
    // issue 11 item 2a: each of these once reached the store and stalled its batch
    assertRejected(
        new TestServer.Browser()
            .postJson(
                events,
                "{\"event\":\"kpi_click\",\"props\":{\"n\":123456789012345678901234567890}}"),
        400,
        "props.n: integers must fit in 64 bits",
        "props.n");
    assertRejected(
        new TestServer.Browser()
            .postJson(events, "{\"event\":\"kpi_click\",\"props\":{\"p\":1E+200000}}"),
        400,
        "props.p: numbers must be finite",
        "props.p");
    assertRejected(
        new TestServer.Browser()
            .postJson(events, "{\"event\":\"kpi_click\",\"props\":{\"s\":\"a\\ud800b\"}}"),
        400,
        "props.s: strings must be valid Unicode (no lone surrogates)",
        "props.s");
    assertRejected(
        new TestServer.Browser()
            .postJson(events, "{\"event\":\"kpi_click\",\"props\":{\"k\\udc00\":1}}"),
        400,
        "malformed JSON", // Jackson itself refuses a lone surrogate in a field name
        null);
    assertRejected(
        new TestServer.Browser()
            .postJson(events, "{\"event\":\"kpi_click\",\"ts\":\"+300000-01-01T00:00:00Z\"}"),
        400,
        "ts: ",
        "ts");
  }

  @Test
  void propsNotAnObject_400() throws Exception {
    assertRejected(
        new TestServer.Browser().postJson(events, "{\"event\":\"kpi_click\",\"props\":[1]}"),
        400,
        "props: must be an object",
        "props");
  }

  @Test
  void batchTooBig_400() throws Exception {
    String batch = String.join(",", Collections.nCopies(101, "{\"event\":\"kpi_click\"}"));
    assertRejected(
        new TestServer.Browser().postJson(events, "{\"events\":[" + batch + "]}"),
        400,
        "events: at most 100 events per request, was 101",
        "events");
  }

  @Test
  void bodyTooLarge_413() throws Exception {
    String padding = "x".repeat(70 * 1024);
    assertRejected(
        new TestServer.Browser()
            .postJson(events, "{\"event\":\"kpi_click\",\"pad\":\"" + padding + "\"}"),
        413,
        "the request body must be at most 65536 bytes",
        null);
  }

  @Test
  void bodyTooLargeWithoutContentLength_413() throws Exception {
    byte[] chunk =
        "{\"event\":\"kpi_click\",\"pad\":\""
            .concat("y".repeat(80 * 1024))
            .getBytes(StandardCharsets.UTF_8);
    HttpRequest req =
        HttpRequest.newBuilder(events)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(chunk)))
            .build();
    HttpResponse<String> r =
        new TestServer.Browser().client.send(req, HttpResponse.BodyHandlers.ofString());
    assertRejected(r, 413, "the request body must be at most 65536 bytes", null);
  }

  @Test
  void wrongContentType_415WithAcceptPost() throws Exception {
    HttpResponse<String> r =
        new TestServer.Browser().post(events, "text/plain", "{\"event\":\"kpi_click\"}");
    assertRejected(r, 415, "Content-Type must be application/json", null);
    assertThat(r.headers().firstValue("Accept-Post")).hasValue("application/json");

    HttpResponse<String> form =
        new TestServer.Browser()
            .post(events, "application/x-www-form-urlencoded", "event=kpi_click");
    assertRejected(form, 415, "Content-Type must be application/json", null);
  }

  @Test
  void get_405WithAllowPost() throws Exception {
    HttpResponse<String> r = new TestServer.Browser().get(events);
    assertRejected(r, 405, "method GET not allowed", null);
    assertThat(r.headers().firstValue("Allow")).hasValue("POST");
  }

  @Test
  void emptyBody_400() throws Exception {
    assertRejected(
        new TestServer.Browser().postJson(events, ""), 400, "the request body is empty", null);
  }

  /**
   * Ids are scoped per visitor (DESIGN.md section 9): another visitor's event with the same id is
   * stored and not marked duplicate, so no response tells one visitor about another's ids.
   */
  @Test
  void sameEventIdFromTwoVisitors_bothStoredNeitherMarkedDuplicate() throws Exception {
    String body = "{\"event\":\"subscription_upgrade\",\"id\":\"order-1001\"}";
    HttpResponse<String> x = new TestServer.Browser().postJson(events, body);
    HttpResponse<String> y = new TestServer.Browser().postJson(events, body);

    assertThat(x.statusCode()).isEqualTo(202);
    assertThat(y.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(y.body()).get("results").get(0).has("duplicate")).isFalse();
    assertThat(storedEvents()).extracting(Event::id).containsExactly("order-1001", "order-1001");
    assertThat(storedEvents()).extracting(Event::unit).doesNotHaveDuplicates();
  }

  @Test
  void sameEventIdTwice_acceptedBothTimesMarkedDuplicateAndStoredOnce() throws Exception {
    TestServer.Browser browser = new TestServer.Browser();
    HttpResponse<String> first =
        browser.postJson(events, "{\"event\":\"kpi_click\",\"id\":\"dup\"}");
    HttpResponse<String> second =
        browser.postJson(events, "{\"event\":\"kpi_click\",\"id\":\"dup\",\"value\":9}");

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(first.body()).get("results").get(0).has("duplicate")).isFalse();
    assertThat(second.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(second.body()).get("results").get(0).get("duplicate").asBoolean())
        .isTrue();
    assertThat(storedEvents())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.id()).isEqualTo("dup");
              assertThat(e.value()).isNull();
            });
  }

  @Test
  void closedPipeline_validEvents503WithRetryAfter_nothingStored() throws Exception {
    abkit.close();
    HttpResponse<String> r =
        new TestServer.Browser().postJson(events, "{\"event\":\"kpi_click\",\"id\":\"late\"}");

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("failed").asInt()).isEqualTo(1);
    assertThat(body.get("results").get(0).get("status").asText()).isEqualTo("failed");
    assertThat(body.get("results").get(0).get("error").asText())
        .isEqualTo("outcome unknown; retry with the same id");
    assertThat(body.get("error").asText()).isEqualTo("outcome unknown; retry with the same id");
    assertThat(body.get("results").get(0).get("id").asText()).isEqualTo("late");
    assertThat(store.events()).isEmpty();
  }
}
