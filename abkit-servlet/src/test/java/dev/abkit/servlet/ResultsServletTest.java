package dev.abkit.servlet;

import static dev.abkit.servlet.Fixtures.JSON;
import static dev.abkit.servlet.Fixtures.KPI;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abkit.AbKit;
import dev.abkit.store.memory.InMemoryEventStore;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResultsServletTest {
  private static final String TOKEN = "results-token-0123456789abcdef";

  private final InMemoryEventStore store = new InMemoryEventStore();
  private final AbKit abkit = Fixtures.abkit(store);
  private TestServer server;

  @AfterEach
  void stop() throws Exception {
    server.close();
    abkit.close();
  }

  private void start(String token) throws Exception {
    AbKitServlets.Config config =
        AbKitServlets.Config.builder().resultsPath("/api/results").resultsToken(token).build();
    server =
        TestServer.start(
            ctx ->
                ctx.addServletContainerInitializer(
                    (c, sc) -> AbKitServlets.register(sc, abkit, config)));
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    return new TestServer.Browser().get(server.uri(path), headers);
  }

  @Test
  void noTokenConfigured_404EvenWithAToken() throws Exception {
    start(null);
    assertThat(get("/api/results").statusCode()).isEqualTo(404);
    assertThat(get("/api/results", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
    assertThat(get("/api/results.html").statusCode()).isEqualTo(404);
  }

  @Test
  void missingToken_401WithBearerChallenge() throws Exception {
    start(TOKEN);
    HttpResponse<String> r = get("/api/results");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"abkit\"");
    assertThat(JSON.readTree(r.body()).get("error").asText())
        .isEqualTo("missing Authorization: Bearer <token>");
  }

  @Test
  void wrongToken_401() throws Exception {
    start(TOKEN);
    for (String auth :
        new String[] {
          "Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1), "Basic " + TOKEN, "Bearer "
        }) {
      HttpResponse<String> r = get("/api/results", "Authorization", auth);
      assertThat(r.statusCode()).as(auth).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"abkit\", error=\"invalid_token\"");
      assertThat(r.body()).doesNotContain(TOKEN);
    }
  }

  @Test
  void rightToken_200ResultsJson() throws Exception {
    start(TOKEN);
    TestServer.Browser visitor = new TestServer.Browser();
    visitor.postJson(server.uri("/abkit/events"), "{\"event\":\"kpi_click\"}");

    HttpResponse<String> r = get("/api/results", "Authorization", "Bearer " + TOKEN);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("experiments")).hasSize(3);
    assertThat(body.get("experiments").get(0).get("id").asText()).isEqualTo(KPI);
  }

  @Test
  void oneExperiment_byQueryParameter() throws Exception {
    start(TOKEN);
    HttpResponse<String> r =
        get("/api/results?experiment=" + KPI, "Authorization", "Bearer " + TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("experiments")).hasSize(1);
    assertThat(body.get("experiments").get(0).get("id").asText()).isEqualTo(KPI);
  }

  @Test
  void unknownOrMalformedExperiment_404or400() throws Exception {
    start(TOKEN);
    HttpResponse<String> unknown =
        get("/api/results?experiment=nope", "Authorization", "Bearer " + TOKEN);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).get("field").asText()).isEqualTo("experiment");
    HttpResponse<String> bad =
        get("/api/results?experiment=%3Cscript%3E", "Authorization", "Bearer " + TOKEN);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).doesNotContain("<script>");
  }

  @Test
  void htmlPage_byPathSuffixOrAcceptHeader() throws Exception {
    start(TOKEN);
    HttpResponse<String> bySuffix = get("/api/results.html", "Authorization", "Bearer " + TOKEN);
    HttpResponse<String> byAccept =
        get(
            "/api/results",
            "Authorization",
            "Bearer " + TOKEN,
            "Accept",
            "text/html,application/xhtml+xml,*/*;q=0.8");
    for (HttpResponse<String> r : java.util.List.of(bySuffix, byAccept)) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
      assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
      assertThat(r.body()).contains("<html").contains(KPI);
    }
    HttpResponse<String> locked = get("/api/results.html");
    assertThat(locked.statusCode()).isEqualTo(401);
  }

  @Test
  void post_405() throws Exception {
    start(TOKEN);
    HttpResponse<String> r =
        new TestServer.Browser()
            .post(
                server.uri("/api/results"),
                "application/json",
                "{}",
                "Authorization",
                "Bearer " + TOKEN);
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }
}
