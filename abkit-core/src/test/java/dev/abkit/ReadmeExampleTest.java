package dev.abkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.Results;
import dev.abkit.analysis.ResultsFormat;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.store.file.FileEventStore;
import dev.abkit.store.memory.InMemoryEventStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's code, compiled and run. Each snippet below is copied into README.md between the
 * {@code README-EXAMPLE} / {@code README-TESTING} markers; {@link #readme_snippets_matchThisFile}
 * fails when the two drift apart.
 */
class ReadmeExampleTest {
  private static final List<String> MARKERS = List.of("README-EXAMPLE", "README-TESTING");

  @TempDir Path dir;

  @Test
  void inFifteenLines_assignsRecordsAndAnalyzes() throws IOException {
    Files.copy(Path.of("../tests.json"), dir.resolve("tests.json"));
    Path data = dir.resolve("abkit-data");
    String userId = "user-42";
    // README-EXAMPLE begin
    AbKit abkit =
        AbKit.builder()
            .manifest(dir.resolve("tests.json")) // .watchManifest(true) follows edits
            .eventStore(FileEventStore.open(data)) // or JdbcStore for PostgreSQL/MariaDB/H2
            .pipeline(PipelineSettings.builder().journalDir(data.resolve("journal")).build())
            .build();

    Assignment a = abkit.assign("kpi_scorecard_layout", Unit.of(userId));
    Object layout = a.config().get("layout"); // "compact" for A, "expanded" for B
    abkit.logExposure(userId, a); // once per user and experiment, never blocks
    abkit.track(userId, "kpi_click"); // when the user clicks; attributed through exposures

    System.out.println(ResultsFormat.TABLE.render(abkit.results())); // lift, CI, p, verdict
    abkit.close(); // flushes the pipeline
    // README-EXAMPLE end

    assertThat(a.enrolled()).isTrue();
    assertThat(layout).isEqualTo(a.is("A") ? "compact" : "expanded");
    try (FileEventStore store = FileEventStore.open(data)) {
      List<Object> stored = new ArrayList<>();
      store.scan(stored::add);
      assertThat(stored).hasSize(2);
    }
  }

  @Test
  void inYourTests_forcesAVariantWithAFixedClockAndNoFiles() {
    // README-TESTING begin
    AbKit abkit =
        AbKit.builder()
            .manifestJson(
                """
                {"experiments": [{"id": "checkout_button", "target_event": "purchase",
                  "variants": [{"key": "A"}, {"key": "B", "config": {"color": "green"}}],
                  "end_at": "2027-01-01T00:00:00Z"}]}""")
            .clock(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC))
            .forceVariant("checkout_button", "alice", "B") // exercise the B branch
            .eventStore(new InMemoryEventStore())
            .build();

    Assignment alice = abkit.assign("checkout_button", "alice");
    assertThat(alice.variant()).isEqualTo("B");
    assertThat(alice.config()).containsEntry("color", "green");
    assertThat(alice.reason()).isEqualTo(Reason.OVERRIDE);
    // README-TESTING end

    abkit.logExposure("alice", alice);
    abkit.track("alice", "purchase");
    Results results = abkit.results();
    ExperimentResult checkout = results.experiments().get(0);
    assertThat(checkout.id()).isEqualTo("checkout_button");
    abkit.close();
  }

  @Test
  void readme_snippets_matchThisFile() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    String source = Files.readString(Path.of("src/test/java/dev/abkit/ReadmeExampleTest.java"));
    for (String marker : MARKERS) {
      String snippet = between(source, "// " + marker + " begin\n", "    // " + marker + " end");
      String block = readmeBlock(readme, marker);
      assertThat(normalize(withoutImports(block))).as(marker).isEqualTo(normalize(snippet));
    }
  }

  /**
   * Each README block compiles as printed, with only the imports it shows: the README is where a
   * new user copies from, and a missing import there costs them a search. The free variables the
   * text introduces ({@code dir}, {@code data}, {@code userId}) are the wrapper's parameters, named
   * with qualified types so that the wrapper adds no import of its own.
   */
  @Test
  void readme_snippets_compileWithTheImportsTheyShow() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    for (String marker : MARKERS) {
      String block = readmeBlock(readme, marker);
      String imports =
          block.lines().filter(l -> l.startsWith("import ")).reduce("", (a, b) -> a + b + "\n");
      assertThat(imports).as("%s shows its imports", marker).isNotEmpty();
      String source =
          imports
              + "\nclass Snippet {\n"
              + "  static void run(java.nio.file.Path dir, java.nio.file.Path data, String userId)"
              + " throws Exception {\n"
              + withoutImports(block)
              + "\n  }\n}\n";
      assertThat(compile(source)).as("%s compiles as printed in README.md", marker).isEmpty();
    }
  }

  /** A source that misses an import does not compile: the check above can fail. */
  @Test
  void compile_snippetWithoutItsImports_fails() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    String source =
        "class Snippet {\n  static void run(java.nio.file.Path dir, java.nio.file.Path data,"
            + " String userId) throws Exception {\n"
            + withoutImports(readmeBlock(readme, "README-EXAMPLE"))
            + "\n  }\n}\n";

    assertThat(compile(source)).contains("cannot find symbol").contains("AbKit");
  }

  /** Compiles {@code source} against the test class path; javac's messages, empty on success. */
  private String compile(String source) throws IOException {
    Path src = Files.createDirectories(dir.resolve("snippet-src")).resolve("Snippet.java");
    Files.writeString(src, source);
    Path out = Files.createDirectories(dir.resolve("snippet-classes"));
    StringWriter messages = new StringWriter();
    int status =
        ToolProvider.findFirst("javac")
            .orElseThrow()
            .run(
                new PrintWriter(messages),
                new PrintWriter(messages),
                "-proc:none",
                "-classpath",
                System.getProperty("java.class.path"),
                "-d",
                out.toString(),
                src.toString());
    String text = messages.toString();
    return status == 0 ? "" : text.isEmpty() ? "javac exit " + status : text;
  }

  private static String readmeBlock(String readme, String marker) {
    return between(readme, "<!-- " + marker + " -->\n```java\n", "```");
  }

  private static String withoutImports(String block) {
    return block
        .lines()
        .filter(l -> !l.startsWith("import "))
        .reduce("", (a, b) -> a + b + "\n")
        .strip();
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertThat(from).as("marker %s", start.strip()).isNotNegative();
    from += start.length();
    return text.substring(from, text.indexOf(end, from));
  }

  /** Compares code ignoring indentation, so the README can be indented from column 0. */
  private static String normalize(String code) {
    return code.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .reduce("", (a, b) -> a + b + "\n");
  }
}
