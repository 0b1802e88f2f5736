package dev.abkit.examples.cli;

import dev.abkit.examples.demo.DataDirInUseException;
import dev.abkit.examples.demo.DemoManifest;
import dev.abkit.examples.demo.DemoOptions;
import dev.abkit.examples.demo.DemoServer;
import dev.abkit.kafka.KafkaEventStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code abkit demo}: the demo web app on Jetty until Ctrl-C or SIGTERM. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs the demo web app on Jetty: abkit's filters and endpoints, the dashboard routes.",
      "  GET  /                                 page: your variants, click buttons",
      "  GET  /api/experiments/dashboard        kpi_scorecard_layout, guided_onboarding",
      "  GET  /api/experiments/pricing-view     pricing_cta_upgrade",
      "  POST /api/experiments/events           {\"event\": \"kpi_click\"}",
      "  GET  /api/experiments/results[.html]   results (Bearer TOKEN)",
      "  GET  /api/experiments/config           your variants' configs",
      "  GET  /api/health                       status, pipeline counters",
      "  GET  /api/admin/counts                 flush, stored counts (Bearer TOKEN)",
      "Ctrl-C/SIGTERM stops Jetty, then abkit flushes and closes the store."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "TCP port, 0 for a free one (default: ${DEFAULT-VALUE})")
  private int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "interface to bind; 0.0.0.0 for all (default: ${DEFAULT-VALUE})")
  private String host;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description = "PostgreSQL or MariaDB/MySQL database (default: embedded H2 under --data-dir)")
  private String jdbcUrl;

  @Mixin private DatabaseOptions db;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "./abkit-data",
      description = "embedded H2 database and pipeline journal (default: ${DEFAULT-VALUE})")
  private Path dataDir;

  @Option(
      names = "--kafka-bootstrap",
      paramLabel = "HOST:PORT",
      description =
          "send records to this Kafka cluster (run `abkit ingest` to store them); results read"
              + " --jdbc-url, else the embedded H2 database")
  private String kafkaBootstrap;

  @Option(
      names = "--kafka-topic",
      paramLabel = "TOPIC",
      defaultValue = KafkaEventStore.DEFAULT_TOPIC,
      description = "topic with --kafka-bootstrap (default: ${DEFAULT-VALUE})")
  private String kafkaTopic;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:ABKIT_TOKEN}",
      description =
          "bearer token for results and admin counts, 16+ chars (default: env ABKIT_TOKEN, else a"
              + " random one printed at start)")
  private String token;

  @Option(
      names = "--manifest",
      paramLabel = "FILE",
      description = "manifest (default: ./tests.json if present, else the copy in the jar)")
  private Path manifest;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    DemoOptions options;
    try {
      options =
          new DemoOptions(
              host, port, jdbcUrl, db.user, db.password, dataDir, token, manifest, db.tablePrefix);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("abkit demo: " + e.getMessage());
      return 2;
    }
    DemoServer server;
    try {
      server = DemoServer.start(options, kafkaBootstrap, kafkaTopic);
    } catch (DataDirInUseException e) {
      spec.commandLine().getErr().println("abkit demo: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              server.close();
              stopped.countDown();
            },
            "abkit-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    banner(out, server);
    out.println("Ctrl-C stops it.");
    out.flush();
    stopped.await();
    return 0;
  }

  /**
   * What the demo prints once it listens: where it is, its manifest and store, and how to open the
   * results page in a browser (a URL and the sign-in token, never a curl line with a header).
   */
  void banner(PrintWriter out, DemoServer server) {
    out.println("abkit demo listening on " + server.baseUri() + "/");
    out.println("  manifest: " + DemoManifest.describe(manifest));
    out.println(
        "  store:    "
            + (jdbcUrl == null ? "embedded H2 in " + dataDir.toAbsolutePath().normalize() : jdbcUrl)
            + " (tables "
            + db.tablePrefix
            + "*)");
    if (kafkaBootstrap != null) {
      out.println("  records:  Kafka " + kafkaBootstrap + ", topic " + kafkaTopic);
    }
    out.println("  journal:  " + dataDir.toAbsolutePath().normalize().resolve("journal"));
    // Echo the token only when the demo made it up: a given one is the operator's secret.
    out.println(
        "  results:  open "
            + server.uri(DemoServer.RESULTS)
            + ".html and sign in with "
            + (token == null
                ? "the token " + server.token() + " (random; fix one with --token or ABKIT_TOKEN)"
                : "your token"));
  }
}
