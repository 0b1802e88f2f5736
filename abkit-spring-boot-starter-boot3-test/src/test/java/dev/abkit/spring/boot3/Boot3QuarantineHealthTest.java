package dev.abkit.spring.boot3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.abkit.AbKit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * On Boot 3.5: the database answers but refuses some events (a CHECK constraint), the pipeline
 * quarantines them and stores the rest, and health {@code abkit} says OUT_OF_SERVICE (503).
 */
@SpringBootTest(
    classes = DemoApplication.class,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:abkit_b3_quarantine;DB_CLOSE_DELAY=-1",
      "abkit.store.jdbc.table-prefix=abkit_b3q_",
      "abkit.pipeline.journal-dir=target/abkit-journal-quarantine"
    })
@AutoConfigureMockMvc
class Boot3QuarantineHealthTest {
  @Autowired MockMvc mvc;
  @Autowired AbKit abkit;
  @Autowired JdbcTemplate jdbc;

  @Test
  void healthIsOutOfServiceOnceTheStoreRefusesRecords() throws Exception {
    mvc.perform(get("/actuator/health/abkit"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("UP"));
    jdbc.execute(
        "ALTER TABLE abkit_b3q_events ADD CONSTRAINT abkit_b3q_no_refused"
            + " CHECK (name <> 'refused_event')");

    abkit.track("u1", "refused_event");
    abkit.track("u2", "kpi_click");
    abkit.flush();

    assertThat(abkit.metrics().quarantined()).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM abkit_b3q_events", Long.class))
        .isEqualTo(1L);
    mvc.perform(get("/actuator/health/abkit"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.status").value("OUT_OF_SERVICE"))
        .andExpect(jsonPath("$.details.quarantined").value(1))
        .andExpect(jsonPath("$.details.lastQuarantineSeen").exists());
  }
}
