package dev.abkit.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.AbKit;
import dev.abkit.event.Event;
import dev.abkit.event.Observation;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.spi.EventStore;
import dev.abkit.spi.RecordRejectedException;
import dev.abkit.spring.AbKitProperties.StoreType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status the {@code abkit} health contributor reports, for each state of store and pipeline.
 */
class PipelineHealthCheckTest {
  static final String MANIFEST =
      "{\"experiments\": [{\"id\": \"exp\", \"variants\": [{\"key\": \"A\"}, {\"key\": \"B\"}],"
          + " \"target_event\": \"click\"}]}";

  /** Refuses events named "refused" as bad data; its ping fails while {@link #down} is set. */
  static final class Store implements EventStore {
    final AtomicBoolean down = new AtomicBoolean();

    @Override
    public void write(List<Observation> batch) throws Exception {
      if (down.get()) {
        throw new java.sql.SQLException("connection refused", "08001");
      }
      for (Observation o : batch) {
        if (o instanceof Event e && e.name().equals("refused")) {
          throw new RecordRejectedException("constraint abkit_no_refused", null);
        }
      }
    }

    @Override
    public void ping() throws Exception {
      if (down.get()) {
        throw new java.sql.SQLException("connection refused", "08001");
      }
    }
  }

  @TempDir Path journal;
  final Store store = new Store();
  Instant now = Instant.parse("2026-01-01T00:00:00Z");
  final Clock clock =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  AbKit abkit;
  PipelineHealthCheck check;

  @BeforeEach
  void start() {
    abkit =
        AbKit.builder()
            .manifestJson(MANIFEST)
            .eventStore(store)
            .pipeline(
                PipelineSettings.builder()
                    .journalDir(journal)
                    .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
                    .spillAfterFailures(1)
                    .build())
            .build();
    check = new PipelineHealthCheck(abkit, AbKitStore.of(StoreType.JDBC, store, null), clock);
  }

  @AfterEach
  void stop() {
    store.down.set(false);
    abkit.close();
  }

  @Test
  void upWhileTheStoreAnswersAndTakesEveryRecord() {
    abkit.track("u1", "click");
    abkit.flush();
    PipelineHealth h = check.check();
    assertThat(h.status()).isEqualTo("UP");
    assertThat(h.details())
        .containsEntry("store", "jdbc")
        .containsEntry("written", 1L)
        .containsEntry("pipeline", "writing to the store");
  }

  @Test
  void downWhileTheStoreIsUnreachableAndRecordsAreJournaled() throws Exception {
    store.down.set(true);
    abkit.track("u1", "click");
    PipelineHealth h = check.check();
    assertThat(h.status()).isEqualTo("DOWN");
    assertThat(h.details())
        .containsEntry("pipeline", "journaling")
        .containsEntry("error", "SQLException: connection refused");
    store.down.set(false);
    assertThat(check.check().status()).isEqualTo("UP");
  }

  @Test
  void outOfServiceForTheWindowAfterARecordIsQuarantined() {
    abkit.track("u1", "refused");
    abkit.track("u2", "click");
    abkit.flush();
    assertThat(abkit.metrics().quarantined()).isEqualTo(1);
    PipelineHealth h = check.check();
    assertThat(h.status()).isEqualTo("OUT_OF_SERVICE");
    assertThat(h.details())
        .containsEntry("quarantined", 1L)
        .containsEntry("lastQuarantineSeen", "2026-01-01T00:00:00Z");

    now = now.plus(PipelineHealthCheck.QUARANTINE_WINDOW).minusSeconds(1);
    assertThat(check.check().status()).isEqualTo("OUT_OF_SERVICE");
    now = now.plusSeconds(1);
    assertThat(check.check().status()).as("the window has passed").isEqualTo("UP");

    // a new quarantined record opens the window again, from the check that sees it
    abkit.track("u3", "refused");
    abkit.flush();
    assertThat(check.check().status()).isEqualTo("OUT_OF_SERVICE");
  }

  @Test
  void anUnreachableStoreOutranksQuarantine() {
    abkit.track("u1", "refused");
    abkit.flush();
    store.down.set(true);
    assertThat(check.check().status()).isEqualTo("DOWN");
    store.down.set(false);
    assertThat(check.check().status()).isEqualTo("OUT_OF_SERVICE");
  }

  @Test
  void withoutAStoreNothingIsRecordedAndTheCheckIsUp() {
    try (AbKit none = AbKit.builder().manifestJson(MANIFEST).build()) {
      PipelineHealth h =
          new PipelineHealthCheck(none, AbKitStore.of(StoreType.NONE, null, null), clock).check();
      assertThat(h.status()).isEqualTo("UP");
      assertThat(h.details()).containsEntry("store", "none");
    }
  }

  @Test
  void anApplicationsOwnAbKitIsJudgedByItsCountersOnly() {
    PipelineHealthCheck custom = new PipelineHealthCheck(abkit, null, clock);
    store.down.set(true);
    assertThat(custom.check().status()).as("cannot ping a store it does not know").isEqualTo("UP");
    store.down.set(false);
    abkit.track("u1", "refused");
    abkit.flush();
    PipelineHealth h = custom.check();
    assertThat(h.status()).isEqualTo("OUT_OF_SERVICE");
    assertThat(h.details()).containsEntry("store", "custom");
  }
}
