package dev.abkit.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoServerTest {
  @TempDir static Path dir;
  static DemoServer demo;
  static final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    demo = DemoServer.start(DemoOptions.embedded(dir));
  }

  @AfterAll
  static void stop() {
    demo.close();
  }

  private static Visitor visitor(long seed) {
    return new Visitor(client, demo.baseUri(), Visitor.newId(new SplittableRandom(seed)));
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return DemoServlets.JSON.readTree(r.body());
  }

  @Test
  void dashboard_answersVariantsOfItsTwoExperiments_andTheyAreSticky() throws Exception {
    Visitor v = visitor(1);
    HttpResponse<String> first = v.get(DemoServer.DASHBOARD);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode body = json(first);
    assertThat(iterableNames(body.get("variants")))
        .containsExactly("kpi_scorecard_layout", "guided_onboarding");
    assertThat(body.get("variants").get("kpi_scorecard_layout").asText()).isIn("A", "B");
    // the seeded cookie is valid: the server keeps it and sets no new one
    assertThat(first.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(json(v.get(DemoServer.DASHBOARD))).isEqualTo(body);
    // the engine agrees with what the route served
    assertThat(demo.abkit().assign("kpi_scorecard_layout", v.id()).served())
        .isEqualTo(body.get("variants").get("kpi_scorecard_layout").asText());
  }

  @Test
  void pricingView_answersOnlyThePricingExperiment() throws Exception {
    JsonNode body = json(visitor(2).get(DemoServer.PRICING));
    assertThat(iterableNames(body.get("variants"))).containsExactly("pricing_cta_upgrade");
    assertThat(body.get("enrolled")).hasSize(1);
  }

  @Test
  void config_answersMergedConfigOfTheVisitorsVariants() throws Exception {
    Visitor v = visitor(3);
    JsonNode body = json(v.get(DemoServer.CONFIG));
    String layout = body.get("variants").get("kpi_scorecard_layout").asText();
    assertThat(body.get("config").get("kpi_scorecard_layout").get("layout").asText())
        .isEqualTo(layout.equals("A") ? "compact" : "expanded");
    // baseline field merged under the variant's own config
    assertThat(body.get("config").get("kpi_scorecard_layout").get("show_sparklines").asBoolean())
        .isTrue();
  }

  @Test
  void health_reportsStatusAndPipelineCounters() throws Exception {
    HttpResponse<String> r = visitor(4).get(DemoServer.HEALTH);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("status").asText()).isEqualTo("ok");
    assertThat(body.get("store").asText()).contains("h2");
    assertThat(body.get("pipeline").has("queued")).isTrue();
    assertThat(body.get("pipeline").has("written")).isTrue();
  }

  @Test
  void page_isHtmlWithButtonsThatReportEachClick() throws Exception {
    HttpResponse<String> r = visitor(5).get("/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.body())
        .contains("data-event=\"kpi_click\"", "data-event=\"tooltip_open\"")
        .contains("data-event=\"subscription_upgrade\"", "/api/experiments/events")
        .as("a link to the results dashboard")
        .contains("href=\"" + DemoServer.RESULTS + ".html\"");
  }

  @Test
  void events_acceptsAClickFromTheVisitor_andCountsSeeItAfterFlush() throws Exception {
    Visitor v = visitor(6);
    v.get(DemoServer.DASHBOARD);
    HttpResponse<String> r = v.postJson(DemoServer.EVENTS, "{\"event\":\"kpi_click\"}");
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).get("accepted").asInt()).isEqualTo(1);
    JsonNode counts = json(authorized(DemoServer.COUNTS, demo.token()));
    assertThat(counts.get("events").asLong()).isPositive();
    assertThat(counts.get("exposures").asLong()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void results_withToken_answersResultsJson_withoutToken_401() throws Exception {
    HttpResponse<String> ok = authorized(DemoServer.RESULTS, demo.token());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok).get("experiments").get(0).get("id").asText())
        .isEqualTo("kpi_scorecard_layout");
    assertThat(visitor(7).get(DemoServer.RESULTS).statusCode()).isEqualTo(401);
    assertThat(authorized(DemoServer.RESULTS, "wrong-token-wrong-token").statusCode())
        .isEqualTo(401);
  }

  @Test
  void adminCounts_withoutToken_401() throws Exception {
    assertThat(visitor(8).get(DemoServer.COUNTS).statusCode()).isEqualTo(401);
  }

  @Test
  void bundledManifest_isIdenticalToTheRepositoryRootTestsJson() throws Exception {
    Path root = Path.of("..", "tests.json");
    byte[] bundled = DemoServerTest.class.getResourceAsStream(DemoManifest.RESOURCE).readAllBytes();
    assertThat(bundled).isEqualTo(Files.readAllBytes(root));
  }

  private static HttpResponse<String> authorized(String path, String token) throws Exception {
    return client.send(
        HttpRequest.newBuilder(demo.uri(path)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> iterableNames(JsonNode object) {
    List<String> names = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
