package dev.abkit.examples;

import dev.abkit.examples.cli.AssignCommand;
import dev.abkit.examples.cli.BenchCommand;
import dev.abkit.examples.cli.DemoCommand;
import dev.abkit.examples.cli.Failures;
import dev.abkit.examples.cli.IngestCommand;
import dev.abkit.examples.cli.LoadtestCommand;
import dev.abkit.examples.cli.ResultsCommand;
import dev.abkit.examples.cli.SimulateCommand;
import dev.abkit.examples.cli.ValidateCommand;
import dev.abkit.examples.cli.VersionProvider;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code abkit} command line. Each subcommand is its own class in {@code
 * dev.abkit.examples.cli}; this class only wires them together.
 *
 * <p>Exit codes: 0 success, 1 the command ran and failed (invalid manifest, bad input line, I/O
 * error), 2 usage error (unknown option, missing argument, bad option value).
 */
@Command(
    name = "abkit",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "abkit: embeddable A/B testing. Validate manifests, assign units, run the demo, simulate,"
            + " load-test, read results, benchmark.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ValidateCommand.class,
      AssignCommand.class,
      BenchCommand.class,
      DemoCommand.class,
      SimulateCommand.class,
      LoadtestCommand.class,
      ResultsCommand.class,
      IngestCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the command failed (invalid manifest, malformed input, I/O error)",
      "2:usage error"
    })
public final class Main implements Runnable {
  @Spec private CommandSpec spec;

  /** {@code abkit} without a subcommand is a usage error. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /**
   * A fresh command line for the whole tool, printing to {@code out} and {@code err}. Failures
   * inside a command are reported as one line on {@code err} (exit code 1), never as a stack trace.
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          commandLine
              .getErr()
              .println("abkit " + commandLine.getCommandName() + ": " + Failures.describe(ex));
          commandLine.getErr().flush();
          return CommandLine.ExitCode.SOFTWARE;
        });
    return cli;
  }

  public static void main(String[] args) {
    // The jar bundles slf4j-simple; library INFO lines (Jetty, HikariCP) would drown the commands'
    // output. -Dorg.slf4j.simpleLogger.defaultLogLevel=info brings them back.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    // Buffered, explicitly UTF-8 and flushed once: `assign --units-file` can write millions of
    // lines.
    PrintWriter out =
        new PrintWriter(
            new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16),
            false);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }
}
