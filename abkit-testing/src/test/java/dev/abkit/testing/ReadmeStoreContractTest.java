package dev.abkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * README.md's "Writing your own store" example is {@link FileEventStoreContractTest}, compiled and
 * run; this fails when the README block and that class drift apart.
 */
class ReadmeStoreContractTest {
  private static final String MARKER = "README-STORE-CONTRACT";

  @Test
  void readme_storeContractExample_matchesFileEventStoreContractTest() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    String source =
        Files.readString(
            Path.of("src/test/java/dev/abkit/testing/FileEventStoreContractTest.java"));
    String snippet = between(source, "// " + MARKER + " begin\n", "// " + MARKER + " end");
    String block = between(readme, "<!-- " + MARKER + " -->\n```java\n", "```");
    assertThat(normalize(block)).isEqualTo(normalize(snippet));
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertThat(from).as("marker %s", start.strip()).isNotNegative();
    from += start.length();
    int to = text.indexOf(end, from);
    assertThat(to).as("end marker %s", end.strip()).isNotNegative();
    return text.substring(from, to);
  }

  /** Compares code ignoring indentation and blank lines. */
  private static String normalize(String code) {
    return code.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .reduce("", (a, b) -> a + b + "\n");
  }
}
