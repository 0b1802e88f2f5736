package dev.abkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.spring.app.DemoApplication;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The database is down when the app starts (nothing listens on its port): the app starts and
 * serves, events are journaled, and health {@code abkit} says DOWN with the pipeline's state.
 */
@SpringBootTest(
    classes = DemoApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:postgresql://127.0.0.1:9/down",
      "spring.datasource.username=postgres",
      "spring.datasource.hikari.connection-timeout=250",
      "abkit.pipeline.journal-dir=target/abkit-journal-down"
    })
class DatabaseDownTest {
  @LocalServerPort int port;

  @Test
  void appServesAndHealthIsDownWithThePipelineState() throws Exception {
    Http browser = new Http(port);
    HttpResponse<String> page = browser.get("/dashboard");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).matches("[A-Za-z0-9_-]+:[AB]");
    HttpResponse<String> event = browser.postJson("/abkit/events", "{\"event\": \"kpi_click\"}");
    assertThat(event.statusCode()).as("accepted into the pipeline, journaled").isEqualTo(202);

    HttpResponse<String> health = browser.get("/actuator/health/abkit");
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body())
        .contains("\"status\":\"DOWN\"")
        .contains("\"store\":\"jdbc\"")
        .contains("\"error\"")
        .contains("\"pipeline\"");
  }
}
