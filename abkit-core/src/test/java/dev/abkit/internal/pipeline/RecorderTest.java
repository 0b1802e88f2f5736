package dev.abkit.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.abkit.Assignment;
import dev.abkit.Reason;
import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.pipeline.Acceptance;
import dev.abkit.pipeline.PipelineMetrics;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.pipeline.PipelineSettings.Overflow;
import dev.abkit.spi.EventStore;
import dev.abkit.store.memory.InMemoryEventStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RecorderTest {
  static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path journalDir;
  private final List<Recorder> open = new ArrayList<>();

  @AfterEach
  void closeAll() {
    open.forEach(Recorder::close);
  }

  /** An in-memory store that fails on demand. */
  static final class FlakyStore implements EventStore {
    final InMemoryEventStore inner = new InMemoryEventStore();
    final AtomicInteger failNext = new AtomicInteger();
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
    volatile boolean down;
    volatile CountDownLatch gate; // when set, writes wait for it

    @Override
    public void write(List<Observation> batch) throws Exception {
      attempts.incrementAndGet();
      CountDownLatch g = gate;
      if (g != null) {
        g.await();
      }
      if (down || failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        failures.incrementAndGet();
        throw new IOException("store unavailable (test)");
      }
      inner.write(batch);
    }
  }

  /** Quick timings on the test's journal; a test may override any of them once. */
  PipelineSettings.Builder fast() {
    return PipelineSettings.builder()
        .journalDir(journalDir)
        .flushInterval(Duration.ofMillis(5))
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(20))
        .build()
        .toBuilder();
  }

  Recorder recorder(EventStore store, PipelineSettings settings) {
    Recorder r = new Recorder(store, settings, CLOCK);
    open.add(r);
    return r;
  }

  static Assignment enrolled(String experiment, String variant) {
    return new Assignment(experiment, variant, variant, Reason.HASHED, Map.of());
  }

  static Event event(String id) {
    return new Event(id, "u-" + id, "click", NOW, null, Map.of());
  }

  long journalLines() throws IOException {
    if (!Files.isDirectory(journalDir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(journalDir)) {
      long n = 0;
      for (Path f : files.collect(Collectors.toList())) {
        n +=
            Files.readAllLines(f).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("{\"type\":\"journal\""))
                .count();
      }
      return n;
    }
  }

  @Test
  void exposure_enrolledTwice_queuedOnceWithTheClocksTime() {
    FlakyStore store = new FlakyStore();
    Recorder r = recorder(store, fast().build());
    assertThat(r.exposure("u1", enrolled("exp", "B"))).isTrue();
    assertThat(r.exposure("u1", enrolled("exp", "B"))).isFalse();
    assertThat(r.exposure("u1", enrolled("other", "A"))).isTrue();
    r.flush();
    assertThat(store.inner.exposures())
        .containsExactly(
            new Exposure("u1", "exp", "B", NOW), new Exposure("u1", "other", "A", NOW));
    PipelineMetrics m = r.metrics();
    assertThat(m.queued()).isEqualTo(2);
    assertThat(m.written()).isEqualTo(2);
    assertThat(m.duplicates()).isEqualTo(1);
  }

  @Test
  void exposure_notEnrolledOrBadInput_isNotRecordedAndNeverThrows() {
    FlakyStore store = new FlakyStore();
    Recorder r = recorder(store, fast().build());
    Assignment notIn = new Assignment("exp", null, "A", Reason.NOT_IN_TRAFFIC, Map.of());
    assertThat(r.exposure("u1", notIn)).isFalse();
    assertThat(r.exposure(null, enrolled("exp", "A"))).isFalse();
    assertThat(r.exposure(" ", enrolled("exp", "A"))).isFalse();
    assertThat(r.exposure("u1", null)).isFalse();
    assertThat(r.event(null)).isEqualTo(Acceptance.REFUSED);
    r.flush();
    assertThat(store.inner.size()).isZero();
    assertThat(r.metrics().queued()).isZero();
  }

  @Test
  void event_sameIdTwice_acceptedOnce() {
    FlakyStore store = new FlakyStore();
    Recorder r = recorder(store, fast().build());
    assertThat(r.event(event("e1"))).isEqualTo(Acceptance.ACCEPTED);
    assertThat(r.event(event("e1"))).isEqualTo(Acceptance.DUPLICATE);
    r.flush();
    assertThat(store.inner.events()).containsExactly(event("e1"));
    assertThat(r.metrics().duplicates()).isEqualTo(1);
  }

  @Test
  void manyThreads_recordConcurrently_everyRecordStoredExactlyOnce() throws Exception {
    FlakyStore store = new FlakyStore();
    Recorder r = recorder(store, fast().queueCapacity(1024).batchSize(256).build());
    int threads = 8;
    int perThread = 4000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> accepted = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      accepted.add(
          pool.submit(
              () -> {
                start.await();
                int ok = 0;
                for (int i = 0; i < perThread; i++) {
                  ok += r.event(event(id + "-" + i)) == Acceptance.ACCEPTED ? 1 : 0;
                  // every thread exposes the same 500 units: each exposure is kept once overall
                  ok += r.exposure("unit" + (i % 500), enrolled("exp", "A")) ? 1 : 0;
                }
                return ok;
              }));
    }
    start.countDown();
    int total = 0;
    for (Future<Integer> f : accepted) {
      total += f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    r.flush();
    assertThat(total).isEqualTo(threads * perThread + 500);
    assertThat(store.inner.events()).hasSize(threads * perThread);
    assertThat(store.inner.exposures()).hasSize(500);
    PipelineMetrics m = r.metrics();
    assertThat(m.written() + m.replayed()).isEqualTo(total);
    assertThat(m.queued() + m.spilled()).isEqualTo(total);
    assertThat(m.duplicates()).isEqualTo((long) threads * perThread - 500);
    assertThat(m.dropped()).isZero();
  }

  @Test
  void storeFailsTwice_batchIsRetriedAndStoredOnce() {
    FlakyStore store = new FlakyStore();
    store.failNext.set(2);
    Recorder r =
        recorder(store, fast().spillAfterFailures(5).spillAfter(Duration.ofMinutes(1)).build());
    for (int i = 0; i < 10; i++) {
      r.event(event("e" + i));
    }
    r.flush();
    assertThat(store.inner.events()).hasSize(10);
    PipelineMetrics m = r.metrics();
    assertThat(m.retriedBatches()).isEqualTo(2);
    assertThat(m.failedBatches()).isZero();
    assertThat(m.spilled()).isZero();
    assertThat(m.written()).isEqualTo(10);
  }

  @Test
  void storeDown_recordsSpillToJournal_thenReplayExactlyOnceWhenItIsBack() throws Exception {
    FlakyStore store = new FlakyStore();
    store.down = true;
    Recorder r = recorder(store, fast().spillAfterFailures(2).build());
    for (int i = 0; i < 100; i++) {
      assertThat(r.event(event("e" + i))).isEqualTo(Acceptance.ACCEPTED);
    }
    r.flush();
    assertThat(journalLines()).isEqualTo(100);
    assertThat(store.inner.size()).isZero();
    PipelineMetrics down = r.metrics();
    assertThat(down.spilled()).isEqualTo(100);
    assertThat(down.written()).isZero();
    assertThat(down.failedBatches()).isGreaterThanOrEqualTo(1);
    assertThat(down.journalBytes()).isPositive();

    store.down = false;
    await().atMost(Duration.ofSeconds(10)).until(() -> store.inner.size() == 100);
    await().atMost(Duration.ofSeconds(5)).until(() -> r.metrics().journalBytes() == 0);
    assertThat(r.metrics().replayed()).isEqualTo(100);
    assertThat(journalLines()).isZero();

    for (int i = 100; i < 150; i++) {
      r.event(event("e" + i));
    }
    r.flush();
    assertThat(store.inner.events()).hasSize(150);
    assertThat(r.metrics().written()).isEqualTo(50);
    Set<String> ids = new HashSet<>();
    store.inner.events().forEach(e -> ids.add(e.id()));
    assertThat(ids).hasSize(150);
  }

  @Test
  void journalLeftByACrash_isReplayedAtStartup_skippingItsTornLastLine() throws Exception {
    Files.createDirectories(journalDir);
    StringBuilder sb = new StringBuilder();
    JsonLines.append(sb, event("a"));
    JsonLines.append(sb, new Exposure("u1", "exp", "B", NOW));
    sb.append("{\"type\":\"event\",\"id\":\"torn"); // the crash hit mid-line
    Files.writeString(journalDir.resolve("journal-0000000000001-000001-0000.jsonl"), sb);

    FlakyStore store = new FlakyStore();
    Recorder r = recorder(store, fast().build());
    await().atMost(Duration.ofSeconds(10)).until(() -> store.inner.size() == 2);
    assertThat(store.inner.all()).containsExactly(event("a"), new Exposure("u1", "exp", "B", NOW));
    await().atMost(Duration.ofSeconds(5)).until(() -> journalLines() == 0);
    assertThat(r.metrics().replayed()).isEqualTo(2);
    assertThat(r.metrics().skipped()).as("the torn line, counted").isEqualTo(1);
  }

  @Test
  void abruptStop_recordsSpilledByOneRecorder_landViaTheNextOnTheSameDir() throws Exception {
    FlakyStore dead = new FlakyStore();
    dead.down = true;
    Recorder first = recorder(dead, fast().spillAfterFailures(1).build());
    for (int i = 0; i < 30; i++) {
      first.event(event("e" + i));
    }
    first.flush();
    assertThat(journalLines()).isEqualTo(30);
    // while the first is alive its journal is its own: a second recorder must not take it
    FlakyStore second = new FlakyStore();
    Recorder other = recorder(second, fast().build());
    other.flush();
    assertThat(second.inner.size()).isZero();
    other.close();

    first.close(); // the store is still down: its journal stays for the next start
    assertThat(journalLines()).isEqualTo(30);
    FlakyStore healthy = new FlakyStore();
    Recorder next = recorder(healthy, fast().build());
    await().atMost(Duration.ofSeconds(10)).until(() -> healthy.inner.size() == 30);
    assertThat(next.metrics().replayed()).isEqualTo(30);
  }

  @Test
  void close_flushesWhatIsQueued() {
    FlakyStore store = new FlakyStore();
    Recorder r = new Recorder(store, fast().flushInterval(Duration.ofSeconds(30)).build(), CLOCK);
    for (int i = 0; i < 1000; i++) {
      r.event(event("e" + i));
    }
    r.close();
    assertThat(store.inner.events()).hasSize(1000);
    assertThat(r.metrics().written()).isEqualTo(1000);
    assertThat(r.event(event("late"))).isEqualTo(Acceptance.REFUSED);
    assertThat(r.metrics().dropped()).isEqualTo(1);
  }

  @Test
  @Timeout(30) // a hang guard only: the assertions below do not depend on timing
  void close_storeStuckFailing_journalsWhatIsLeftWithinTheTimeout() throws Exception {
    FlakyStore store = new FlakyStore();
    store.down = true;
    Recorder r =
        new Recorder(
            store,
            fast()
                .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(50))
                .spillAfterFailures(1000)
                .spillAfter(Duration.ofMinutes(10))
                .closeTimeout(Duration.ofMillis(300))
                .build(),
            CLOCK);
    for (int i = 0; i < 20; i++) {
      r.event(event("e" + i));
    }
    r.close();
    // with 1000 attempts and 10 minutes allowed, only close()'s timeout can have spilled the batch
    assertThat(store.attempts.get()).isLessThan(1000);
    assertThat(r.metrics().failedBatches()).isPositive();
    assertThat(journalLines()).isEqualTo(20);
    assertThat(r.metrics().spilled()).isEqualTo(20);
    assertThat(r.metrics().dropped()).isZero();

    FlakyStore healthy = new FlakyStore();
    recorder(healthy, fast().build());
    await().atMost(Duration.ofSeconds(10)).until(() -> healthy.inner.size() == 20);
  }

  @Test
  void noJournal_storeDownAtClose_recordsAreCountedDropped() {
    FlakyStore store = new FlakyStore();
    store.down = true;
    Recorder r =
        new Recorder(store, fast().noJournal().closeTimeout(Duration.ofMillis(200)).build(), CLOCK);
    for (int i = 0; i < 5; i++) {
      r.event(event("e" + i));
    }
    r.close();
    assertThat(r.metrics().dropped()).isEqualTo(5);
    assertThat(r.metrics().written()).isZero();
    assertThat(journalDir).isEmptyDirectory();
  }

  @Test
  void durable_recordIsInTheJournalBeforeTheCallReturns() throws Exception {
    FlakyStore store = new FlakyStore();
    store.gate = new CountDownLatch(1); // the store hangs: only the journal can hold the record
    Recorder r = recorder(store, fast().durable(true).build());
    assertThat(r.event(event("d1"))).isEqualTo(Acceptance.ACCEPTED);
    assertThat(journalLines()).isEqualTo(1);
    assertThat(store.inner.size()).isZero();

    store.gate.countDown();
    r.flush();
    assertThat(store.inner.events()).containsExactly(event("d1"));
    assertThat(r.metrics().journalBytes()).isZero(); // emptied once stored
    assertThat(journalLines()).isZero();
  }

  @Test
  void durable_idleWriter_isWokenByTheRecordRatherThanItsFlushInterval() {
    FlakyStore store = new FlakyStore();
    Recorder r =
        recorder(
            store,
            fast()
                .durable(true)
                .flushInterval(Duration.ofMinutes(1)) // an idle writer sleeps this long
                .closeTimeout(Duration.ofSeconds(5)) // a caller gives up (REFUSED) after this
                .build());
    r.flush(); // the writer is idle now
    for (int i = 0; i < 3; i++) {
      assertThat(r.event(event("w" + i))).isEqualTo(Acceptance.ACCEPTED);
    }
    r.flush();
    assertThat(store.inner.events()).hasSize(3);
  }

  /** A store that is down, and whose ping hangs (until released) as a connection pool's does. */
  static final class HangingPingStore implements EventStore {
    final InMemoryEventStore inner = new InMemoryEventStore();
    final AtomicInteger pings = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean down = true;

    @Override
    public void write(List<Observation> batch) throws Exception {
      if (down) {
        throw new IOException("store unavailable (test)");
      }
      inner.write(batch);
    }

    @Override
    public void ping() throws Exception {
      pings.incrementAndGet();
      release.await();
      if (down) {
        throw new IOException("store unavailable (test)");
      }
    }
  }

  @Test
  void durable_storeDownWithAHangingPing_callsAreJournaledWithoutWaitingForTheProbe()
      throws Exception {
    HangingPingStore store = new HangingPingStore();
    Recorder r = recorder(store, fast().durable(true).closeTimeout(Duration.ofSeconds(2)).build());
    assertThat(r.event(event("first"))).isEqualTo(Acceptance.ACCEPTED); // fails, starts spilling
    await().atMost(Duration.ofSeconds(10)).until(() -> store.pings.get() > 0);

    // the probe hangs until released; were it on the writer thread, no durable call could be
    // journaled meanwhile, and each would be refused when its closeTimeout ran out
    for (int i = 0; i < 20; i++) {
      assertThat(r.event(event("during-" + i))).isEqualTo(Acceptance.ACCEPTED);
    }
    assertThat(store.release.getCount()).as("the probe is still hanging").isEqualTo(1);
    assertThat(store.pings.get()).isEqualTo(1);

    store.down = false;
    store.release.countDown();
    await().atMost(Duration.ofSeconds(20)).until(() -> store.inner.size() == 21);
    r.flush();
    assertThat(store.inner.events()).hasSize(21);
    assertThat(r.metrics().replayed()).isGreaterThanOrEqualTo(21);
  }

  @Test
  void durable_killMinus9_losesNothingAcknowledged() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                DurableChild.class.getName(),
                journalDir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    Set<String> acked = new HashSet<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acked.size() < 300 && (line = out.readLine()) != null) {
        acked.add(line);
      }
      child.destroyForcibly(); // SIGKILL
      child.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(acked).hasSize(300);

    FlakyStore store = new FlakyStore();
    recorder(store, fast().build());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(store.inner.events().stream().map(Event::id).collect(Collectors.toSet()))
                    .containsAll(acked));
  }

  /** Records events in durable mode against a dead store, printing each acknowledged id. */
  public static final class DurableChild {
    public static void main(String[] args) {
      FlakyStore dead = new FlakyStore();
      dead.down = true;
      Recorder r =
          new Recorder(
              dead,
              PipelineSettings.builder().journalDir(Path.of(args[0])).durable(true).build(),
              Clock.systemUTC());
      for (int i = 0; ; i++) {
        if (r.event(new Event("k" + i, "u", "click", Instant.now(), null, Map.of()))
            == Acceptance.ACCEPTED) {
          System.out.println("k" + i);
          System.out.flush();
        }
      }
    }
  }

  @Test
  void overflowDrop_queueFull_dropsAndCountsExactly() throws Exception {
    FlakyStore store = new FlakyStore();
    store.gate = new CountDownLatch(1);
    Recorder r =
        recorder(store, fast().queueCapacity(4).batchSize(1).overflow(Overflow.DROP).build());
    assertThat(r.event(event("first"))).isEqualTo(Acceptance.ACCEPTED);
    await().atMost(Duration.ofSeconds(5)).until(() -> store.attempts.get() == 1); // writer busy
    for (int i = 0; i < 4; i++) {
      assertThat(r.event(event("q" + i))).isEqualTo(Acceptance.ACCEPTED);
    }
    assertThat(r.metrics().queueDepth()).isEqualTo(4);
    for (int i = 0; i < 3; i++) {
      assertThat(r.event(event("x" + i))).isEqualTo(Acceptance.REFUSED);
    }
    assertThat(r.metrics().dropped()).isEqualTo(3);
    // a dropped event was not remembered as seen: it can be recorded later
    store.gate.countDown();
    r.flush();
    assertThat(r.event(event("x0"))).isEqualTo(Acceptance.ACCEPTED);
    r.flush();
    assertThat(store.inner.events()).hasSize(6);
    assertThat(r.metrics().queued()).isEqualTo(6);
    assertThat(journalLines()).isZero();
  }

  @Test
  void overflowBlockThenSpill_queueFull_spillsToTheJournalAndLandsLater() throws Exception {
    FlakyStore store = new FlakyStore();
    store.gate = new CountDownLatch(1);
    Recorder r =
        recorder(
            store,
            fast().queueCapacity(4).batchSize(1).overflowTimeout(Duration.ofMillis(1)).build());
    r.event(event("first"));
    await().atMost(Duration.ofSeconds(5)).until(() -> store.attempts.get() == 1);
    for (int i = 0; i < 7; i++) {
      assertThat(r.event(event("q" + i))).isEqualTo(Acceptance.ACCEPTED);
    }
    PipelineMetrics m = r.metrics();
    assertThat(m.queued()).isEqualTo(5);
    assertThat(m.spilled()).isEqualTo(3);
    assertThat(m.dropped()).isZero();
    assertThat(journalLines()).isEqualTo(3);

    store.gate.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> store.inner.size() == 8);
    await().atMost(Duration.ofSeconds(5)).until(() -> r.metrics().replayed() == 3);
    assertThat(r.metrics().written()).isEqualTo(5);
  }

  @Test
  void storeFailure_isLoggedOncePerStreak() throws Exception {
    FlakyStore store = new FlakyStore();
    store.down = true;
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Recorder r = recorder(store, fast().spillAfterFailures(2).batchSize(1).build());
      for (int i = 0; i < 20; i++) {
        r.event(event("e" + i));
        r.flush();
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> store.failures.get() >= 10);
    } finally {
      System.setErr(err);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log.split("store unavailable \\(test\\)", -1)).hasSize(2); // exactly one stack trace
  }
}
