package dev.abkit.examples.cli;

import dev.abkit.AbKit;
import dev.abkit.analysis.Results;
import dev.abkit.analysis.ResultsFormat;
import dev.abkit.analysis.ResultsOptions;
import dev.abkit.examples.demo.DemoManifest;
import dev.abkit.examples.demo.DemoOptions;
import dev.abkit.jdbc.JdbcStore;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Manifest;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.spi.EventStore;
import dev.abkit.store.file.FileEventStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code abkit results}: analyzes a store and prints the results. */
@Command(
    name = "results",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Analyzes a store's exposures and events and prints the results.",
      "Formats: table, json (the results JSON), html (a page, to stdout).",
      "--data-dir DIR: if DIR holds *.jsonl files it is read as a file store (abkit's JSON-lines"
          + " records, e.g. FileEventStore's directory); otherwise DIR must hold the demo's"
          + " embedded H2 database (abkit.mv.db, as `abkit demo --data-dir DIR` writes it; stop the"
          + " demo first, H2 locks the file while it runs).",
      "--jdbc-url URL: a PostgreSQL, MariaDB/MySQL or H2 database with abkit's tables."
    })
public final class ResultsCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Source source;

  static final class Source {
    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description = "a file store directory (*.jsonl) or the demo's data directory (H2)")
    Path dataDir;

    @Option(
        names = "--jdbc-url",
        paramLabel = "URL",
        description = "a database with abkit's tables")
    String jdbcUrl;
  }

  @Mixin private DatabaseOptions db;

  @Option(
      names = "--manifest",
      paramLabel = "FILE",
      description = "manifest (default: ./tests.json if present, else the copy in the jar)")
  private Path manifest;

  @Option(
      names = "--timeseries",
      description =
          "add each experiment's goal per UTC day: cumulative exposures, conversions, lift")
  private boolean timeseries;

  @Option(
      names = "--dimension",
      paramLabel = "NAME",
      description =
          "break every metric down by this unit attribute (one of the experiment's"
              + " \"dimensions\"): exploratory, not corrected for testing many segments")
  private String dimension;

  @Option(names = "--experiment", paramLabel = "ID", description = "only this experiment")
  private String experiment;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, json or html (default: ${DEFAULT-VALUE})")
  private String format;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ResultsFormat f;
    Manifest m;
    try {
      f = ResultsFormat.parse(format);
      m = DemoManifest.load(manifest);
      if (experiment != null && m.experiment(experiment).isEmpty()) {
        throw new IllegalArgumentException("the manifest has no experiment " + experiment);
      }
      if (dimension != null) {
        checkDimension(m);
      }
    } catch (IllegalArgumentException e) {
      err.println("abkit results: " + e.getMessage());
      return 2;
    }
    EventStore store;
    try {
      store = open();
    } catch (IllegalArgumentException | IOException e) {
      err.println("abkit results: " + e.getMessage());
      return 1;
    }
    try (AbKit abkit =
        AbKit.builder()
            .manifest(m)
            .eventStore(store)
            .pipeline(PipelineSettings.builder().noJournal().build())
            .build()) {
      ResultsOptions options =
          ResultsOptions.SNAPSHOT.withTimeseries(timeseries).withDimension(dimension);
      Results results =
          experiment == null
              ? abkit.results(options)
              : new Results(List.of(abkit.results(experiment, options)));
      out.print(f.render(results));
      if (f == ResultsFormat.JSON) {
        out.println();
      }
    }
    return 0;
  }

  /** {@code --dimension} names a dimension of the experiment asked for, or of some experiment. */
  private void checkDimension(Manifest m) {
    if (dimension.isBlank()) {
      throw new IllegalArgumentException("--dimension must not be blank");
    }
    List<Experiment> candidates =
        experiment == null ? m.experiments() : List.of(m.experiment(experiment).orElseThrow());
    if (candidates.stream().noneMatch(e -> e.dimensions().contains(dimension))) {
      throw new IllegalArgumentException(
          "--dimension "
              + dimension
              + ": "
              + (experiment == null ? "no experiment" : "experiment " + experiment)
              + " lists it in \"dimensions\"");
    }
  }

  /** H2's ErrorCode.DATABASE_ALREADY_OPEN_1: "Database may be already in use". */
  private static final int H2_DATABASE_ALREADY_OPEN = 90020;

  private EventStore open() throws IOException {
    if (source.jdbcUrl != null) {
      return jdbc(source.jdbcUrl, db.user, db.password);
    }
    if (db.user != null || db.password != null) {
      throw new IllegalArgumentException("--db-user and --db-password go with --jdbc-url");
    }
    Path dir = source.dataDir;
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--data-dir: no such directory " + dir);
    }
    if (hasJsonLines(dir)) {
      return FileEventStore.open(dir);
    }
    if (!Files.isRegularFile(dir.resolve("abkit.mv.db"))) {
      throw new IllegalArgumentException(
          "--data-dir "
              + dir
              + " holds neither *.jsonl files (a file store) nor abkit.mv.db (the demo's H2"
              + " database)");
    }
    refuseWhileTheDemoRuns(dir);
    return jdbc(DemoOptions.h2Url(dir), null, null);
  }

  /**
   * H2 locks its file while the demo runs; through the pool that surfaces only as an 11 s timeout,
   * so one direct connection asks first.
   */
  private static void refuseWhileTheDemoRuns(Path dir) {
    try (Connection c = DriverManager.getConnection(DemoOptions.h2Url(dir))) {
      c.isValid(1);
    } catch (SQLException e) {
      if (e.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
        throw new IllegalArgumentException(
            "the demo is running on --data-dir "
                + dir
                + " (H2 locks its database); use the demo's results page, or stop the demo first");
      }
      // anything else is reported by the store, with its own message
    }
  }

  private JdbcStore jdbc(String url, String user, String password) {
    JdbcStore.Builder b = JdbcStore.builder().url(url).tablePrefix(db.tablePrefix);
    if (user != null) {
      b.username(user);
    }
    if (password != null) {
      b.password(password);
    }
    return b.build();
  }

  private static boolean hasJsonLines(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(
          p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p));
    }
  }
}
