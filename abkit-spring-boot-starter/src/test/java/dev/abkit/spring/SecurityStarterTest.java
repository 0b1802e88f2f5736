package dev.abkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.abkit.AbKit;
import dev.abkit.spring.app.DemoApplication;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * With Spring Security on (Boot's default chain: everything authenticated, CSRF on), the event
 * endpoint takes a POST without a CSRF token, and only it: other POSTs still need one.
 */
@SpringBootTest(
    classes = DemoApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.autoconfigure.exclude=",
      "spring.security.user.name=ann",
      "spring.security.user.password=secret",
      "spring.datasource.url=jdbc:h2:mem:abkit_security;DB_CLOSE_DELAY=-1",
      "abkit.store.jdbc.table-prefix=abkit_sec_"
    })
class SecurityStarterTest {
  @LocalServerPort int port;
  @Autowired AbKit abkit;
  @Autowired JdbcTemplate jdbc;

  @Test
  void eventEndpointWorksWithoutACsrfTokenForTheAuthenticatedUnit() throws Exception {
    Http ann = new Http(port).basic("ann", "secret");
    HttpResponse<String> page = ann.get("/dashboard");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).as("the assignment filter runs after Security").startsWith("ann:");

    HttpResponse<String> event = ann.postJson("/abkit/events", "{\"event\": \"kpi_click\"}");
    assertThat(event.statusCode()).as(event.body()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              abkit.flush();
              assertThat(
                      jdbc.queryForObject(
                          "SELECT COUNT(*) FROM abkit_sec_events WHERE unit = 'ann'", Long.class))
                  .isEqualTo(1L);
            });
  }

  @Test
  void csrfStillProtectsEveryOtherPost() throws Exception {
    HttpResponse<String> other = new Http(port).basic("ann", "secret").postJson("/api/other", "{}");
    // CSRF rejects it with 403; Boot then renders /error, which under the default chain can
    // surface as 401 (the error dispatch does not re-run basic authentication). Either way the
    // handler did not run.
    assertThat(other.statusCode()).isIn(401, 403);
    assertThat(other.body()).doesNotContain("changed");
  }

  @Test
  void securityStillAuthenticatesTheEventEndpoint() throws Exception {
    HttpResponse<String> anonymous =
        new Http(port).postJson("/abkit/events", "{\"event\": \"kpi_click\"}");
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }
}
