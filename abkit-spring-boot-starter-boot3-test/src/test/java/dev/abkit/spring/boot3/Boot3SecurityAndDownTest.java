package dev.abkit.spring.boot3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * On Boot 3.5 with Spring Security on and the database down at start: the app serves, the event
 * endpoint takes a POST without a CSRF token (other POSTs do not), and health {@code abkit} is
 * DOWN. One context for both, to keep the suite short.
 */
@SpringBootTest(
    classes = DemoApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.autoconfigure.exclude=",
      "spring.security.user.name=ann",
      "spring.security.user.password=secret",
      "spring.datasource.url=jdbc:postgresql://127.0.0.1:9/down",
      "spring.datasource.username=postgres",
      "spring.datasource.hikari.connection-timeout=250",
      "abkit.pipeline.journal-dir=target/abkit-journal-down"
    })
class Boot3SecurityAndDownTest {
  @LocalServerPort int port;

  @Test
  void eventEndpointIsExemptFromCsrfAndNothingElse() throws Exception {
    Http ann = new Http(port).basic("ann", "secret");
    HttpResponse<String> page = ann.get("/dashboard");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).startsWith("ann:");
    HttpResponse<String> event = ann.postJson("/abkit/events", "{\"event\": \"kpi_click\"}");
    assertThat(event.statusCode()).as(event.body()).isEqualTo(202);
    HttpResponse<String> other = ann.postJson("/api/other", "{}");
    assertThat(other.statusCode()).as("CSRF (403, or 401 through /error)").isIn(401, 403);
    assertThat(other.body()).doesNotContain("changed");
  }

  @Test
  void healthIsDownWhileTheDatabaseIs() throws Exception {
    HttpResponse<String> health =
        new Http(port).basic("ann", "secret").get("/actuator/health/abkit");
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("\"error\"");
  }
}
