package dev.abkit.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.abkit.buildsupport.QuietLogs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The build's {@link QuietLogs} (in {@code build-support/test}, shared by every module's tests; it
 * is checked here because this module's tests can launch JUnit): a failing test's standard error
 * reaches the build log, a passing test's goes to {@code target/test-logs}.
 */
class QuietLogsTest {

  /** Run by the launcher below, not by Surefire (which skips nested classes). */
  @ExtendWith(QuietLogs.class)
  static class Sample {
    @Test
    void passes() {
      System.err.println("logged by a passing test");
    }

    @Test
    void fails() {
      System.err.println("logged by a failing test");
      throw new AssertionError("fails on purpose");
    }
  }

  @Test
  void failingTestsLogIsReplayed_passingTestsLogIsKeptInTargetTestLogs() throws IOException {
    Path kept = Path.of("target", "test-logs", Sample.class.getName() + ".log");
    Files.deleteIfExists(kept);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream before = System.err;
    System.setErr(new PrintStream(err, true, UTF_8));
    try {
      LauncherFactory.create()
          .execute(
              LauncherDiscoveryRequestBuilder.request()
                  .selectors(selectClass(Sample.class))
                  .build());
    } finally {
      System.setErr(before);
    }

    assertThat(err.toString(UTF_8))
        .contains("logged by a failing test")
        .doesNotContain("logged by a passing test");
    assertThat(Files.readString(kept))
        .contains("logged by a passing test")
        .doesNotContain("logged by a failing test");
  }
}
