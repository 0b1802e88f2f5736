package dev.abkit.examples.cli;

import dev.abkit.AbKit;
import dev.abkit.Assignment;
import dev.abkit.Unit;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Manifest;
import dev.abkit.manifest.ManifestException;
import dev.abkit.manifest.Problem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code abkit assign}: what units get in every experiment of a manifest. One unit from the command
 * line ({@code --unit}, {@code --attr}) or a stream of JSON lines ({@code --units-file}).
 */
@Command(
    name = "assign",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Shows what units get in every experiment of the manifest, in manifest order.",
      "",
      "--unit prints one unit's assignments as a table (experiment, variant, served, reason),"
          + " or with --format json as one JSON line like --units-file writes.",
      "",
      "--units-file reads JSON lines {\"unit\": ID, \"attributes\": {...}} (FILE - is stdin;"
          + " a numeric unit id is taken as its decimal text) and writes to stdout one JSON line"
          + " per input line, in order:",
      "  {\"unit\":ID,\"assignments\":{EXPERIMENT:{\"variant\":KEY|null,\"reason\":REASON}}}",
      "A malformed input line gives {\"line\":N,\"unit\":ID?,\"error\":MESSAGE} instead; the"
          + " other lines are still assigned and the run exits 1 at the end.",
      "",
      "variant is null when the unit is not enrolled (control is served). REASON is the"
          + " dev.abkit.Reason name in lower case: hashed, sticky, override (enrolled);"
          + " unknown_experiment, not_running, outside_window, targeting_mismatch,"
          + " exclusion_group, not_in_traffic, invalid_unit, error (not enrolled).",
      "",
      "--attr KEY=VALUE types VALUE as JSON would: true/false, null, integers and decimals"
          + " become booleans, null and numbers; a value starting with \", [ or { is parsed as"
          + " JSON ('v=\"1.0\"' forces a string); anything else (ios, 1.2.0, 007) is a string."
    })
public final class AssignCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--manifest",
      required = true,
      paramLabel = "FILE",
      description = "the manifest (tests.json)")
  private Path manifestFile;

  // Validated in validateTarget(): picocli's own message for these groups is hard to read.
  @ArgGroup(exclusive = true, multiplicity = "1", validate = false)
  private Target target;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "output of --unit: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  private Format format;

  /** Output format of {@code --unit}. */
  enum Format {
    table,
    json
  }

  static final class Target {
    @ArgGroup(exclusive = false, multiplicity = "1", validate = false)
    Single single;

    @Option(
        names = "--units-file",
        paramLabel = "FILE",
        description = "JSON lines of units; - reads stdin")
    Path unitsFile;
  }

  static final class Single {
    @Option(names = "--unit", paramLabel = "ID", description = "the unit id")
    String unit;

    @Option(
        names = "--attr",
        paramLabel = "KEY=VALUE",
        converter = Attribute.Converter.class,
        description = "a unit attribute for targeting; repeatable")
    List<Attribute> attributes = new ArrayList<>();
  }

  /** Exactly one of {@code --unit} and {@code --units-file}; {@code --attr} only with --unit. */
  private void validateTarget() {
    boolean file = target != null && target.unitsFile != null;
    boolean single = target != null && target.single != null;
    boolean unit = single && target.single.unit != null;
    if (file && single) {
      throw new ParameterException(
          spec.commandLine(),
          "--units-file cannot be combined with --unit or --attr: give one unit or a file");
    }
    if (single && !unit) {
      throw new ParameterException(spec.commandLine(), "--attr needs --unit ID");
    }
    if (!file && !unit) {
      throw new ParameterException(
          spec.commandLine(), "Missing --unit ID or --units-file FILE: what should be assigned?");
    }
  }

  @Override
  public Integer call() throws IOException {
    validateTarget();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Checked before the manifest is read: a typo in the units file path should fail at once.
    Path unitsFile = target.unitsFile;
    if (unitsFile != null && !isStdin(unitsFile) && !Files.isRegularFile(unitsFile)) {
      err.println("abkit assign: no such file: " + unitsFile);
      return 1;
    }
    Manifest manifest;
    try {
      manifest = ManifestFiles.parse(manifestFile);
    } catch (ManifestFiles.NotReadableException e) {
      err.println("abkit assign: " + e.getMessage());
      return 1;
    } catch (ManifestException e) {
      err.println("abkit assign: " + manifestFile + " is not a valid manifest:");
      for (Problem p : e.problems()) {
        err.println("  " + p);
      }
      return 1;
    }
    for (Problem w : manifest.warnings()) {
      err.println("warning: " + w);
    }
    List<String> experiments = manifest.experiments().stream().map(Experiment::id).toList();
    try (AbKit abkit = AbKit.builder().manifest(manifest).build()) {
      if (target.unitsFile != null) {
        return assignUnitsFile(abkit, experiments, out, err);
      }
      return assignOne(abkit, experiments, out);
    }
  }

  private int assignOne(AbKit abkit, List<String> experiments, PrintWriter out) throws IOException {
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (Attribute a : target.single.attributes) {
      attributes.put(a.key(), a.value());
    }
    Unit unit;
    try {
      unit = Unit.of(target.single.unit, attributes);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--unit: " + e.getMessage());
    }
    Map<String, Assignment> assignments = UnitAssigner.assign(abkit, experiments, unit);
    if (format == Format.json) {
      UnitLines.writeOne(unit.id(), assignments, out);
    } else {
      printTable(assignments, out);
    }
    return 0;
  }

  private int assignUnitsFile(
      AbKit abkit, List<String> experiments, PrintWriter out, PrintWriter err) throws IOException {
    Path file = target.unitsFile;
    boolean stdin = isStdin(file);
    UnitLines.Stats stats;
    try (Reader in =
        stdin
            ? new InputStreamReader(System.in, StandardCharsets.UTF_8)
            : Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      stats =
          UnitLines.process(
              new BufferedReader(in, 1 << 16),
              out,
              unit -> UnitAssigner.assign(abkit, experiments, unit));
    }
    out.flush();
    if (stats.outputClosed()) {
      err.println("abkit assign: output closed after " + stats.lines() + " lines; stopped");
      return 1;
    }
    if (stats.errors() > 0) {
      err.println(
          "abkit assign: "
              + stats.errors()
              + " of "
              + stats.lines()
              + " input lines were malformed (see their \"error\" fields)");
      return 1;
    }
    return 0;
  }

  private static boolean isStdin(Path file) {
    return file.toString().equals("-");
  }

  private static void printTable(Map<String, Assignment> assignments, PrintWriter out) {
    int w = "experiment".length();
    int v = "variant".length();
    int s = "served".length();
    for (Assignment a : assignments.values()) {
      w = Math.max(w, a.experiment().length());
      v = Math.max(v, String.valueOf(a.variant()).length());
      s = Math.max(s, String.valueOf(a.served()).length());
    }
    String row = "%-" + w + "s  %-" + v + "s  %-" + s + "s  %s%n";
    out.printf(row, "experiment", "variant", "served", "reason");
    for (Assignment a : assignments.values()) {
      out.printf(
          row,
          a.experiment(),
          a.variant() == null ? "-" : a.variant(),
          a.served() == null ? "-" : a.served(),
          UnitLines.reason(a.reason()));
    }
  }
}
