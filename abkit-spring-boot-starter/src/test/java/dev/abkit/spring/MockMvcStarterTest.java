package dev.abkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.abkit.AbKit;
import dev.abkit.spring.app.DemoApplication;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A controller taking {@code Experiments}, tested with MockMvc: the starter's filters are
 * registration beans, so MockMvc applies them as the server does.
 */
@SpringBootTest(
    classes = DemoApplication.class,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:abkit_mockmvc;DB_CLOSE_DELAY=-1",
      "abkit.store.jdbc.table-prefix=abkit_mvc_"
    })
@AutoConfigureMockMvc
class MockMvcStarterTest {
  @Autowired MockMvc mvc;
  @Autowired AbKit abkit;
  @Autowired JdbcTemplate jdbc;

  @Test
  void controllerGetsExperimentsThroughTheAssignmentFilter() throws Exception {
    mvc.perform(get("/dashboard"))
        .andExpect(status().isOk())
        .andExpect(cookie().exists("abkit_vid"))
        .andExpect(content().string(org.hamcrest.Matchers.matchesRegex("[A-Za-z0-9_-]+:[AB]")));
  }

  @Test
  void theOverrideReachesTheControllerForTheAuthenticatedPrincipal() throws Exception {
    // the default unit resolver prefers the principal; "alice" is forced into B by the manifest
    mvc.perform(get("/dashboard").principal(() -> "alice"))
        .andExpect(status().isOk())
        .andExpect(content().string("alice:B"));
  }

  @Test
  void exposureFilterLogsTheRoutesExperiments() throws Exception {
    mvc.perform(get("/dashboard").principal(() -> "mvc-unit-1")).andExpect(status().isOk());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              abkit.flush();
              assertThat(
                      jdbc.queryForObject(
                          "SELECT COUNT(*) FROM abkit_mvc_exposures WHERE unit = 'mvc-unit-1'",
                          Long.class))
                  .isEqualTo(1L);
            });
  }
}
