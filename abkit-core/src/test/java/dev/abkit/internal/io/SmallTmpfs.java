package dev.abkit.internal.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, small filesystem for full-disk tests: a tmpfs mounted on a directory of the test's, with
 * a size that can be changed while files are open ({@code mount -o remount,size=...}), which is how
 * a test "frees space".
 *
 * <p>Mounting needs root (CI runs as root). Where it is impossible (not root, no mount(8), a
 * container without the capability), the test is skipped with the reason, even under {@code
 * CI=true}: the same faults are also injected through {@link FaultyFileChannel}, which runs
 * everywhere, so a skip here loses the real-filesystem confirmation, not the coverage.
 */
public final class SmallTmpfs implements AutoCloseable {
  private final Path dir;

  private SmallTmpfs(Path dir) {
    this.dir = dir;
  }

  /** Mounts a tmpfs of {@code kib} KiB on {@code dir} (created), or skips the test. */
  public static SmallTmpfs mount(Path dir, int kib) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String os = System.getProperty("os.name", "");
    assumeTrue(os.toLowerCase(java.util.Locale.ROOT).contains("linux"), "tmpfs needs Linux");
    String failure =
        run("mount", "-t", "tmpfs", "-o", "size=" + kib + "k", "tmpfs", dir.toString());
    assumeTrue(
        failure == null,
        () ->
            "cannot mount a tmpfs (needs root, as on CI); the full-disk case is still covered by"
                + " the injected-fault tests: "
                + failure);
    return new SmallTmpfs(dir);
  }

  /** The mounted directory. */
  public Path dir() {
    return dir;
  }

  /** Changes the size of the mounted filesystem (its files stay). */
  public void resize(int kib) throws IOException, InterruptedException {
    String failure = run("mount", "-o", "remount,size=" + kib + "k", dir.toString());
    if (failure != null) {
      throw new IOException("remount failed: " + failure);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    String failure = run("umount", "-l", dir.toString());
    if (failure != null) {
      throw new IOException("umount failed: " + failure);
    }
  }

  /** Runs a command; null if it succeeded, else its output and exit code. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    } catch (IOException e) {
      return e.toString();
    }
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return String.join(" ", command) + " timed out";
    }
    return p.exitValue() == 0
        ? null
        : String.join(" ", command)
            + " exited "
            + p.exitValue()
            + ": "
            + new String(out, StandardCharsets.UTF_8).strip();
  }
}
