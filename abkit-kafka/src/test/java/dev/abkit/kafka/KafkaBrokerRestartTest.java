package dev.abkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.abkit.AbKit;
import dev.abkit.event.Event;
import dev.abkit.event.Observation;
import dev.abkit.pipeline.Acceptance;
import dev.abkit.pipeline.PipelineMetrics;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.store.memory.InMemoryEventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stopped and started again (same port, same log directory) while an app records
 * continuously through {@link KafkaEventStore} and an ingest worker reads the topic: no tracking
 * call fails, and the ingest's store ends up with every acknowledged record exactly once.
 */
class KafkaBrokerRestartTest {
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final String MANIFEST =
      """
      {"experiments": [
        {"id": "layout", "target_event": "click", "variants": [{"key": "A"}, {"key": "B"}]}
      ]}
      """;
  private static InProcessKafka kafka;

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = InProcessKafka.start();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  /** Tracks events with ids ev-0, ev-1, ... until stopped, keeping those acknowledged. */
  private static final class Recorder implements Runnable {
    private final AbKit abkit;
    final List<Event> acknowledged = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong refused = new AtomicLong();
    final AtomicReference<Throwable> thrown = new AtomicReference<>();
    final AtomicLong slowestCallNanos = new AtomicLong();
    volatile boolean stop;

    Recorder(AbKit abkit) {
      this.abkit = abkit;
    }

    @Override
    public void run() {
      Instant t = Instant.parse("2026-12-02T09:00:00Z");
      try {
        for (int i = 0; !stop; i++) {
          Event e = new Event("ev-" + i, "u" + (i % 700), "click", t.plusMillis(i), null, Map.of());
          long t0 = System.nanoTime();
          Acceptance a = abkit.track(e);
          slowestCallNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
          if (a == Acceptance.ACCEPTED) {
            acknowledged.add(e);
          } else {
            refused.incrementAndGet();
          }
          if (i % 20 == 19) {
            Thread.sleep(5); // a steady stream, about 3,000 records/s
          }
        }
      } catch (Throwable e) {
        thrown.set(e);
      }
    }
  }

  @Test
  void everyRecordTrackedWhileTheBrokerRestartsIsStoredOnceAndNoCallFails(@TempDir Path journal)
      throws Exception {
    String topic = "restart";
    InMemoryEventStore into = new InMemoryEventStore();
    KafkaEventStore out =
        KafkaEventStore.builder(kafka.bootstrapServers())
            .topic(topic)
            .partitions(4)
            .timeout(Duration.ofSeconds(2)) // so the pipeline journals soon after the broker stops
            .build();
    PipelineSettings pipeline =
        PipelineSettings.builder()
            .journalDir(journal)
            .batchSize(500)
            .flushInterval(Duration.ofMillis(50))
            .retryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
            .spillAfterFailures(2)
            .build();
    AbKit abkit = AbKit.builder().manifestJson(MANIFEST).eventStore(out).pipeline(pipeline).build();
    KafkaIngest ingest =
        KafkaIngest.builder(kafka.bootstrapServers(), into)
            .topic(topic)
            .partitions(4)
            .group("restart-group")
            .sessionTimeout(Duration.ofSeconds(6))
            .retryBackoff(Duration.ofMillis(200))
            .build()
            .start();
    Recorder recorder = new Recorder(abkit);
    Thread recording = new Thread(recorder, "recorder");
    long downNanos;
    PipelineMetrics atRestart;
    try {
      recording.start();
      await().atMost(WAIT).until(() -> abkit.metrics().written() >= 2_000 && into.size() > 0);

      long t0 = System.nanoTime();
      kafka.stopBroker();
      // the pipeline notices (writes time out) and journals what arrives meanwhile
      await().atMost(WAIT).until(() -> abkit.metrics().spilled() >= 2_000);
      kafka.startBroker();
      downNanos = System.nanoTime() - t0;
      atRestart = abkit.metrics();

      // the journal is replayed into the restarted broker, and new records flow again
      await()
          .atMost(WAIT)
          .until(
              () ->
                  abkit.metrics().replayed() > 0
                      && abkit.metrics().journalBytes() == 0
                      && abkit.metrics().written() > atRestart.written() + 2_000);
    } finally {
      recorder.stop = true;
      recording.join(30_000);
      abkit.close();
    }
    PipelineMetrics end = abkit.metrics();
    try {
      await().atMost(WAIT).until(() -> into.size() >= recorder.acknowledged.size());
      await().atMost(WAIT).until(() -> ingest.lag() == 0);
    } finally {
      ingest.close();
      out.close();
    }

    assertThat(recorder.thrown.get()).isNull();
    assertThat(recorder.refused.get()).isZero();
    assertThat(end.dropped()).isZero();
    List<Observation> stored = into.all();
    assertThat(stored).hasSameSizeAs(recorder.acknowledged);
    assertThat(stored).containsExactlyInAnyOrderElementsOf(recorder.acknowledged);
    assertThat(ingest.deadLettered()).isZero();
    System.out.printf(
        "[kafka-restart] %d records tracked, all stored once; broker down %.1f s; %d spilled to"
            + " the journal and %d replayed; %d batches retried; %d producers replaced; %d"
            + " deliveries to the ingest store (%d again, kept once), %d failed offset commits;"
            + " slowest track() %.1f ms%n",
        recorder.acknowledged.size(),
        downNanos / 1e9,
        end.spilled(),
        end.replayed(),
        end.retriedBatches(),
        out.producersReplaced(),
        ingest.stored(),
        ingest.stored() - stored.size(),
        ingest.commitFailures(),
        recorder.slowestCallNanos.get() / 1e6);
  }
}
