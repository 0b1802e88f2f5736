package dev.abkit.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.examples.ChildJvm;
import dev.abkit.examples.Main;
import dev.abkit.examples.kafka.InProcessKafka;
import dev.abkit.kafka.KafkaEventStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: two {@code abkit ingest} workers (JVMs of their own) share the topic's partitions while
 * they move records into PostgreSQL; one is killed with {@code kill -9} mid-stream and started
 * again: the store ends up with every produced record exactly once. The dead worker's last batches
 * may have been stored but not committed, so a worker gets them again, and the store's unique keys
 * keep one copy. Both running workers are then stopped with SIGTERM and must stop cleanly: the
 * closing line printed last, exit status 143.
 */
@Tag("reliability")
class IngestKillTest {
  private static final int EVENTS = 60_000;
  private static final int UNITS = 1_000;
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

  @Test
  void workerKilledMidStreamAndReplaced_everyProducedRecordStoredExactlyOnce(@TempDir Path dir)
      throws Exception {
    Postgres.requireReachable();
    String prefix = Postgres.freshPrefix("ik");
    String topic = "ingest-kill";
    // The topic (and the exposures) first, then both workers in the group, each with its share
    // of the partitions, and only then the events: so the worker killed below is one that works.
    produce(topic, exposures());
    Worker steady = Worker.start(dir, "steady", topic, prefix);
    try {
      Worker first = Worker.start(dir, "first", topic, prefix);
      long rowsAtKill;
      long committedAtKill;
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> membersWithPartitions(topic) == 2);
        // produced while the workers store: the kill lands mid-stream, not after the end
        CompletableFuture<Void> producing =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    produce(topic, events());
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        // mid-stream: some records stored, most not
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> eventRows(prefix) >= EVENTS / 10);
        first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no commit, no leave-group
        assertThat(first.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        // commits follow the store's: read first, they are at most what the rows show
        committedAtKill = committed(topic);
        rowsAtKill = eventRows(prefix) + Postgres.count(prefix + "exposures");
        producing.get(120, TimeUnit.SECONDS);
      } finally {
        first.process.destroyForcibly();
      }
      int produced = EVENTS + UNITS;
      assertThat(rowsAtKill).as("killed mid-stream").isGreaterThan(0).isLessThan(produced);

      long t0 = System.nanoTime();
      Worker restarted = Worker.start(dir, "restarted", topic, prefix);
      double seconds;
      try {
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> eventRows(prefix) == EVENTS && Postgres.count(prefix + "exposures") == UNITS);
        seconds = (System.nanoTime() - t0) / 1e9;
      } finally {
        assertStopsCleanly(restarted);
      }
      assertStopsCleanly(steady);
      assertThat(storedBy(steady))
          .as("records the steady worker stored: it shared the topic")
          .isPositive();

      Map<String, Integer> events = Postgres.eventRows(prefix);
      assertThat(events).hasSize(EVENTS);
      assertThat(events.values()).allMatch(n -> n == 1);
      Map<String, Integer> exposures = Postgres.exposureRows(prefix);
      assertThat(exposures).hasSize(UNITS);
      assertThat(exposures.values()).allMatch(n -> n == 1);
      System.out.printf(
          "[ingest-kill] %d records produced; two workers sharing 4 partitions, one killed with"
              + " %d records stored and %d offsets committed in all; stored by the steady worker"
              + " %d, by the restarted one %d; done %.1f s after the restart (the group first"
              + " waits out the dead member's 10 s session); every record stored exactly once%n",
          produced, rowsAtKill, committedAtKill, storedBy(steady), storedBy(restarted), seconds);
    } finally {
      steady.process.destroyForcibly();
      Postgres.dropTables(prefix);
    }
  }

  /**
   * SIGTERM stops a worker cleanly: its closing line last, and the exit status of a JVM ended by
   * SIGTERM (128 + 15).
   */
  private static void assertStopsCleanly(Worker w) throws IOException, InterruptedException {
    int exit = w.stop();
    assertThat(exit).as("stderr:%n%s", w.stderr()).isEqualTo(143);
    assertThat(w.lines)
        .last()
        .asString()
        .matches("abkit ingest: stored \\d+ records, 0 to the dead-letter topic, lag 0");
  }

  /** The records a stopped worker says it stored, from its closing line. */
  private static long storedBy(Worker w) {
    Matcher m =
        Pattern.compile("abkit ingest: stored (\\d+) records")
            .matcher(w.lines.get(w.lines.size() - 1));
    assertThat(m.lookingAt()).as("closing line of %s", w.lines).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static long eventRows(String prefix) throws SQLException {
    return Postgres.tableExists(prefix + "events") ? Postgres.count(prefix + "events") : 0;
  }

  private static Admin admin() {
    return Admin.create(
        Map.<String, Object>of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  /** The group's members that have partitions of the topic assigned. */
  private static long membersWithPartitions(String topic) throws Exception {
    try (Admin admin = admin()) {
      return admin
          .describeConsumerGroups(List.of("kill-group"))
          .all()
          .get()
          .get("kill-group")
          .members()
          .stream()
          .filter(
              m -> m.assignment().topicPartitions().stream().anyMatch(p -> p.topic().equals(topic)))
          .count();
    }
  }

  /** The group's committed offsets, summed over the partitions. */
  private static long committed(String topic) throws Exception {
    try (Admin admin = admin()) {
      return admin
          .listConsumerGroupOffsets("kill-group")
          .partitionsToOffsetAndMetadata()
          .get()
          .entrySet()
          .stream()
          .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset())
          .sum();
    }
  }

  private static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");

  /** One exposure per unit u0..u999. */
  private static List<Observation> exposures() {
    List<Observation> all = new ArrayList<>(UNITS);
    for (int u = 0; u < UNITS; u++) {
      all.add(new Exposure("u" + u, "layout", u % 2 == 0 ? "A" : "B", T0));
    }
    return all;
  }

  /** Events ev-0..ev-N over the 1000 units. */
  private static List<Observation> events() {
    List<Observation> all = new ArrayList<>(EVENTS);
    for (int i = 0; i < EVENTS; i++) {
      all.add(new Event("ev-" + i, "u" + (i % UNITS), "click", T0.plusMillis(i), null, Map.of()));
    }
    return all;
  }

  /** Produces {@code all} to the topic (4 partitions), as an app's pipeline writes. */
  private static void produce(String topic, List<Observation> all) throws Exception {
    try (KafkaEventStore out =
        KafkaEventStore.builder(kafka.bootstrapServers())
            .topic(topic)
            .partitions(4)
            .timeout(Duration.ofSeconds(30))
            .build()) {
      for (int from = 0; from < all.size(); from += 5_000) {
        List<Observation> batch = all.subList(from, Math.min(all.size(), from + 5_000));
        for (int attempt = 1; ; attempt++) { // a failed batch is sent again, as the pipeline does
          try {
            out.write(batch);
            break;
          } catch (Exception e) {
            if (attempt == 3) {
              throw e;
            }
          }
        }
      }
    }
  }

  /** {@code abkit ingest} in a JVM of its own, on this test's class path. */
  private static final class Worker {
    final Process process;
    final Thread reader;
    final Path log;

    /** Its standard output, line by line, as far as read. */
    final List<String> lines;

    private Worker(Process process, Thread reader, Path log, List<String> lines) {
      this.process = process;
      this.reader = reader;
      this.log = log;
      this.lines = lines;
    }

    static Worker start(Path dir, String name, String topic, String prefix)
        throws IOException, InterruptedException {
      List<String> command =
          ChildJvm.command(
              Main.class,
              "ingest",
              "--kafka-bootstrap",
              kafka.bootstrapServers(),
              "--kafka-topic",
              topic,
              "--group",
              "kill-group",
              "--jdbc-url",
              Postgres.url(Postgres.PORT),
              "--db-user",
              Postgres.USER,
              "--table-prefix",
              prefix);
      Path log = dir.resolve(name + ".log");
      Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
      CompletableFuture<Boolean> started = new CompletableFuture<>();
      List<String> lines = new CopyOnWriteArrayList<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = out.readLine()) != null) {
                    lines.add(line);
                    if (line.startsWith("abkit ingest: " + topic)) {
                      started.complete(true);
                    }
                  }
                } catch (IOException e) {
                  // the process died: its output ends here
                }
                started.complete(false);
              },
              "ingest-" + name + "-stdout");
      reader.setDaemon(true);
      reader.start();
      boolean ok;
      try {
        ok = started.get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        ok = false;
      }
      if (!ok) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "ingest worker " + name + " did not start; its stderr:\n" + Files.readString(log));
      }
      return new Worker(p, reader, log, lines);
    }

    /** SIGTERM, as an operator stopping it; returns its exit status (-1: killed after 30 s). */
    int stop() throws InterruptedException {
      // Not process.destroy(): after signalling it closes this side's end of the worker's stdout,
      // so the reader loses what the worker prints while it stops (its closing line) to "Stream
      // closed". The handle only sends the signal.
      process.toHandle().destroy();
      int exit = -1;
      if (process.waitFor(30, TimeUnit.SECONDS)) {
        exit = process.exitValue();
      } else {
        process.destroyForcibly();
      }
      reader.join(10_000);
      return exit;
    }

    String stderr() throws IOException {
      return Files.readString(log);
    }
  }
}
