package dev.abkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.abkit.AbKit;
import dev.abkit.event.Event;
import dev.abkit.pipeline.Acceptance;
import dev.abkit.pipeline.PipelineMetrics;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.testing.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through abkit's pipeline: PostgreSQL becomes unreachable (a {@link TcpProxy} cuts it
 * off) in the middle of a stream of events; the pipeline retries, spills to its journal, and
 * replays once the database is back. Every event lands exactly once.
 */
class JdbcStorePipelineTest {
  private static final String MANIFEST =
      "[{\"test_id\": \"exp\", \"variants\": {\"A\": \"a\", \"B\": \"b\"},"
          + " \"target_event\": \"click\"}]";

  private final TestDatabase db = TestDatabase.POSTGRESQL;
  private String prefix;
  private TcpProxy proxy;

  @TempDir Path journal;

  @BeforeEach
  void setUp() throws Exception {
    db.requireReachable();
    prefix = TestDatabase.freshPrefix();
    proxy = TcpProxy.start("127.0.0.1", 5432);
  }

  @AfterEach
  void tearDown() throws Exception {
    proxy.close();
    db.dropTables(prefix);
  }

  private long distinctEvents() throws Exception {
    return db.count("select count(distinct id) from " + prefix + "events");
  }

  private long events() throws Exception {
    return db.count("select count(*) from " + prefix + "events");
  }

  @Test
  void track_databaseCutMidStream_everyEventLandsExactlyOnce() throws Exception {
    JdbcStore store =
        JdbcStore.builder()
            .url("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?connectTimeout=2")
            .username(db.user)
            .password(db.password)
            .tablePrefix(prefix)
            .createSchema(true)
            .maximumPoolSize(2)
            .connectionTimeout(Duration.ofMillis(500))
            .build();
    PipelineSettings settings =
        PipelineSettings.builder()
            .batchSize(200)
            .flushInterval(Duration.ofMillis(20))
            .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
            .spillAfterFailures(2)
            .journalDir(journal)
            .build();
    Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
    int total = 3000;
    try (AbKit abkit =
        AbKit.builder().manifestJson(MANIFEST).eventStore(store).pipeline(settings).build()) {
      for (int i = 0; i < total; i++) {
        if (i == 1000) {
          abkit.flush();
          proxy.cut();
        }
        if (i == 2000) {
          abkit.flush(); // stored or journaled: with the database cut, journaled
          proxy.restore();
        }
        assertThat(
                abkit.track(
                    new Event("e" + i, "u" + i % 300, "click", t0.plusMillis(i), null, Map.of())))
            .isEqualTo(Acceptance.ACCEPTED);
      }
      abkit.flush();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(() -> assertThat(distinctEvents()).isEqualTo(total));
      PipelineMetrics m = abkit.metrics();
      assertThat(m.spilled()).as("spilled while cut").isPositive();
      assertThat(m.replayed()).as("replayed once back").isPositive();
      assertThat(m.dropped()).isZero();
    }

    assertThat(events()).isEqualTo(total);
    assertThat(distinctEvents()).isEqualTo(total);
  }
}
