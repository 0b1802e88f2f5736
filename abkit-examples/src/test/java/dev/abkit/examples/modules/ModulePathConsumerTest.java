package dev.abkit.examples.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * abkit as a JPMS application sees it: {@code src/test/module-consumer} is a module that {@code
 * requires} dev.abkit.core, dev.abkit.jdbc and dev.abkit.servlet; it is compiled with {@code javac
 * --module-path} and run with {@code java --module-path ... -m}, with only abkit's modules and the
 * libraries they need at run time on the module path (the jars, or {@code target/classes} when
 * Maven has not packaged them yet), and nothing on the class path. A dependency that abkit's
 * descriptors fail to resolve, a provider missing from a {@code provides} clause, or a package
 * reflected on but not opened fails here and in no class-path test.
 */
class ModulePathConsumerTest {
  /** abkit's modules and their run-time dependencies, by artifact id. */
  private static final List<String> ARTIFACTS =
      List.of(
          "abkit-core",
          "abkit-jdbc-store",
          "abkit-servlet",
          "abkit-kafka",
          "jackson-annotations",
          "jackson-core",
          "jackson-databind",
          "slf4j-api",
          "slf4j-simple",
          "caffeine",
          "jctools-core",
          "commons-statistics-distribution",
          "commons-numbers-core",
          "commons-numbers-gamma",
          "commons-numbers-fraction",
          "commons-numbers-combinatorics",
          "commons-numbers-rootfinder",
          "commons-rng-client-api",
          "commons-rng-sampling",
          "HikariCP",
          "jdbi3-core",
          "geantyref",
          "h2",
          "jakarta.servlet-api",
          "kafka-clients");

  private static final Path SOURCES = Path.of("src/test/module-consumer");

  @TempDir Path dir;

  @Test
  void consumerModule_onTheModulePath_assignsTracksReadsResultsFromAJdbcStoreAndBuildsAKafkaStore()
      throws Exception {
    String modulePath = String.join(File.pathSeparator, modulePath().values());
    Path classes = dir.resolve("classes");
    compile(modulePath, classes);

    Process java =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "--module-path",
                classes + File.pathSeparator + modulePath,
                "-m",
                "abkit.consumer/consumer.Main")
            .redirectErrorStream(true)
            .start();
    java.getOutputStream().close();
    String output;
    try (var in = java.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(java.exitValue()).as("exit code; output:%n%s", output).isZero();
    assertThat(output.lines())
        .as(output)
        .contains(
            "store=dev.abkit.jdbc.JdbcStore dialect=H2",
            "exposures=40",
            "conversions=20",
            "servlet.events=/abkit/events",
            "kafka.identity=kafka:127.0.0.1:9/abkit.consumer",
            "kafka.ping=unavailable");
  }

  /** The entries of this test's class path that are the artifacts the consumer needs, in order. */
  private static Map<String, String> modulePath() {
    Map<String, String> found = new LinkedHashMap<>();
    String[] classPath =
        System.getProperty("java.class.path").split(Pattern.quote(File.pathSeparator));
    for (String artifact : ARTIFACTS) {
      // A jar from the local repository or a sibling's target/, or a sibling's target/classes.
      Pattern jar =
          Pattern.compile(
              Pattern.quote(artifact) + "-\\d[^" + Pattern.quote(File.separator) + "]*\\.jar");
      for (String entry : classPath) {
        Path p = Path.of(entry);
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        boolean matches =
            jar.matcher(name).matches() || p.endsWith(Path.of(artifact, "target", "classes"));
        // never a test jar (kafka-clients-<version>-test.jar is on the class path too)
        if (matches && !name.contains("-tests") && !name.endsWith("-test.jar")) {
          found.putIfAbsent(artifact, entry);
        }
      }
    }
    assertThat(found.keySet())
        .as("artifacts on the test class path (%s)", String.join(", ", classPath))
        .containsExactlyElementsOf(ARTIFACTS);
    return found;
  }

  private void compile(String modulePath, Path classes) throws IOException {
    List<String> args =
        new ArrayList<>(List.of("--module-path", modulePath, "-d", classes.toString()));
    try (Stream<Path> files = Files.walk(SOURCES)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
    }
    StringWriter messages = new StringWriter();
    int status =
        ToolProvider.findFirst("javac")
            .orElseThrow()
            .run(new PrintWriter(messages), new PrintWriter(messages), args.toArray(String[]::new));
    assertThat(status).as("javac:%n%s", messages).isZero();
  }
}
