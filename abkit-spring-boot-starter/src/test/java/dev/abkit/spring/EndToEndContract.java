package dev.abkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.AbKit;
import dev.abkit.spring.internal.AbKitStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a fresh Boot app with the starter, web, JDBC and Actuator does with only section-12
 * properties: assigns, exposes, records and shows results over a real Tomcat. Subclasses pick the
 * database; each is one Spring context, with its own table prefix.
 */
abstract class EndToEndContract {
  static final String TOKEN = "test-token-0123456789abcdef";

  static String uniquePrefix() {
    return "abkit_t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
  }

  @LocalServerPort int port;
  @Autowired AbKit abkit;
  @Autowired AbKitStore store;
  @Autowired JdbcTemplate jdbc;
  @Autowired MeterRegistry meters;

  abstract String prefix();

  @Test
  void assignsExposesRecordsAndShowsResults() throws Exception {
    int visitors = 12;
    abkit.flush();
    long exposuresBefore = count("exposures");
    long eventsBefore = count("events");
    for (int i = 0; i < visitors; i++) {
      Http browser = new Http(port);
      HttpResponse<String> page = browser.get("/dashboard");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).matches("[A-Za-z0-9_-]+:[AB]");
      assertThat(page.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("abkit_vid="));
      if (i % 2 == 0) {
        HttpResponse<String> event =
            browser.postJson("/abkit/events", "{\"event\": \"kpi_click\"}");
        assertThat(event.statusCode()).as(event.body()).isEqualTo(202);
      }
    }
    // The exposure filter logs after the handler returns, which may be after the client has read
    // the response: wait for the last ones.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              abkit.flush();
              assertThat(count("exposures") - exposuresBefore).isEqualTo(visitors);
              assertThat(count("events") - eventsBefore).isEqualTo(visitors / 2);
            });

    HttpResponse<String> results = new Http(port).get("/abkit/results", TOKEN);
    assertThat(results.statusCode()).isEqualTo(200);
    assertThat(results.body()).contains("kpi_scorecard_layout");
    assertThat(exposedUnits(results.body())).isEqualTo(count("exposures"));

    HttpResponse<String> actuator = new Http(port).get("/actuator/abkit");
    assertThat(actuator.statusCode()).isEqualTo(200);
    assertThat(actuator.headers().firstValue("Content-Type").orElse("")).contains("json");
    assertThat(exposedUnits(actuator.body())).isEqualTo(count("exposures"));
  }

  @Test
  void healthReportsThePipelineUp() throws Exception {
    HttpResponse<String> health = new Http(port).get("/actuator/health/abkit");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"store\":\"jdbc\"");
  }

  @Test
  void pipelineMetersAreOnTheAppsRegistry() throws Exception {
    new Http(port).get("/dashboard");
    assertThat(meters.find("abkit.pipeline.records").tag("outcome", "written").functionCounter())
        .isNotNull();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              abkit.flush();
              assertThat(
                      meters
                          .get("abkit.pipeline.records")
                          .tag("outcome", "written")
                          .functionCounter()
                          .count())
                  .isPositive();
            });
    assertThat(meters.find("abkit.pipeline.queue.depth").gauge()).isNotNull();
  }

  @Test
  void theStoreIsTheAppsDataSourceWithTheConfiguredPrefix() {
    assertThat(store.kind()).isEqualTo("jdbc");
    assertThat(((dev.abkit.jdbc.JdbcStore) store.events()).tablePrefix()).isEqualTo(prefix());
  }

  long count(String table) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM " + prefix() + table, Long.class);
  }

  /** kpi_scorecard_layout's exposed units in a results JSON document. */
  static long exposedUnits(String json) throws Exception {
    for (JsonNode e : new ObjectMapper().readTree(json).path("experiments")) {
      if (e.path("id").asText().equals("kpi_scorecard_layout")) {
        return e.path("progress").path("exposures").asLong();
      }
    }
    throw new AssertionError("no kpi_scorecard_layout in " + json);
  }

  static final Set<String> SECTION_12_KEYS =
      Set.of(
          "abkit.manifest.location",
          "abkit.manifest.watch",
          "abkit.store.type",
          "abkit.store.file.dir",
          "abkit.store.jdbc.table-prefix",
          "abkit.store.jdbc.create-schema",
          "abkit.pipeline.journal-dir",
          "abkit.pipeline.durable",
          "abkit.servlet.exposure",
          "abkit.servlet.events-path",
          "abkit.servlet.results-path",
          "abkit.servlet.results-token");
}
