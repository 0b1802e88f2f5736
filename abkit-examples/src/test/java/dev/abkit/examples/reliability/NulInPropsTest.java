package dev.abkit.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.event.PipelineMetrics;
import dev.abkit.event.PipelineSettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One visitor's event must never stop everyone else's from being stored. A props string holding
 * U+0000 is accepted by the event endpoint (202), but PostgreSQL's jsonb cannot hold it ({@code
 * unsupported Unicode escape sequence}), so the batch carrying it fails for good: it is retried,
 * spilled, and its journal segment replayed and failed forever, and no later record of any visitor
 * ever reaches the store. Runs on an app of its own, since the failure poisons the pipeline.
 */
@Tag("reliability")
class NulInPropsTest {

  @Test
  @Disabled(
      "open bug found by the reliability suite: a props string with U+0000 poisons the PostgreSQL"
          + " pipeline (the event endpoint accepts it, jsonb rejects it, the batch and its journal"
          + " segment are retried forever, nothing later lands). Enable once EventBody rejects NUL or"
          + " JdbcStore/Recorder isolate a record the store can never take.")
  void nulCharacterInProps_storedOrRejected_neverBlocksLaterEvents(@TempDir Path journal)
      throws Exception {
    Postgres.requireReachable();
    String prefix = Postgres.freshPrefix("nu");
    DemoApp app =
        DemoApp.start(
            Postgres.url(Postgres.PORT),
            prefix,
            PipelineSettings.builder()
                .journalDir(journal)
                .flushInterval(Duration.ofMillis(20))
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .closeTimeout(Duration.ofSeconds(2))
                .build(),
            0);
    try {
      Visitor v = new Visitor(Visitor.newClient());
      v.get(app.uri(DemoApp.DASHBOARD));
      String id = "nul-" + UUID.randomUUID();
      HttpResponse<String> r =
          v.postJson(
              app.uri(DemoApp.EVENTS),
              "{\"event\":\"kpi_click\",\"id\":\"" + id + "\",\"props\":{\"q\":\"a\\u0000b\"}}");
      assertThat(r.statusCode()).isIn(202, 400);
      String later = "after-nul-" + UUID.randomUUID();
      HttpResponse<String> next =
          v.postJson(app.uri(DemoApp.EVENTS), "{\"event\":\"kpi_click\",\"id\":\"" + later + "\"}");
      assertThat(next.statusCode()).isEqualTo(202);
      PipelineMetrics m = Drain.drained(app.abkit(), Duration.ofSeconds(20));
      assertThat(Postgres.eventRows(prefix)).as("a later event lands (%s)", m).containsKey(later);
      if (r.statusCode() == 202) {
        assertThat(Postgres.eventRows(prefix)).containsKey(id);
      }
    } finally {
      app.close();
      Postgres.dropTables(prefix);
    }
  }
}
