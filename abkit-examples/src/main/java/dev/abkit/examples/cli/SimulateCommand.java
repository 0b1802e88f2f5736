package dev.abkit.examples.cli;

import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.Results;
import dev.abkit.analysis.ResultsFormat;
import dev.abkit.examples.demo.DemoManifest;
import dev.abkit.examples.demo.DemoOptions;
import dev.abkit.examples.demo.DemoServer;
import dev.abkit.examples.demo.RemoteResults;
import dev.abkit.examples.demo.Simulation;
import dev.abkit.manifest.Manifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code abkit simulate}: simulated visitors over HTTP, then the results table. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Simulates visitors over real HTTP, then prints the results table.",
      "Each visitor has its own cookie jar: it loads the dashboard and the pricing view, and"
          + " for every experiment it is enrolled in reports the experiment's"
          + " target event with its variant's rate; some return and may convert again.",
      "Without --base-url it starts the demo in-process (free port, fresh temporary H2"
          + " database) and prints the results table from it; with --base-url it reads the"
          + " same table from the results endpoint with --token.",
      "Conversion rates in the table are per visitor (unit), over all of its visits: returning"
          + " visitors get a second chance to convert, so they are above --rates, the chance per"
          + " visit.",
      "The same --seed gives the same visitors (abkit_vid cookies), assignments and events."
    })
public final class SimulateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--users",
      defaultValue = "500",
      description = "visitors (default: ${DEFAULT-VALUE})")
  private int users;

  @Option(
      names = "--rates",
      defaultValue = "A=0.15,B=0.35",
      description = "conversion rate per variant key (default: ${DEFAULT-VALUE})")
  private String rates;

  @Option(
      names = "--base-url",
      paramLabel = "URL",
      description = "a running demo, e.g. http://127.0.0.1:8080 (default: start one in-process)")
  private URI baseUrl;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:ABKIT_TOKEN}",
      description = "results token of the demo at --base-url (default: env ABKIT_TOKEN)")
  private String token;

  @Option(
      names = "--seed",
      defaultValue = "20261123",
      description = "random seed (default: ${DEFAULT-VALUE})")
  private long seed;

  @Option(
      names = "--returning",
      defaultValue = "0.2",
      description = "share of visitors who come back once (default: ${DEFAULT-VALUE})")
  private double returning;

  @Option(
      names = "--concurrency",
      defaultValue = "8",
      description = "visitors in flight at once (default: ${DEFAULT-VALUE})")
  private int concurrency;

  @Option(
      names = "--manifest",
      paramLabel = "FILE",
      description =
          "manifest for target events and the in-process demo (default: ./tests.json if present,"
              + " else the copy in the jar)")
  private Path manifest;

  @Option(names = "--no-progress", description = "no progress bar")
  private boolean noProgress;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Simulation.Settings settings;
    Manifest m;
    try {
      settings =
          new Simulation.Settings(
              users, Simulation.Settings.parseRates(rates), seed, returning, concurrency);
      m = DemoManifest.load(manifest);
    } catch (IllegalArgumentException e) {
      err.println("abkit simulate: " + e.getMessage());
      return 2;
    }
    if (baseUrl != null) {
      if (token == null) {
        err.println(
            "abkit simulate: with --base-url, give --token (or env ABKIT_TOKEN) to read results");
        return 2;
      }
      Simulation.Outcome o = simulate(settings, baseUrl, m, err);
      summary(out, o);
      // the server renders the same table format as the in-process run, for the same experiments
      out.print(RemoteResults.table(HttpClient.newHttpClient(), baseUrl, token, shown()));
      return o.failures() == 0 ? 0 : 1;
    }
    Path dir = Files.createTempDirectory("abkit-simulate-");
    try (DemoServer demo = DemoServer.start(DemoOptions.embedded(dir).withManifest(manifest))) {
      Simulation.Outcome o = simulate(settings, demo.baseUri(), m, err);
      summary(out, o);
      List<ExperimentResult> shown = new ArrayList<>();
      for (String id : shown()) {
        shown.add(demo.abkit().results(id));
      }
      out.print(ResultsFormat.TABLE.render(new Results(shown)));
      return o.failures() == 0 ? 0 : 1;
    } finally {
      deleteTree(dir);
    }
  }

  /** The experiments the visitors saw: the demo's routes expose these, the others stay empty. */
  private static List<String> shown() {
    List<String> ids = new ArrayList<>(DemoServer.DASHBOARD_EXPERIMENTS);
    ids.addAll(DemoServer.PRICING_EXPERIMENTS);
    return ids;
  }

  private Simulation.Outcome simulate(
      Simulation.Settings settings, URI base, Manifest m, PrintWriter err)
      throws IOException, InterruptedException {
    Simulation sim = new Simulation(settings, base, m);
    if (noProgress) {
      return sim.run(n -> {});
    }
    // In a log file or a pipe, a redrawn colour bar is noise: plain lines, now and then, instead.
    boolean terminal = System.console() != null;
    try (ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName("visitors")
            .setInitialMax(settings.users())
            .setStyle(terminal ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(terminal ? 200 : 5_000)
            .setConsumer(new WriterConsumer(err, terminal))
            .build()) {
      return sim.run(bar::stepBy);
    }
  }

  private static void summary(PrintWriter out, Simulation.Outcome o) {
    out.printf(
        "simulated %d visitors, %d visits, %d events accepted, %d failed requests;"
            + " assignment fingerprint %s%n%n",
        o.visitors(), o.visits(), o.eventsAccepted(), o.failures(), o.fingerprint());
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Renders the bar on the command's stderr, redrawing one line. */
  private static final class WriterConsumer implements ProgressBarConsumer {
    private final PrintWriter err;
    private final boolean terminal;

    WriterConsumer(PrintWriter err, boolean terminal) {
      this.err = err;
      this.terminal = terminal;
    }

    @Override
    public int getMaxRenderedLength() {
      return 100;
    }

    @Override
    public void accept(String rendered) {
      if (terminal) {
        err.print('\r');
        err.print(rendered);
      } else {
        err.println(rendered.strip());
      }
      err.flush();
    }

    @Override
    public void close() {
      if (terminal) {
        err.println();
      }
      err.flush();
    }
  }
}
