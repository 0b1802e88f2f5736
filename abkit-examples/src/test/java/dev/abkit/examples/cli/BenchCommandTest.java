package dev.abkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.examples.bench.AssignBenchmark;
import dev.abkit.examples.bench.PeerBenchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;

/** Option parsing only: JMH itself is never run here. */
class BenchCommandTest {
  private static Options parse(String... args) {
    BenchCommand bench = new BenchCommand();
    new CommandLine(bench).parseArgs(args);
    return bench.jmhOptions();
  }

  @Test
  void defaults_fixedHeapGcProfilerAllBenchmarks_iterationShapeFromTheAnnotations() {
    Options o = parse();

    assertThat(o.getForkCount().hasValue()).isFalse();
    assertThat(o.getWarmupIterations().hasValue()).isFalse();
    assertThat(o.getMeasurementIterations().hasValue()).isFalse();
    assertThat(o.getWarmupTime().hasValue()).isFalse();
    assertThat(o.getMeasurementTime().hasValue()).isFalse();
    assertThat(o.getThreads().get()).isEqualTo(1);
    assertThat(o.getJvmArgs().get()).containsExactlyElementsOf(BenchCommand.FORK_JVM_ARGS);
    assertThat(BenchCommand.FORK_JVM_ARGS).contains("-Xms1g", "-Xmx1g");
    assertThat(o.getProfilers()).anyMatch(p -> p.getKlass().equals(GCProfiler.class.getName()));
    assertThat(o.getIncludes()).isEmpty();
    assertThat(o.getResult().hasValue()).isFalse();
    assertThat(o.shouldFailOnError().get()).isTrue();
  }

  @Test
  void options_setRegexForksIterationsTimeJsonAndExtraJvmArgs() {
    Options o =
        parse(
            "AssignBenchmark|PeerBenchmark",
            "--forks",
            "1",
            "--warmup",
            "2",
            "--iterations",
            "4",
            "--time",
            "500ms",
            "--json",
            "out/bench.json",
            "--jvm-arg",
            "-XX:+UseParallelGC",
            "--no-gc");

    assertThat(o.getIncludes()).containsExactly("AssignBenchmark|PeerBenchmark");
    assertThat(o.getForkCount().get()).isEqualTo(1);
    assertThat(o.getWarmupIterations().get()).isEqualTo(2);
    assertThat(o.getMeasurementIterations().get()).isEqualTo(4);
    assertThat(o.getMeasurementTime().get()).isEqualTo(new TimeValue(500, TimeUnit.MILLISECONDS));
    assertThat(o.getWarmupTime().get()).isEqualTo(new TimeValue(500, TimeUnit.MILLISECONDS));
    assertThat(o.getResult().get()).isEqualTo(Path.of("out/bench.json").toString());
    assertThat(o.getResultFormat().get()).isEqualTo(ResultFormatType.JSON);
    assertThat(List.copyOf(o.getJvmArgs().get()))
        .startsWith(BenchCommand.FORK_JVM_ARGS.toArray(new String[0]))
        .endsWith("-XX:+UseParallelGC");
    assertThat(o.getProfilers()).isEmpty();
  }

  @Test
  void assignmentAndPeerBenchmarks_annotateTheSameFixedHeapAndShape() {
    for (Class<?> c : List.of(AssignBenchmark.class, PeerBenchmark.class)) {
      Fork fork = c.getAnnotation(Fork.class);
      assertThat(fork.jvmArgs())
          .as(c.getName())
          .containsExactlyElementsOf(BenchCommand.FORK_JVM_ARGS);
      assertThat(fork.value()).isEqualTo(2);
      assertThat(c.getAnnotation(Warmup.class).iterations()).isEqualTo(3);
      assertThat(c.getAnnotation(Measurement.class).iterations()).isEqualTo(5);
    }
  }

  @Test
  void badTime_isAUsageError() {
    assertThat(Cli.run("bench", "--time", "soon").exitCode()).isEqualTo(2);
    Cli.Run zero = Cli.run("bench", "--time", "0s");
    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(zero.err()).contains("--time").contains("must be > 0, was '0s'");
  }

  @Test
  void negativeForksOrZeroIterations_areUsageErrorsNamingTheOption() {
    Cli.Run forks = Cli.run("bench", "--forks", "-1");
    assertThat(forks.exitCode()).isEqualTo(2);
    assertThat(forks.err()).contains("--forks must be >= 0, was -1");

    Cli.Run iterations = Cli.run("bench", "--iterations", "0");
    assertThat(iterations.exitCode()).isEqualTo(2);
    assertThat(iterations.err()).contains("--iterations must be >= 1, was 0");
  }

  @Test
  void nonNumericForks_isAUsageError() {
    Cli.Run run = Cli.run("bench", "--forks", "two");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--forks");
  }
}
