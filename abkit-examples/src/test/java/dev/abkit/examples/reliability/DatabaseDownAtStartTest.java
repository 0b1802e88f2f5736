package dev.abkit.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * DESIGN.md section 8, "Database down at start: the app starts, the journal holds the records, they
 * land when it is back". The proxy refuses every connection before the app is built; the JdbcStore
 * must not fail at build time (its schema, with {@code createSchema(true)}, is created on the first
 * successful connection), the app serves, records spill to the journal, and after the proxy accepts
 * they land exactly once.
 */
@Tag("reliability")
class DatabaseDownAtStartTest {

  @ParameterizedTest(name = "sticky={0}")
  @ValueSource(booleans = {false, true})
  void databaseDownAtStart_appServesAndJournals_recordsLandOnceWhenBack(
      boolean sticky, @TempDir Path journal) throws Exception {
    Postgres.requireReachable();
    String prefix = Postgres.freshPrefix("dn");
    PipelineSettings settings =
        PipelineSettings.builder()
            .journalDir(journal)
            .batchSize(200)
            .flushInterval(Duration.ofMillis(50))
            .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
            .spillAfter(Duration.ofMillis(500))
            .build();
    try (TcpProxy proxy = TcpProxy.start(Postgres.HOST, Postgres.PORT)) {
      proxy.refuse(true);
      long startNanos = System.nanoTime();
      DemoApp app = DemoApp.start(Postgres.url(proxy.port()), prefix, settings, 0, sticky);
      long startMillis = (System.nanoTime() - startNanos) / 1_000_000;
      try {
        assertThat(Postgres.tableExists(prefix + "events"))
            .as("no schema yet: the database was never reached")
            .isFalse();
        Load load = new Load(app.uri("/"), Visitor.newClient(), "dn");
        load.runFor(6, 5, 5000);
        await().atMost(Duration.ofSeconds(20)).until(() -> app.abkit().metrics().spilled() > 0);
        PipelineMetrics down = app.abkit().metrics();
        assertThat(down.journalBytes()).as("the journal holds the records").isPositive();
        assertThat(Postgres.tableExists(prefix + "events")).isFalse();

        proxy.refuse(false);
        PipelineMetrics m = Drain.drained(app.abkit(), Duration.ofSeconds(60));
        StickyRows rows =
            sticky ? StickyRows.settled(prefix, load.ackedExposures, Duration.ofSeconds(20)) : null;
        Figures f = Figures.check(prefix, load.ackedEvents, load.ackedExposures);
        f.print(
            sticky ? "database-down-at-start+sticky" : "database-down-at-start",
            load.requests.get(),
            load.p99Millis(),
            "startup="
                + startMillis
                + "ms spilled="
                + down.spilled()
                + " journalBytes="
                + down.journalBytes()
                + " replayed="
                + m.replayed()
                + (rows == null ? "" : " " + rows.describe()));

        assertThat(load.failureSamples).as("failed requests").isEmpty();
        assertThat(load.failures.get()).isZero();
        assertThat(f.acknowledged()).isGreaterThan(500);
        assertThat(f.lost()).isZero();
        assertThat(f.duplicates()).isZero();
        assertThat(f.unexpected()).isZero();
        assertThat(f.wrongVariant()).isZero();
        assertThat(m.replayed()).isGreaterThanOrEqualTo(down.spilled());
        assertThat(m.dropped()).isZero();
        if (sticky) {
          assertThat(load.p99Millis())
              .as(
                  "request p99 with the sticky store while the database is down (before issue 11 item 9: 5-15 s)",
                  "down")
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
