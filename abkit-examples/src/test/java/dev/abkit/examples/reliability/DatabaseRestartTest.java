package dev.abkit.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.pipeline.PipelineMetrics;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.testing.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DESIGN.md section 8, "Database restarted during load: nothing lost, no request fails". The demo
 * app's store reaches PostgreSQL through a {@link TcpProxy}; mid-load the proxy resets every
 * connection and refuses new ones for 5 s (what a restart looks like from the app), then accepts
 * again. The real PostgreSQL service is never touched.
 */
@Tag("reliability")
class DatabaseRestartTest {

  @ParameterizedTest(name = "sticky={0}")
  @ValueSource(booleans = {false, true})
  void postgresRestartMidLoad_noRequestFails_everyAcknowledgedRecordStoredExactlyOnce(
      boolean sticky, @TempDir Path journal) throws Exception {
    Postgres.requireReachable();
    String prefix = Postgres.freshPrefix("rs");
    PipelineSettings settings =
        PipelineSettings.builder()
            .journalDir(journal)
            .batchSize(200)
            .flushInterval(Duration.ofMillis(50))
            .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
            .spillAfter(Duration.ofSeconds(1))
            .build();
    try (TcpProxy proxy = TcpProxy.start(Postgres.HOST, Postgres.PORT)) {
      DemoApp app = DemoApp.start(Postgres.url(proxy.port()), prefix, settings, 0, sticky);
      try {
        Load load = new Load(app.uri("/"), Visitor.newClient(), "rs");
        Thread restart =
            new Thread(
                () -> {
                  try {
                    Thread.sleep(3000);
                    proxy.outage(Duration.ofSeconds(5));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "pg-restart");
        restart.start();
        load.runFor(8, 5, 12_000);
        restart.join();

        PipelineMetrics m = Drain.drained(app.abkit(), Duration.ofSeconds(60));
        StickyRows rows =
            sticky ? StickyRows.settled(prefix, load.ackedExposures, Duration.ofSeconds(20)) : null;
        Figures f = Figures.check(prefix, load.ackedEvents, load.ackedExposures);
        f.print(
            sticky ? "postgres-restart+sticky" : "postgres-restart",
            load.requests.get(),
            load.p99Millis(),
            "cut="
                + proxy.resetConnections()
                + " retried="
                + m.retriedBatches()
                + " spilled="
                + m.spilled()
                + " replayed="
                + m.replayed()
                + (rows == null ? "" : " " + rows.describe()));

        assertThat(load.failureSamples).as("failed requests").isEmpty();
        assertThat(load.failures.get()).isZero();
        assertThat(proxy.resetConnections()).as("the outage cut live connections").isPositive();
        assertThat(m.retriedBatches() + m.spilled())
            .as("the outage hit the writer (retries or spills)")
            .isPositive();
        assertThat(f.acknowledged()).isGreaterThan(1000);
        assertThat(f.lost()).as("lost").isZero();
        assertThat(f.duplicates()).as("duplicates").isZero();
        assertThat(f.unexpected()).as("stored but never acknowledged").isZero();
        assertThat(f.wrongVariant()).as("exposures stored with another variant").isZero();
        assertThat(m.dropped()).isZero();
        if (sticky) {
          assertThat(load.p99Millis())
              .as(
                  "request p99 with the sticky store across a restart (before issue 11 item 9: 5-15 s)",
                  "restart")
              .isLessThan(1000);
          assertThat(rows.rows())
              .as("sticky assignments reach the table once the database answers")
              .isPositive();
          assertThat(rows.mismatched()).as("sticky variant differs from the served one").isZero();
          assertThat(rows.foreign()).as("assignments for units no page served").isZero();
        }
        assertThat(m.written() + m.spilled())
            .as("every queued record was either written or spilled (PipelineMetrics)")
            .isEqualTo(m.queued());
      } finally {
        app.close();
        Postgres.dropTables(prefix);
      }
    }
  }
}
