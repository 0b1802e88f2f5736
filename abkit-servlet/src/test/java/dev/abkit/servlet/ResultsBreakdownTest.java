package dev.abkit.servlet;

import static dev.abkit.servlet.Fixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abkit.AbKit;
import dev.abkit.event.Exposure;
import dev.abkit.store.memory.InMemoryEventStore;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Breakdowns through the servlets: the exposure filter records the experiment's dimensions from the
 * request's attributes (the default extractor's {@code platform}), and the results endpoint breaks
 * results down with {@code ?dimension=}; an experiment's page does by its first dimension.
 */
class ResultsBreakdownTest {
  private static final String TOKEN = "a-results-token-of-some-length";
  private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)";
  private static final String ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8)";
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final AbKit abkit =
      AbKit.builder()
          .manifestJson(
              """
              {"experiments": [
                {"id": "layout", "target_event": "kpi_click", "dimensions": ["platform"],
                 "variants": [{"key": "A"}, {"key": "B"}]},
                {"id": "plain", "target_event": "kpi_click", "variants": [{"key": "A"}, {"key": "B"}]}
              ]}
              """)
          .eventStore(store)
          .build();
  private TestServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    abkit.close();
  }

  @Test
  void dimensionParameter_breaksResultsDownByTheRecordedPlatform() throws Exception {
    AbKitServlets.Config config =
        Fixtures.config().exposure("/app/layout", "layout", "plain").resultsToken(TOKEN).build();
    server = TestServer.start(ctx -> AssignmentFilterTest.install(ctx, abkit, config));
    for (int i = 0; i < 6; i++) {
      String agent = i < 4 ? IPHONE : ANDROID;
      HttpResponse<String> page =
          new TestServer.Browser().get(server.uri("/app/layout"), "User-Agent", agent);
      assertThat(page.statusCode()).isEqualTo(200);
    }
    abkit.flush();
    assertThat(store.exposures())
        .filteredOn(x -> x.experiment().equals("layout"))
        .extracting(Exposure::attributes)
        .containsOnly(Map.of("platform", "ios"), Map.of("platform", "android"))
        .hasSize(6);
    assertThat(store.exposures())
        .filteredOn(x -> x.experiment().equals("plain"))
        .allSatisfy(x -> assertThat(x.attributes()).isEmpty());

    JsonNode layout =
        JSON.readTree(results("?experiment=layout&dimension=platform").body())
            .get("experiments")
            .get(0);
    JsonNode segments = layout.get("by_dimension").get("platform");
    assertThat(segments).hasSize(2);
    assertThat(segments.get(0).get("value").asText()).isEqualTo("android");
    assertThat(exposures(segments.get(0))).isEqualTo(2);
    assertThat(segments.get(1).get("value").asText()).isEqualTo("ios");
    assertThat(exposures(segments.get(1))).isEqualTo(4);

    // every experiment: those listing the dimension are broken down
    JsonNode all = JSON.readTree(results("?dimension=platform").body()).get("experiments");
    assertThat(all.get(0).has("by_dimension")).isTrue();
    assertThat(all.get(1).has("by_dimension")).isFalse();

    HttpResponse<String> unknown = results("?experiment=plain&dimension=platform");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(unknown.body()).get("field").asText()).isEqualTo("dimension");
    assertThat(JSON.readTree(unknown.body()).get("error").asText())
        .isEqualTo("experiment plain has no dimension platform in its \"dimensions\"");
    assertThat(results("?dimension=country").statusCode()).isEqualTo(400);

    String html =
        new TestServer.Browser()
            .get(
                server.uri("/api/results.html?experiment=layout"),
                "Authorization",
                "Bearer " + TOKEN)
            .body();
    assertThat(html).contains("<h2>Breakdowns</h2>", "platform = ios", "platform = android");
  }

  private HttpResponse<String> results(String query) throws Exception {
    return new TestServer.Browser()
        .get(server.uri("/api/results" + query), "Authorization", "Bearer " + TOKEN);
  }

  private static long exposures(JsonNode segment) {
    long n = 0;
    for (JsonNode v : segment.get("variants")) {
      n += v.get("exposures").asLong();
    }
    return n;
  }
}
