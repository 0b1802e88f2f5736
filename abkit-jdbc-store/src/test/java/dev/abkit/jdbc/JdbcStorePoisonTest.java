package dev.abkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.AbKit;
import dev.abkit.event.Event;
import dev.abkit.pipeline.Acceptance;
import dev.abkit.pipeline.PipelineMetrics;
import dev.abkit.pipeline.PipelineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 11 item 2b on every database: one record the database refuses as bad data, among thousands
 * of good ones, is quarantined and the rest is stored.
 *
 * <p>The refusal is real, not simulated: {@link Event} now refuses at construction everything we
 * know these databases cannot hold (years beyond 9999, numbers beyond a double, lone surrogates,
 * NUL), so the test plants a CHECK constraint that refuses one event id, as a DBA's constraint or a
 * column narrower than abkit's would. Each database answers with its own integrity-constraint
 * SQLState (PostgreSQL 23514, MariaDB 23000 with error 4025, H2 23513), which {@code JdbcStore}
 * reports as {@link dev.abkit.spi.RecordRejectedException}.
 */
class JdbcStorePoisonTest {
  private static final String MANIFEST =
      "[{\"test_id\": \"exp\", \"variants\": {\"A\": \"a\", \"B\": \"b\"},"
          + " \"target_event\": \"click\"}]";
  private static final int TOTAL = 3_000;
  private static final String POISON = "e1717";

  private TestDatabase db;
  private String prefix;

  @TempDir Path journal;

  @AfterEach
  void tearDown() throws Exception {
    if (db != null) {
      db.dropTables(prefix);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void poisonAmongThousands_onlyPoisonQuarantined_restStored(TestDatabase database)
      throws Exception {
    database.requireReachable();
    db = database;
    prefix = TestDatabase.freshPrefix();
    JdbcStore store = db.store(prefix).build();
    store.ping(); // creates the schema
    db.execute(
        "alter table "
            + prefix
            + "events add constraint "
            + prefix
            + "no_poison check (id <> '"
            + POISON
            + "')");
    PipelineSettings settings =
        PipelineSettings.builder()
            .batchSize(500)
            .flushInterval(Duration.ofMillis(10))
            .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(100))
            .journalDir(journal)
            .build();
    Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
    PipelineMetrics m;
    try (AbKit abkit =
        AbKit.builder().manifestJson(MANIFEST).eventStore(store).pipeline(settings).build()) {
      for (int i = 0; i < TOTAL; i++) {
        assertThat(
                abkit.track(
                    new Event("e" + i, "u" + i % 300, "click", t0.plusMillis(i), null, Map.of())))
            .isEqualTo(Acceptance.ACCEPTED);
      }
      abkit.flush();
      m = abkit.metrics();
      // the pipeline is still moving: a later event is stored at once
      abkit.track(new Event("after", "u1", "click", t0, null, Map.of()));
      abkit.flush();
      assertThat(abkit.metrics().written()).isEqualTo(TOTAL);
    }
    assertThat(db.count("select count(*) from " + prefix + "events")).isEqualTo(TOTAL);
    assertThat(db.count("select count(*) from " + prefix + "events where id = '" + POISON + "'"))
        .isZero();
    assertThat(m.quarantined()).isEqualTo(1);
    assertThat(m.written()).isEqualTo(TOTAL - 1);
    assertThat(m.spilled()).isZero();
    assertThat(m.dropped()).isZero();
    List<String> dead = Files.readAllLines(journal.resolve("dead-letter.jsonl"));
    assertThat(dead).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(dead.get(0));
    assertThat(line.get("record").get("id").asText()).isEqualTo(POISON);
    assertThat(line.get("error").asText()).startsWith("the database refused the data: ");
  }
}
