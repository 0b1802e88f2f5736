package dev.abkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.AbKit;
import dev.abkit.Assignment;
import dev.abkit.analysis.ExperimentResult;
import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.examples.ChildJvm;
import dev.abkit.examples.Main;
import dev.abkit.examples.demo.DemoOptions;
import dev.abkit.examples.demo.DemoServer;
import dev.abkit.examples.demo.LoadTest;
import dev.abkit.examples.kafka.InProcessKafka;
import dev.abkit.jdbc.JdbcStore;
import dev.abkit.kafka.KafkaEventStore;
import dev.abkit.kafka.KafkaIngest;
import dev.abkit.store.file.FileEventStore;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code abkit ingest} against a real single-node KRaft broker started in this JVM. */
class IngestCommandTest {
  private static final String SIGTERM_TOPIC = "sigterm-records";
  private static final String SIGTERM_GROUP = "sigterm-group";
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
  void ingestMovesEveryRecordFromTheTopicIntoTheFileStoreUntilStopped(@TempDir Path dir)
      throws Exception {
    Instant t = Instant.parse("2026-11-23T10:00:00Z");
    List<Observation> sent = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      sent.add(new Exposure("u" + i, "exp", i % 2 == 0 ? "A" : "B", t));
      sent.add(new Event("e" + i, "u" + i, "kpi_click", t.plusSeconds(1), null, Map.of()));
    }
    try (KafkaEventStore out =
        KafkaEventStore.builder(kafka.bootstrapServers())
            .topic("cli-records")
            .timeout(Duration.ofSeconds(30))
            .build()) {
      for (int attempt = 1; ; attempt++) { // a failed batch is sent again, as the pipeline does
        try {
          out.write(sent);
          break;
        } catch (Exception e) {
          if (attempt == 3) {
            throw e;
          }
        }
      }
    }
    AtomicReference<Cli.Run> run = new AtomicReference<>();
    Thread worker =
        new Thread(
            () ->
                run.set(
                    Cli.run(
                        "ingest",
                        "--kafka-bootstrap",
                        kafka.bootstrapServers(),
                        "--kafka-topic",
                        "cli-records",
                        "--group",
                        "cli-group",
                        "--data-dir",
                        dir.toString())));
    worker.start();
    FileEventStore files = FileEventStore.open(dir);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              List<Observation> seen = new ArrayList<>();
              files.scan(seen::add);
              return seen.size() == sent.size();
            });
    worker.interrupt(); // as Ctrl-C would: the command closes the ingest and the store
    worker.join(30_000);
    assertThat(worker.isAlive()).isFalse();
    List<Observation> stored = new ArrayList<>();
    files.scan(stored::add);
    assertThat(stored).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(run.get().out())
        .contains("abkit ingest: cli-records at " + kafka.bootstrapServers())
        .contains("stored 400 records, 0 to the dead-letter topic");
  }

  /**
   * Issue 16's end to end: the demo writing to Kafka, an ingest worker filling the demo's database,
   * and the load test against the demo. Once the ingest has caught up, the database holds exactly
   * what the load test saw acknowledged: one exposure per enrolled (visitor, experiment) a route
   * reported, one event per 202.
   */
  @Test
  void loadtestThroughKafkaAndIngest_storedCountsEqualWhatTheLoadtestSawAcknowledged(
      @TempDir Path dir) throws Exception {
    DemoOptions options = DemoOptions.embedded(dir);
    try (DemoServer demo = DemoServer.start(options, kafka.bootstrapServers(), "load-records");
        JdbcStore db = JdbcStore.builder().url(options.effectiveJdbcUrl()).build();
        KafkaIngest ingest =
            KafkaIngest.builder(kafka.bootstrapServers(), db)
                .topic("load-records")
                .group("load-group")
                .build()
                .start()) {
      HttpClient http = HttpClient.newHttpClient();
      JsonNode before = counts(http, demo);
      LoadTest.Report report =
          new LoadTest(
                  new LoadTest.Settings(4, Duration.ofSeconds(5), 4_000),
                  demo.baseUri(),
                  demo.token())
              .run();
      assertThat(report.total().errors()).isZero();
      assertThat(report.exposuresAcknowledged()).isPositive();
      assertThat(report.eventsAccepted()).isPositive();
      long exposures = report.exposuresAcknowledged();
      long events = report.eventsAccepted();
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> {
                JsonNode now = counts(http, demo);
                return stored(now, before, "exposures") >= exposures
                    && stored(now, before, "events") >= events;
              });
      await().atMost(Duration.ofSeconds(60)).until(() -> ingest.lag() == 0);
      JsonNode after = counts(http, demo);
      assertThat(stored(after, before, "exposures")).isEqualTo(exposures);
      assertThat(stored(after, before, "events")).isEqualTo(events);
      System.out.printf(
          "[kafka-loadtest] %d requests in %.1f s; %d exposures and %d events acknowledged, the"
              + " same stored through Kafka and the ingest (%d records it stored, re-sends"
              + " included)%n",
          report.total().requests(),
          report.elapsed().toNanos() / 1e9,
          exposures,
          events,
          ingest.stored());
    }
  }

  private static JsonNode counts(HttpClient http, DemoServer demo) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(demo.uri(DemoServer.COUNTS))
                .header("Authorization", "Bearer " + demo.token())
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new ObjectMapper().readTree(r.body());
  }

  private static long stored(JsonNode now, JsonNode before, String what) {
    return now.path(what).asLong() - before.path(what).asLong();
  }

  @Test
  void demoWithKafkaWritesToTheTopicAndReadsResultsFromTheDatabaseTheIngestFills(@TempDir Path dir)
      throws Exception {
    DemoOptions options = DemoOptions.embedded(dir);
    try (DemoServer demo = DemoServer.start(options, kafka.bootstrapServers(), "demo-records");
        JdbcStore db = JdbcStore.builder().url(options.effectiveJdbcUrl()).build();
        KafkaIngest ingest =
            KafkaIngest.builder(kafka.bootstrapServers(), db)
                .topic("demo-records")
                .group("demo-group")
                .build()
                .start()) {
      AbKit abkit = demo.abkit();
      for (int i = 0; i < 100; i++) {
        Assignment a = abkit.assign("kpi_scorecard_layout", "visitor-" + i);
        assertThat(abkit.logExposure("visitor-" + i, a)).isTrue();
      }
      abkit.flush();
      // written by the pipeline (at once, or from its journal after a failed first batch)
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> abkit.metrics().written() + abkit.metrics().replayed() >= 100);
      await().atMost(Duration.ofSeconds(60)).until(() -> ingest.stored() >= 100);
      ExperimentResult r = abkit.results("kpi_scorecard_layout");
      assertThat(r.variants().stream().mapToLong(v -> v.exposures()).sum()).isEqualTo(100);
    }
  }

  @Test
  void ingestNeedsTheBootstrapAndExactlyOneStore(@TempDir Path dir) {
    Cli.Run noBootstrap = Cli.run("ingest", "--data-dir", dir.toString());
    assertThat(noBootstrap.exitCode()).isEqualTo(2);
    assertThat(noBootstrap.err()).contains("--kafka-bootstrap");

    Cli.Run noStore = Cli.run("ingest", "--kafka-bootstrap", "127.0.0.1:9");
    assertThat(noStore.exitCode()).isEqualTo(2);
    assertThat(noStore.err()).contains("--jdbc-url").contains("--data-dir");

    Cli.Run both =
        Cli.run(
            "ingest",
            "--kafka-bootstrap",
            "127.0.0.1:9",
            "--data-dir",
            dir.toString(),
            "--jdbc-url",
            "jdbc:h2:mem:x");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("mutually exclusive");

    Cli.Run badUrl =
        Cli.run("ingest", "--kafka-bootstrap", "127.0.0.1:9", "--jdbc-url", "postgres://x");
    assertThat(badUrl.exitCode()).isEqualTo(2);
    assertThat(badUrl.err()).contains("--jdbc-url must start with jdbc:");
  }

  /**
   * {@code abkit ingest} in a JVM of its own stopped with SIGTERM, as an operator or a supervisor
   * stops it: it commits, leaves the group at once (no member left waiting out the session
   * timeout), prints its closing line and exits with 143, the status of a JVM ended by SIGTERM (128
   * + 15).
   */
  @Test
  void sigtermToTheCommandInItsOwnJvm_commitsLeavesTheGroupPrintsItsClosingLineAndExits143(
      @TempDir Path dir) throws Exception {
    int records = produceForSigterm();
    Path store = Files.createDirectory(dir.resolve("store"));
    Path out = dir.resolve("out.log");
    Path err = dir.resolve("err.log");
    Process p =
        new ProcessBuilder(
                ChildJvm.command(
                    Main.class,
                    "ingest",
                    "--kafka-bootstrap",
                    kafka.bootstrapServers(),
                    "--kafka-topic",
                    SIGTERM_TOPIC,
                    "--group",
                    SIGTERM_GROUP,
                    "--data-dir",
                    store.toString()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      FileEventStore files = FileEventStore.open(store);
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(100))
          .failFast("the worker died (stderr in " + err + ")", () -> !p.isAlive())
          .until(() -> scanned(files) == records);

      long t0 = System.nanoTime();
      p.toHandle().destroy(); // SIGTERM (Process.destroy would also close our ends of its pipes)
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s of SIGTERM").isTrue();
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertThat(p.exitValue()).as("stderr:\n%s", read(err)).isEqualTo(143);
      assertThat(read(out))
          .startsWith("abkit ingest: " + SIGTERM_TOPIC + " at " + kafka.bootstrapServers())
          .endsWith(
              "abkit ingest: stored "
                  + records
                  + " records, 0 to the dead-letter topic, lag 0"
                  + System.lineSeparator());
      try (Admin admin =
          Admin.create(
              Map.<String, Object>of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        ConsumerGroupDescription group =
            admin.describeConsumerGroups(List.of(SIGTERM_GROUP)).all().get().get(SIGTERM_GROUP);
        assertThat(group.members()).as("left the group, not waited out").isEmpty();
        long committed =
            admin
                .listConsumerGroupOffsets(SIGTERM_GROUP)
                .partitionsToOffsetAndMetadata()
                .get()
                .values()
                .stream()
                .mapToLong(OffsetAndMetadata::offset)
                .sum();
        assertThat(committed).as("every stored record committed").isEqualTo(records);
      }
      System.out.printf(
          "[ingest-sigterm] %d records stored and committed; exited %d, %.2f s after SIGTERM%n",
          records, p.exitValue(), seconds);
    } finally {
      p.destroyForcibly();
    }
  }

  /** 100 exposures and 100 events on a fresh topic; returns how many records. */
  private static int produceForSigterm() throws Exception {
    Instant t = Instant.parse("2026-12-02T09:00:00Z");
    List<Observation> sent = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      sent.add(new Exposure("u" + i, "exp", i % 2 == 0 ? "A" : "B", t));
      sent.add(new Event("e" + i, "u" + i, "kpi_click", t.plusSeconds(1), null, Map.of()));
    }
    try (KafkaEventStore producer =
        KafkaEventStore.builder(kafka.bootstrapServers())
            .topic(SIGTERM_TOPIC)
            .partitions(2)
            .timeout(Duration.ofSeconds(30))
            .build()) {
      for (int attempt = 1; ; attempt++) { // a failed batch is sent again, as the pipeline does
        try {
          producer.write(sent);
          return sent.size();
        } catch (Exception e) {
          if (attempt == 3) {
            throw e;
          }
        }
      }
    }
  }

  private static int scanned(FileEventStore files) throws Exception {
    List<Observation> seen = new ArrayList<>();
    files.scan(seen::add);
    return seen.size();
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
