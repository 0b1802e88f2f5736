package dev.abkit.buildsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps the build log for what matters: while a test runs, standard error (where slf4j-simple,
 * and through it abkit, Jetty and HikariCP, log) goes to a buffer. A test that fails has its
 * buffer replayed on standard error, so nothing is hidden when something is wrong; a test that
 * passes has it appended to {@code target/test-logs/<test class>.log}, so the warnings and stack
 * traces of tests that provoke failures on purpose can still be read, just not in the build log.
 *
 * <p>The same goes for what a test class logs outside its tests ({@code @BeforeAll}, shared
 * fixtures): replayed when the class or one of its tests fails.
 *
 * <p>Registered for every module's tests through {@code META-INF/services} and {@code
 * junit.jupiter.extensions.autodetection.enabled} (the parent pom sets both up). Tests run one at a
 * time in each fork, so swapping {@link System#err} is safe; standard output, where the reliability
 * suite prints its figures, is left alone.
 */
public final class QuietLogs
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(QuietLogs.class);
  private static final Path LOG_DIR = Path.of("target", "test-logs");

  @Override
  public void beforeAll(ExtensionContext context) {
    start(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    start(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      // the class's own log (@BeforeAll, fixtures) is then worth seeing too
      for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
        c.getStore(NAMESPACE).put("failed", true);
      }
    }
    finish(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    finish(context);
  }

  private static void start(ExtensionContext context) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    context.getStore(NAMESPACE).put(Capture.class, new Capture(System.err, buffer));
    System.setErr(new PrintStream(buffer, true, Charset.defaultCharset()));
  }

  private static void finish(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    Capture capture = store.remove(Capture.class, Capture.class);
    if (capture == null) {
      return;
    }
    System.err.flush();
    System.setErr(capture.original());
    byte[] logged = capture.buffer().toByteArray();
    if (logged.length == 0) {
      return;
    }
    if (context.getExecutionException().isPresent() || store.get("failed") != null) {
      capture.original().write(logged, 0, logged.length);
      capture.original().flush();
    } else {
      keep(context, logged);
    }
  }

  private static void keep(ExtensionContext context, byte[] logged) {
    String testClass = context.getRequiredTestClass().getName();
    String header = "=== " + context.getDisplayName() + System.lineSeparator();
    try {
      Files.createDirectories(LOG_DIR);
      Path file = LOG_DIR.resolve(testClass + ".log");
      Files.write(
          file,
          header.getBytes(Charset.defaultCharset()),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      Files.write(file, logged, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the test's log in " + LOG_DIR, e);
    }
  }

  private record Capture(PrintStream original, ByteArrayOutputStream buffer) {}
}
