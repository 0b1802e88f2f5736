package dev.abkit.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.pipeline.PipelineMetrics;
import dev.abkit.pipeline.PipelineSettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One visitor's event must never stop everyone else's from being stored. PostgreSQL's jsonb cannot
 * hold U+0000 ({@code unsupported Unicode escape sequence}); a batch carrying it would fail for
 * good, and its journal segment with it, so no later record would reach the store. abkit refuses
 * NUL in event text at construction, so the endpoint answers 400 and later events land. Runs on an
 * app of its own, since a failure would poison the pipeline.
 */
@Tag("reliability")
class NulInPropsTest {

  @Test
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
