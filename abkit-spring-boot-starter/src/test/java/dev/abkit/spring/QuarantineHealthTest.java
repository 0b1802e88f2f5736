package dev.abkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.abkit.AbKit;
import dev.abkit.spring.app.DemoApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The database answers but refuses some events (a CHECK constraint a DBA added): the pipeline
 * quarantines them, stores the rest, and health {@code abkit} says OUT_OF_SERVICE (503) rather than
 * UP.
 */
@SpringBootTest(
    classes = DemoApplication.class,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:abkit_quarantine;DB_CLOSE_DELAY=-1",
      "abkit.store.jdbc.table-prefix=abkit_qh_",
      "abkit.pipeline.journal-dir=target/abkit-journal-quarantine"
    })
@AutoConfigureMockMvc
class QuarantineHealthTest {
  @Autowired MockMvc mvc;
  @Autowired AbKit abkit;
  @Autowired JdbcTemplate jdbc;

  @Test
  void healthIsOutOfServiceOnceTheStoreRefusesRecords() throws Exception {
    mvc.perform(get("/actuator/health/abkit"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("UP"));
    jdbc.execute(
        "ALTER TABLE abkit_qh_events ADD CONSTRAINT abkit_qh_no_refused"
            + " CHECK (name <> 'refused_event')");

    abkit.track("u1", "refused_event");
    abkit.track("u2", "kpi_click");
    abkit.flush();

    assertThat(abkit.metrics().quarantined()).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM abkit_qh_events", Long.class))
        .as("the good record is stored")
        .isEqualTo(1L);
    mvc.perform(get("/actuator/health/abkit"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.status").value("OUT_OF_SERVICE"))
        .andExpect(jsonPath("$.details.quarantined").value(1))
        .andExpect(jsonPath("$.details.lastQuarantineSeen").exists());
  }
}
