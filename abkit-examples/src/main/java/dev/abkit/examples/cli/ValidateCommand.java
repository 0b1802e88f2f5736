package dev.abkit.examples.cli;

import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Manifest;
import dev.abkit.manifest.ManifestException;
import dev.abkit.manifest.Problem;
import dev.abkit.manifest.Status;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code abkit validate FILE}: parses and validates a manifest, listing every problem. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Parses and validates a manifest (tests.json).",
      "Valid: exit 0, one summary line, then one line per warning (\"warning: PATH: RULE, was"
          + " VALUE\").",
      "Invalid: exit 1, one line per problem on stdout (\"PATH: RULE, was VALUE\"), every problem"
          + " found, then the warnings (an unknown field's \"did you mean\" often explains a"
          + " problem), and a count on stderr.",
      "Malformed JSON: one line \"line L, column C: malformed JSON: WHAT\"."
    })
public final class ValidateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "the manifest file")
  private Path file;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Manifest manifest;
    try {
      manifest = ManifestFiles.parse(file);
    } catch (ManifestFiles.NotReadableException e) {
      err.println("abkit validate: " + e.getMessage());
      return 1;
    } catch (ManifestException e) {
      for (Problem p : e.problems()) {
        out.println(p);
      }
      for (Problem w : e.warnings()) {
        out.println("warning: " + w);
      }
      int n = e.problems().size();
      int w = e.warnings().size();
      err.println(
          file
              + ": invalid manifest, "
              + n
              + (n == 1 ? " problem" : " problems")
              + (w == 0 ? "" : ", " + w + (w == 1 ? " warning" : " warnings")));
      return 1;
    }
    out.println(summary(file, manifest));
    for (Problem w : manifest.warnings()) {
      out.println("warning: " + w);
    }
    return 0;
  }

  /** {@code tests.json: valid, 5 experiments (4 running, 1 draft), 0 warnings}. */
  static String summary(Path file, Manifest manifest) {
    Map<Status, Integer> byStatus = new EnumMap<>(Status.class);
    for (Experiment e : manifest.experiments()) {
      byStatus.merge(e.status(), 1, Integer::sum);
    }
    StringJoiner statuses = new StringJoiner(", ", " (", ")").setEmptyValue("");
    byStatus.forEach((status, n) -> statuses.add(n + " " + status.id()));
    int experiments = manifest.experiments().size();
    int warnings = manifest.warnings().size();
    return file
        + ": valid, "
        + experiments
        + (experiments == 1 ? " experiment" : " experiments")
        + statuses
        + ", "
        + warnings
        + (warnings == 1 ? " warning" : " warnings");
  }
}
