package dev.abkit.servlet;

import static dev.abkit.servlet.Fixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.AbKit;
import dev.abkit.store.memory.InMemoryEventStore;
import java.net.http.HttpResponse;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Visitor ids a client cannot choose, and the optional per-visitor event limit, over HTTP. */
class SignedVisitorsAndRateLimitTest {
  private static final String OLD = "old-secret-0123456789abcdefghijklmnop";
  private static final String NEW = "new-secret-0123456789abcdefghijklmnop";
  private static final String CHOSEN = "AAAAAAAAAAAAAAAAAAAAAA";

  private final InMemoryEventStore store = new InMemoryEventStore();
  private final AbKit abkit = Fixtures.abkit(store);
  private TestServer server;

  @AfterEach
  void stop() throws Exception {
    server.close();
    abkit.close();
  }

  private void start(AbKitServlets.Config config) throws Exception {
    server =
        TestServer.start(
            ctx -> {
              ctx.addServletContainerInitializer(
                  (c, sc) -> AbKitServlets.register(sc, abkit, config));
              ctx.addServlet(new ServletHolder(new Fixtures.AppServlet()), "/app/*");
            });
  }

  private String unitSeenWith(String cookie) throws Exception {
    HttpResponse<String> r =
        new TestServer.Browser().get(server.uri("/app/dashboard"), "Cookie", "abkit_vid=" + cookie);
    return JSON.readTree(r.body()).get("unit").asText();
  }

  private static List<String> visitorCookies(HttpResponse<String> r) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("abkit_vid="))
        .toList();
  }

  @Test
  void signed_aChosenIdIsReplaced_aSignedOneKept_aPreviousOneResigned() throws Exception {
    start(Fixtures.config().unitResolver(UnitResolver.signed(NEW, OLD)).build());

    // A client's own, well-formed id is not trusted.
    assertThat(unitSeenWith(CHOSEN)).isNotEqualTo(CHOSEN);

    TestServer.Browser browser = new TestServer.Browser();
    HttpResponse<String> first = browser.get(server.uri("/app/dashboard"));
    List<String> issued = visitorCookies(first);
    assertThat(issued)
        .singleElement()
        .asString()
        .matches("abkit_vid=[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{22};.*");
    String unit = JSON.readTree(first.body()).get("unit").asText();
    HttpResponse<String> again = browser.get(server.uri("/app/dashboard"));
    assertThat(JSON.readTree(again.body()).get("unit").asText()).isEqualTo(unit);
    assertThat(visitorCookies(again)).as("a valid cookie is not rewritten").isEmpty();

    // Signed with the previous secret: same visitor, re-signed with the current one.
    String id = new dev.abkit.servlet.internal.VisitorIds().next();
    String oldValue = new dev.abkit.servlet.internal.VisitorIdSigner(OLD, List.of()).sign(id);
    HttpResponse<String> rotated =
        new TestServer.Browser()
            .get(server.uri("/app/dashboard"), "Cookie", "abkit_vid=" + oldValue);
    assertThat(JSON.readTree(rotated.body()).get("unit").asText()).isEqualTo(id);
    assertThat(visitorCookies(rotated))
        .singleElement()
        .asString()
        .startsWith("abkit_vid=" + id + ".")
        .doesNotStartWith("abkit_vid=" + oldValue);

    // A forged tag is replaced, never echoed.
    String forged = id + "." + "B".repeat(22);
    HttpResponse<String> r =
        new TestServer.Browser().get(server.uri("/app/dashboard"), "Cookie", "abkit_vid=" + forged);
    assertThat(JSON.readTree(r.body()).get("unit").asText()).isNotEqualTo(id);
    assertThat(visitorCookies(r)).singleElement().asString().doesNotContain(forged);
  }

  @Test
  void unsigned_theDefault_stillAcceptsAWellFormedId() throws Exception {
    start(Fixtures.config().build());
    assertThat(unitSeenWith(CHOSEN)).isEqualTo(CHOSEN);
  }

  @Test
  void perVisitorLimit_429BeyondIt_nothingRecorded_otherVisitorsUnaffected() throws Exception {
    start(Fixtures.config().maxEventsPerVisitorPerMinute(3).build());
    TestServer.Browser greedy = new TestServer.Browser();
    for (int i = 0; i < 3; i++) {
      assertThat(
              greedy.postJson(server.uri("/api/events"), "{\"event\":\"kpi_click\"}").statusCode())
          .isEqualTo(202);
    }
    HttpResponse<String> refused =
        greedy.postJson(server.uri("/api/events"), "{\"event\":\"kpi_click\"}");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(JSON.readTree(refused.body()).get("error").asText())
        .isEqualTo("too many events from this visitor: at most 3 a minute; nothing was recorded");
    // A batch that would cross the limit is refused whole.
    TestServer.Browser other = new TestServer.Browser();
    assertThat(
            other
                .postJson(
                    server.uri("/api/events"),
                    "{\"events\":[{\"event\":\"kpi_click\"},{\"event\":\"kpi_click\"},"
                        + "{\"event\":\"kpi_click\"},{\"event\":\"kpi_click\"}]}")
                .statusCode())
        .isEqualTo(429);
    assertThat(other.postJson(server.uri("/api/events"), "{\"event\":\"kpi_click\"}").statusCode())
        .isEqualTo(202);
    abkit.flush();
    assertThat(store.events()).hasSize(4);
  }
}
