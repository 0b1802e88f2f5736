package dev.abkit.examples.cli;

import dev.abkit.examples.demo.DemoOptions;
import dev.abkit.examples.demo.DemoServer;
import dev.abkit.examples.demo.LoadTest;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code abkit loadtest}: concurrent load on the demo, then an exact store check. */
@Command(
    name = "loadtest",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Concurrent load on the demo, then an exact check of the store.",
      "Workers GET the dashboard (40%%) and the pricing view"
          + " (20%%) and POST events (40%%, 1-3 per request) until --duration or --max-requests.",
      "Prints throughput, error rate and p50/p95/p99 latency per route and in total, then checks"
          + " the store: distinct (visitor, experiment) exposures the routes acknowledged must"
          + " equal the exposures stored, and events accepted must equal the events stored"
          + " (via the demo's GET /api/admin/counts, which flushes first).",
      "Without --base-url it starts the demo in-process (free port, fresh temporary H2"
          + " database). Loopback addresses only.",
      "Exit 1 when any request failed or the counts differ."
    })
public final class LoadtestCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--workers",
      defaultValue = "8",
      description = "concurrent workers (default: ${DEFAULT-VALUE})")
  private int workers;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "how long to load, e.g. 30s, 2m (default: ${DEFAULT-VALUE})")
  private Duration duration;

  @Option(
      names = "--max-requests",
      paramLabel = "N",
      defaultValue = "0",
      description = "stop after N requests, 0 for no bound (default: ${DEFAULT-VALUE})")
  private long maxRequests;

  @Option(
      names = "--base-url",
      paramLabel = "URL",
      description = "a running demo on loopback (default: start one in-process)")
  private URI baseUrl;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:ABKIT_TOKEN}",
      description = "the demo's token, for /api/admin/counts (default: env ABKIT_TOKEN)")
  private String token;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LoadTest.Settings settings;
    try {
      settings = new LoadTest.Settings(workers, duration, maxRequests);
      if (baseUrl != null) {
        LoadTest.requireLoopback(baseUrl);
        if (token == null) {
          throw new IllegalArgumentException(
              "with --base-url, give the demo's --token (or env ABKIT_TOKEN): the store check"
                  + " reads /api/admin/counts");
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("abkit loadtest: " + e.getMessage());
      return 2;
    }
    if (baseUrl != null) {
      return run(out, err, new LoadTest(settings, baseUrl, token), baseUrl);
    }
    Path dir = Files.createTempDirectory("abkit-loadtest-");
    try (DemoServer demo = DemoServer.start(DemoOptions.embedded(dir))) {
      out.println(
          "started the demo in-process on " + demo.baseUri() + " (embedded H2 in " + dir + ")");
      return run(out, err, new LoadTest(settings, demo.baseUri(), demo.token()), demo.baseUri());
    } finally {
      SimulateCommand.deleteTree(dir);
    }
  }

  private int run(PrintWriter out, PrintWriter err, LoadTest test, URI base) throws Exception {
    out.printf(
        "loadtest %s: %d workers, %s%s%n",
        base,
        workers,
        duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT),
        maxRequests > 0 ? ", at most " + maxRequests + " requests" : "");
    out.flush();
    LoadTest.Report report = test.run();
    out.print(report.render());
    out.flush();
    int code = 0;
    if (report.total().errors() > 0) {
      err.println("abkit loadtest: FAILED: " + report.total().errors() + " requests failed");
      code = 1;
    }
    if (!report.countsMatch()) {
      err.printf(
          "abkit loadtest: FAILED: the store does not hold exactly what succeeded:"
              + " exposures acknowledged %d vs stored %d, events accepted %d vs stored %d%n",
          report.exposuresAcknowledged(),
          report.exposuresStored(),
          report.eventsAccepted(),
          report.eventsStored());
      code = 1;
    }
    return code;
  }
}
