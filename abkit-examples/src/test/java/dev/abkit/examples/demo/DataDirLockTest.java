package dev.abkit.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 12: a second {@code abkit demo} on the same data directory must not start and share
 * the first one's journal and database.
 */
class DataDirLockTest {
  @TempDir Path dir;

  @Test
  void secondDemoOnTheSameDataDir_failsNamingTheDirectory_andStartsOnceTheFirstStops()
      throws Exception {
    DemoOptions options = DemoOptions.embedded(dir).withToken("lock-token-0123456789");
    DemoServer first = DemoServer.start(options);
    try {
      assertThatThrownBy(() -> DemoServer.start(options))
          .isInstanceOf(DataDirInUseException.class)
          .hasMessageContaining("the data directory " + dir.toAbsolutePath().normalize())
          .hasMessageContaining("in use by another abkit process");
      // the refused start touched nothing of the first: it still serves
      assertThat(first.abkit().metrics().dropped()).isZero();
    } finally {
      first.close();
    }
    try (DemoServer second = DemoServer.start(options)) {
      assertThat(second.baseUri()).isNotNull();
    }
  }

  /** Holds the lock of the directory in args[0] until its stdin closes. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      try (DataDirLock lock = DataDirLock.acquire(Path.of(args[0]))) {
        System.out.println("locked");
        System.out.flush();
        while (System.in.read() >= 0) {
          // hold it
        }
      }
    }
  }

  @Test
  void dataDirLockedByAnotherProcess_demoRefusesToStart_andTheLockGoesWithTheProcess()
      throws Exception {
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Holder.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");
      assertThatThrownBy(() -> DataDirLock.acquire(dir))
          .isInstanceOf(DataDirInUseException.class)
          .hasMessageContaining(dir.toAbsolutePath().normalize().toString());
      assertThatThrownBy(
              () -> DemoServer.start(DemoOptions.embedded(dir).withToken("lock-token-0123456789")))
          .isInstanceOf(DataDirInUseException.class);
    } finally {
      holder.destroyForcibly(); // as kill -9: the OS releases the lock
      holder.waitFor(10, TimeUnit.SECONDS);
    }
    try (DataDirLock lock = DataDirLock.acquire(dir)) {
      assertThat(lock).isNotNull();
    }
  }
}
