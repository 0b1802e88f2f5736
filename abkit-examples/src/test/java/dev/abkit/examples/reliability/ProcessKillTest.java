package dev.abkit.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abkit.examples.ChildJvm;
import dev.abkit.testing.TcpProxy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md section 8, "Process killed with kill -9: with the journal enabled, every acknowledged
 * event is there after restart". The demo app runs in a child JVM ({@link KillChildApp}) whose
 * store is unreachable (the proxy refuses), so records sit in the journal; mid-load the child gets
 * {@code destroyForcibly()} (SIGKILL on Linux); a new child on the same journal directory, with the
 * store reachable, replays it. Durable mode must lose nothing acknowledged; default mode may lose
 * at most {@code queueCapacity + batchSize} records (PipelineSettings' documented bound).
 */
@Tag("reliability")
class ProcessKillTest {
  private static final int QUEUE_CAPACITY = 512;
  private static final int BATCH_SIZE = 64;

  @Test
  void durableMode_sigkillMidLoad_everyAcknowledgedRecordStoredExactlyOnceAfterRestart(
      @TempDir Path dir) throws Exception {
    Figures f = killAndRestart(dir, true, "sigkill-durable");
    assertThat(f.lost()).as("acknowledged records lost in durable mode").isZero();
  }

  @Test
  void defaultMode_sigkillMidLoad_lossWithinQueueCapacityPlusBatchSize(@TempDir Path dir)
      throws Exception {
    Figures f = killAndRestart(dir, false, "sigkill-default");
    assertThat(f.lost())
        .as("documented bound: queueCapacity + batchSize")
        .isLessThanOrEqualTo(QUEUE_CAPACITY + BATCH_SIZE);
  }

  private Figures killAndRestart(Path dir, boolean durable, String scenario) throws Exception {
    Postgres.requireReachable();
    String prefix = Postgres.freshPrefix(durable ? "kd" : "kn");
    Path journal = dir.resolve("journal");
    HttpClient http = Visitor.newClient();
    try (TcpProxy proxy = TcpProxy.start(Postgres.HOST, Postgres.PORT)) {
      proxy.refuse(true); // the store is unreachable: records can only reach the journal
      Child first = Child.start(dir, "first", Postgres.url(proxy.port()), prefix, journal, durable);
      Load load;
      try {
        load = new Load(first.base, http, durable ? "kd" : "kn");
        AtomicLong killedAt = new AtomicLong();
        CompletableFuture<Void> kill =
            CompletableFuture.runAsync(
                () -> {
                  sleep(3000);
                  first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
                  killedAt.set(System.nanoTime());
                });
        // sends until the kill: requests in flight then die with the process, unacknowledged
        load.run(6, 3, Integer.MAX_VALUE, () -> killedAt.get() != 0);
        kill.join();
        assertThat(first.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
      } finally {
        first.process.destroyForcibly();
      }
      assertThat(load.acknowledged()).as("acknowledged before the kill").isGreaterThan(20);
      assertThat(Files.list(journal).count()).as("journal files left behind").isPositive();

      // the same store as the first process (the journal names its store by URL and prefix, and
      // a replay takes only its own store's files), now reachable
      proxy.refuse(false);
      Child second =
          Child.start(dir, "second", Postgres.url(proxy.port()), prefix, journal, durable);
      try {
        AtomicReference<JsonNode> metrics = new AtomicReference<>();
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  HttpResponse<String> r =
                      new Visitor(http).get(second.base.resolve(DemoApp.METRICS));
                  JsonNode m = Visitor.json(r);
                  metrics.set(m);
                  return m.path("replayed").asLong() > 0
                      && m.path("journalBytes").asLong() == 0
                      && m.path("queueDepth").asLong() == 0;
                });
        Figures f = Figures.check(prefix, load.ackedEvents, load.ackedExposures);
        f.print(
            scenario,
            load.requests.get(),
            load.p99Millis(),
            "bound="
                + (durable ? 0 : QUEUE_CAPACITY + BATCH_SIZE)
                + " unacknowledgedButStored="
                + f.unexpected()
                + " replayed="
                + metrics.get().path("replayed").asLong());
        assertThat(f.duplicates()).isZero();
        assertThat(f.wrongVariant()).isZero();
        return f;
      } finally {
        second.process.destroy();
        second.process.waitFor(20, TimeUnit.SECONDS);
        second.process.destroyForcibly();
        Postgres.dropTables(prefix);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A {@link KillChildApp} JVM on this test's class path. */
  private static final class Child {
    final Process process;
    final URI base;

    private Child(Process process, URI base) {
      this.process = process;
      this.base = base;
    }

    static Child start(
        Path dir, String name, String jdbcUrl, String prefix, Path journal, boolean durable)
        throws IOException, InterruptedException {
      List<String> command =
          ChildJvm.command(
              KillChildApp.class,
              jdbcUrl,
              prefix,
              journal.toString(),
              Boolean.toString(durable),
              Integer.toString(QUEUE_CAPACITY),
              Integer.toString(BATCH_SIZE));
      Path log = dir.resolve(name + ".log");
      Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> ready =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  String line;
                  while ((line = out.readLine()) != null) {
                    if (line.startsWith("ready ")) {
                      return line;
                    }
                  }
                  return null;
                } catch (IOException e) {
                  return null;
                }
              });
      String line;
      try {
        line = ready.get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        line = null;
      }
      if (line == null) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "child " + name + " did not start; its stderr:\n" + Files.readString(log));
      }
      int port = Integer.parseInt(line.substring("ready ".length()).trim());
      return new Child(p, URI.create("http://127.0.0.1:" + port + "/"));
    }
  }
}
