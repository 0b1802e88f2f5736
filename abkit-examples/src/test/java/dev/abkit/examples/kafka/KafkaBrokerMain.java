package dev.abkit.examples.kafka;

import java.util.concurrent.CountDownLatch;

/**
 * Starts the tests' single-node KRaft cluster ({@link InProcessKafka}) in a JVM of its own, for the
 * benchmarks that need a broker: prints {@code bootstrap=HOST:PORT} on a line of its own and runs
 * until the process is stopped (SIGTERM or Ctrl-C closes the cluster and deletes its directories).
 * Run with the module's test class path (README, "Scaling out").
 */
public final class KafkaBrokerMain {
  private KafkaBrokerMain() {}

  public static void main(String[] args) throws Exception {
    InProcessKafka kafka = InProcessKafka.start();
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    kafka.close();
                  } catch (Exception e) {
                    System.err.println("closing the broker failed: " + e);
                  } finally {
                    closed.countDown();
                  }
                },
                "kafka-broker-shutdown"));
    System.out.println("bootstrap=" + kafka.bootstrapServers());
    System.out.flush();
    closed.await();
  }
}
