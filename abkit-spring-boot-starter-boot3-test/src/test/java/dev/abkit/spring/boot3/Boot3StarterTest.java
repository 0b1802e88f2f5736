package dev.abkit.spring.boot3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.abkit.AbKit;
import dev.abkit.spring.internal.DependencyFloor;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The starter on Spring Boot 3.5 (one context: real Tomcat on a random port, H2, Actuator, and
 * MockMvc over the same context): what a 3.5 app gets with only section-12 properties.
 */
@SpringBootTest(
    classes = DemoApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:abkit_boot3;DB_CLOSE_DELAY=-1",
      "abkit.store.jdbc.table-prefix=abkit_b3_"
    })
@AutoConfigureMockMvc
class Boot3StarterTest {
  static final String TOKEN = "test-token-0123456789abcdef";

  @LocalServerPort int port;
  @Autowired AbKit abkit;
  @Autowired JdbcTemplate jdbc;
  @Autowired MeterRegistry meters;
  @Autowired MockMvc mvc;

  @Test
  void runsOnBoot35WithItsManagedVersions() {
    assertThat(SpringBootVersion.getVersion()).isEqualTo("3.5.7");
    // the versions Boot 3.5.7 manages, not abkit's own: the floor the starter warns below
    assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString())
        .isEqualTo("2.19.2");
    assertThat(com.zaxxer.hikari.HikariDataSource.class.getPackage().getImplementationVersion())
        .isIn("6.3.3", null);
    assertThat(DependencyFloor.warnIfBelow()).isEmpty();
  }

  @Test
  void assignsExposesRecordsAndShowsResults() throws Exception {
    abkit.flush();
    long exposures = count("exposures");
    long events = count("events");
    for (int i = 0; i < 6; i++) {
      Http browser = new Http(port);
      HttpResponse<String> page = browser.get("/dashboard");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).matches("[A-Za-z0-9_-]+:[AB]");
      assertThat(browser.postJson("/abkit/events", "{\"event\": \"kpi_click\"}").statusCode())
          .isEqualTo(202);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              abkit.flush();
              assertThat(count("exposures") - exposures).isEqualTo(6);
              assertThat(count("events") - events).isEqualTo(6);
            });
    HttpResponse<String> results = new Http(port).get("/abkit/results", TOKEN);
    assertThat(results.statusCode()).isEqualTo(200);
    assertThat(results.body()).contains("kpi_scorecard_layout");
    HttpResponse<String> actuator = new Http(port).get("/actuator/abkit");
    assertThat(actuator.statusCode()).isEqualTo(200);
    assertThat(actuator.body()).contains("\"kpi_scorecard_layout\"");
  }

  @Test
  void healthAndMetersOnBoot3() throws Exception {
    HttpResponse<String> health = new Http(port).get("/actuator/health/abkit");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"store\":\"jdbc\"");
    assertThat(meters.find("abkit.pipeline.records").tag("outcome", "written").functionCounter())
        .isNotNull();
  }

  @Test
  void mockMvcSeesTheFilters() throws Exception {
    mvc.perform(get("/dashboard").principal(() -> "alice"))
        .andExpect(status().isOk())
        .andExpect(content().string("alice:B"));
  }

  long count(String table) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM abkit_b3_" + table, Long.class);
  }
}
