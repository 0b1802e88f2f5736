package dev.abkit.examples.reliability;

import dev.abkit.pipeline.PipelineSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@link DemoApp} as a process of its own, for {@link ProcessKillTest} to {@code kill -9}.
 * Arguments: {@code jdbcUrl tablePrefix journalDir durable queueCapacity batchSize}. Prints {@code
 * ready <port>} on stdout once serving, then serves until killed (a normal termination closes it).
 */
public final class KillChildApp {
  private KillChildApp() {}

  // the shutdown hook of a child process the test kills: its stderr is the only place to report
  @SuppressWarnings("CatchAndPrintStackTrace")
  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println(
          "usage: KillChildApp jdbcUrl tablePrefix journalDir durable queueCapacity batchSize");
      System.exit(2);
    }
    PipelineSettings settings =
        PipelineSettings.builder()
            .journalDir(Path.of(args[2]))
            .durable(Boolean.parseBoolean(args[3]))
            .queueCapacity(Integer.parseInt(args[4]))
            .batchSize(Integer.parseInt(args[5]))
            .flushInterval(Duration.ofMillis(50))
            .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
            .spillAfter(Duration.ofMillis(500))
            .build();
    DemoApp app = DemoApp.start(args[0], args[1], settings, 0);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    app.close();
                  } catch (Exception e) {
                    e.printStackTrace();
                  }
                }));
    System.out.println("ready " + app.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
