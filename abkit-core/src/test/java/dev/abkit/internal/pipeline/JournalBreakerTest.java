package dev.abkit.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.abkit.event.Event;
import dev.abkit.pipeline.Acceptance;
import dev.abkit.pipeline.PipelineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 item 7: durable mode with a broken journal fails fast, and recovers through probes. */
class JournalBreakerTest {
  private static final long MS = 1_000_000L;

  @TempDir Path tmp;

  @Test
  void breaker_opensOnFailure_letsOneProbeThroughPerInterval_closesOnSuccess() {
    AtomicLong now = new AtomicLong(1_000 * MS);
    JournalBreaker b = new JournalBreaker(new Backoff(100 * MS, 400 * MS), now::get);
    assertThat(b.allow()).isTrue();

    b.failed();
    assertThat(b.isOpen()).isTrue();
    assertThat(b.allow()).isFalse();
    now.addAndGet(99 * MS);
    assertThat(b.allow()).isFalse();
    now.addAndGet(MS);
    assertThat(b.allow()).as("the probe").isTrue();
    assertThat(b.allow()).as("only one probe").isFalse();

    b.failed(); // the probe failed: the interval doubles
    now.addAndGet(199 * MS);
    assertThat(b.allow()).isFalse();
    now.addAndGet(MS);
    assertThat(b.allow()).isTrue();

    b.succeeded();
    assertThat(b.isOpen()).isFalse();
    assertThat(b.allow()).isTrue();
    assertThat(b.allow()).isTrue();
  }

  @Test
  void breaker_probeThatNeverReports_doesNotKeepItStuck() {
    AtomicLong now = new AtomicLong();
    JournalBreaker b = new JournalBreaker(new Backoff(100 * MS, 400 * MS), now::get);
    b.failed();
    now.addAndGet(100 * MS);
    assertThat(b.allow()).isTrue(); // this probe's record never reaches the journal
    now.addAndGet(100 * MS);
    assertThat(b.allow()).as("the next probe is due one interval later").isTrue();
  }

  @Test
  void durable_brokenJournal_refusesAtOnce_thenRecoversWhenTheJournalWorks() throws Exception {
    // the journal directory is a regular file: every journal write fails (as on a full disk)
    Path journalDir = tmp.resolve("journal");
    Files.writeString(journalDir, "not a directory");
    // load the journal's JSON encoder first: on a busy machine its first use can take seconds,
    // which would time out the first record instead of failing its journal write
    assertThat(JsonLines.encode(event("warm-up"))).contains("warm-up");
    RecorderTest.FlakyStore store = new RecorderTest.FlakyStore();
    store.gate = new CountDownLatch(1); // and the store is slow: writes wait
    PipelineSettings settings =
        PipelineSettings.builder()
            .durable(true)
            .journalDir(journalDir)
            .flushInterval(Duration.ofMillis(5))
            .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
            .closeTimeout(Duration.ofSeconds(5))
            .build();
    try (Recorder r = new Recorder(store, settings, RecorderTest.CLOCK)) {
      assertThat(r.event(event("first")))
          .as("its journal write failed: not acknowledged")
          .isEqualTo(Acceptance.REFUSED);
      long start = System.nanoTime();
      for (int i = 0; i < 20; i++) {
        assertThat(r.event(event("e" + i))).isEqualTo(Acceptance.REFUSED);
      }
      long tookMillis = (System.nanoTime() - start) / MS;
      // without the breaker each of these waited closeTimeout (5 s) for the writer, stuck on
      // the slow store behind the unjournaled first record
      assertThat(tookMillis).as("20 refusals took %d ms", tookMillis).isLessThan(2_000);
      assertThat(r.metrics().dropped()).isGreaterThanOrEqualTo(19);

      Files.delete(journalDir); // the disk has room again
      store.gate.countDown();
      store.gate = null;
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> r.event(event("later-" + System.nanoTime())) == Acceptance.ACCEPTED);
      assertThat(r.event(event("after"))).isEqualTo(Acceptance.ACCEPTED);
      r.flush();
    }
    assertThat(store.inner.events()).extracting(Event::id).contains("first", "after");
  }

  private static Event event(String id) {
    return new Event(id, "u1", "click", RecorderTest.NOW, null, Map.of());
  }
}
