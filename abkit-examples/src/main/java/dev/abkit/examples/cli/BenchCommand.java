package dev.abkit.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code abkit bench}: runs the JMH suite (package {@code dev.abkit.examples.bench}) in-process
 * with JMH's {@link Runner}, then prints a summary with ratios to the in-run MurmurHash3 floor and
 * the acceptance checks of DESIGN.md section 7.
 *
 * <p>The forked JVMs get {@link #FORK_JVM_ARGS} as their {@code jvmArgs} (replacing what they would
 * inherit from this JVM): a fixed 1 GiB heap, because a peer's cost depends on GC frequency
 * (peer-performance.md, pitfalls 1 and 2). Benchmarks add their own flags with
 * {@code @Fork(jvmArgsAppend = ...)}, which this does not override. The fork runs on this JVM's
 * class path, so running from the shaded {@code abkit.jar} finds the benchmarks.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs the JMH benchmark suite and prints a summary with ratios to the in-run floor.",
      "",
      "The benchmarks run in forked JVMs (fixed heap: -Xms1g -Xmx1g); JMH's own output comes"
          + " first, then a summary: score, error, B/op (with --gc), the ratio to"
          + " AssignBenchmark.murmur3Hash, and the acceptance checks (assignOne <= 3x"
          + " murmur3Hash, assignTwenty <= 2000 ns, each peer >= 10x assignOne), all from this"
          + " run.",
      "Benchmarks: AssignBenchmark.{murmur3Hash,assignOne,assignTwenty},"
          + " PeerBenchmark.{unleashVariant,optimizelyVariation} (avgt, ns/op), and"
          + " PipelineBenchmark.*."
    })
public final class BenchCommand implements Callable<Integer> {
  /** The forks' JVM options: fixed heap, quiet SLF4J simple logger. */
  static final List<String> FORK_JVM_ARGS =
      List.of("-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "REGEX",
      description =
          "benchmarks to run, as JMH's include (e.g. 'AssignBenchmark|PeerBenchmark');"
              + " default: all")
  private String include;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "also write JMH's JSON result to FILE")
  private Path json;

  @Option(
      names = "--forks",
      paramLabel = "N",
      description =
          "forked JVMs per benchmark (default: the benchmark's @Fork, 2 for AssignBenchmark"
              + " and PeerBenchmark; 0 runs in this JVM, whose heap is not fixed)")
  private Integer forks;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      description = "warm-up iterations per fork (default: the benchmark's @Warmup, 3)")
  private Integer warmup;

  @Option(
      names = "--iterations",
      paramLabel = "N",
      description = "measurement iterations per fork (default: the benchmark's @Measurement, 5)")
  private Integer iterations;

  @Option(
      names = "--time",
      paramLabel = "TIME",
      converter = TimeConverter.class,
      description =
          "length of each warm-up and measurement iteration, e.g. 1s, 500ms (default: the"
              + " benchmark's annotations, 1s)")
  private TimeValue time;

  @Option(
      names = "--gc",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "add JMH's GC profiler for B/op (default: on; --no-gc turns it off)")
  private boolean gc;

  @Option(
      names = "--jvm-arg",
      paramLabel = "ARG",
      description = "one more option for the forked JVMs, after the defaults; repeatable")
  private List<String> extraJvmArgs = new ArrayList<>();

  @Option(
      names = "--strict",
      description = "exit 1 when an acceptance check fails (default: report only)")
  private boolean strict;

  /** Rejects empty, zero and unparseable iteration times (JMH reads 0 as single-shot). */
  static final class TimeConverter implements ITypeConverter<TimeValue> {
    @Override
    public TimeValue convert(String value) {
      TimeValue t;
      try {
        t = TimeValue.fromString(value.trim());
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("expected a time like 1s or 500ms, was '" + value + "'");
      }
      if (t.getTime() <= 0) {
        throw new TypeConversionException("must be > 0, was '" + value + "'");
      }
      return t;
    }
  }

  /** The JMH options these arguments stand for. */
  Options jmhOptions() {
    requireAtLeast("--forks", forks, 0);
    requireAtLeast("--warmup", warmup, 0);
    requireAtLeast("--iterations", iterations, 1);
    // Options not given are left unset so each benchmark's own annotations apply
    // (PipelineBenchmark, for one, uses longer iterations than the assignment benchmarks).
    List<String> jvmArgs = new ArrayList<>(FORK_JVM_ARGS);
    jvmArgs.addAll(extraJvmArgs);
    ChainedOptionsBuilder b =
        new OptionsBuilder()
            .threads(1)
            .jvmArgs(jvmArgs.toArray(new String[0]))
            .shouldFailOnError(true);
    if (forks != null) {
      b.forks(forks);
    }
    if (warmup != null) {
      b.warmupIterations(warmup);
    }
    if (iterations != null) {
      b.measurementIterations(iterations);
    }
    if (time != null) {
      b.warmupTime(time).measurementTime(time);
    }
    if (include != null && !include.isEmpty()) {
      b.include(include);
    } else {
      // need a running Kafka broker (-Dabkit.bench.kafka.bootstrap): run them by name
      b.exclude("PipelineBenchmark\\.kafka$");
      b.exclude("EndToEndBenchmark\\.throughKafka$");
      // loads 40M rows before its first read (minutes): run it by name
      b.exclude("AnalysisBenchmark\\.resultsAtScale$");
    }
    if (gc) {
      b.addProfiler(GCProfiler.class);
    }
    if (json != null) {
      b.result(json.toString()).resultFormat(ResultFormatType.JSON);
    }
    return b.build();
  }

  private void requireAtLeast(String option, Integer value, int min) {
    if (value != null && value < min) {
      throw new ParameterException(
          spec.commandLine(), option + " must be >= " + min + ", was " + value);
    }
  }

  @Override
  public Integer call() throws RunnerException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Options options = jmhOptions();
    if (forks != null && forks == 0) {
      err.println(
          "warning: --forks 0 runs in this JVM: the heap is not fixed, results not"
              + " comparable");
    }
    out.println("# abkit bench: fork JVM options " + String.join(" ", jvmArgsOf(options)));
    out.flush();
    err.flush();
    double loadBefore = loadAverage();
    // JMH prints its progress to System.out itself.
    Collection<RunResult> results = new Runner(options).run();
    double loadAfter = loadAverage();
    if (results.isEmpty()) {
      err.println("abkit bench: no benchmark matches '" + include + "'");
      return 1;
    }
    List<BenchSummary.Row> rows = BenchSummary.rows(results);
    List<BenchSummary.Check> checks = BenchSummary.checks(rows);
    out.println();
    out.println("abkit bench summary");
    out.println(
        "Host: "
            + cpu()
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " CPUs, load average (1 min) "
            + BenchSummary.fmt(loadBefore)
            + " before, "
            + BenchSummary.fmt(loadAfter)
            + " after (other processes skew results when it exceeds the CPU count)");
    BenchmarkParams params = results.iterator().next().getParams();
    out.println(
        "JVM: "
            + params.getVmName()
            + " "
            + params.getVmVersion()
            + " (JDK "
            + params.getJdkVersion()
            + "), JMH "
            + params.getJmhVersion());
    Set<String> vmOptions = new LinkedHashSet<>();
    for (RunResult r : results) {
      vmOptions.add(String.join(" ", r.getParams().getJvmArgs()));
    }
    for (String v : vmOptions) {
      out.println("VM options: " + v);
    }
    Set<String> runShapes = new LinkedHashSet<>();
    for (RunResult r : results) {
      BenchmarkParams p = r.getParams();
      runShapes.add(
          "forks "
              + p.getForks()
              + ", warm-up "
              + p.getWarmup().getCount()
              + " x "
              + p.getWarmup().getTime()
              + ", measurement "
              + p.getMeasurement().getCount()
              + " x "
              + p.getMeasurement().getTime());
    }
    for (String shape : runShapes) {
      out.println("Run: " + shape);
    }
    out.println();
    out.print(BenchSummary.render(rows, checks));
    if (json != null) {
      out.println("\nJMH JSON result: " + json.toAbsolutePath());
    }
    out.flush();
    boolean failed = checks.stream().anyMatch(c -> !c.pass());
    return strict && failed ? 1 : 0;
  }

  private static List<String> jvmArgsOf(Options options) {
    return new ArrayList<>(options.getJvmArgs().orElse(List.of()));
  }

  /** The system's 1-minute load average, or NaN where the OS does not report it. */
  private static double loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? Double.NaN : load;
  }

  /** The CPU model from /proc/cpuinfo, or the OS architecture where there is none. */
  private static String cpu() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      try (Stream<String> lines = Files.lines(cpuinfo)) {
        return lines
            .filter(l -> l.startsWith("model name"))
            .map(l -> l.substring(l.indexOf(':') + 1).trim())
            .findFirst()
            .orElse(System.getProperty("os.arch"));
      } catch (IOException e) {
        return System.getProperty("os.arch")
            + " (/proc/cpuinfo unreadable: "
            + e.getMessage()
            + ")";
      }
    }
    return System.getProperty("os.arch");
  }
}
