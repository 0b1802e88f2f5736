package dev.abkit.examples.cli;

import dev.abkit.jdbc.JdbcStore;
import dev.abkit.kafka.KafkaEventStore;
import dev.abkit.kafka.KafkaIngest;
import dev.abkit.spi.EventStore;
import dev.abkit.store.file.FileEventStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code abkit ingest}: one worker of the consumer group that moves records from the Kafka topic
 * into a database or a file store, until Ctrl-C or SIGTERM (DESIGN.md section 13). Any number run
 * side by side, sharing the topic's partitions.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Reads the records that `abkit demo --kafka-bootstrap` (or any app with KafkaEventStore)",
      "produced and writes them into a database (--jdbc-url) or a file store (--data-dir),",
      "committing offsets only once the store has them. Run as many as you like: they share",
      "the topic's partitions. Poison records go to <topic>.dlq. Ctrl-C/SIGTERM stops it cleanly."
    })
public final class IngestCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--kafka-bootstrap",
      required = true,
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers, host:port[,host:port...]")
  private String bootstrap;

  @Option(
      names = "--kafka-topic",
      paramLabel = "TOPIC",
      defaultValue = KafkaEventStore.DEFAULT_TOPIC,
      description = "topic to read (default: ${DEFAULT-VALUE})")
  private String topic;

  @Option(
      names = "--group",
      paramLabel = "GROUP",
      defaultValue = KafkaIngest.DEFAULT_GROUP,
      description = "consumer group the workers share (default: ${DEFAULT-VALUE})")
  private String group;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Target target;

  @Mixin private DatabaseOptions db;

  static final class Target {
    @Option(
        names = "--jdbc-url",
        paramLabel = "URL",
        description = "PostgreSQL, MariaDB/MySQL or H2 database to write into")
    String jdbcUrl;

    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description = "file store directory to write into (abkit results --data-dir reads it)")
    Path dataDir;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (target.jdbcUrl != null && !target.jdbcUrl.startsWith("jdbc:")) {
      spec.commandLine()
          .getErr()
          .println(
              "abkit ingest: --jdbc-url must start with jdbc:, was \"" + target.jdbcUrl + "\"");
      return 2;
    }
    if (target.jdbcUrl == null && (db.user != null || db.password != null)) {
      spec.commandLine()
          .getErr()
          .println("abkit ingest: --db-user and --db-password go with --jdbc-url");
      return 2;
    }
    EventStore store = openStore();
    KafkaIngest ingest;
    try {
      ingest = KafkaIngest.builder(bootstrap, store).topic(topic).group(group).build();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    // SIGTERM/Ctrl-C: stop the loop, let it finish the batch in hand, commit and leave the group,
    // print the closing line, then exit. The hook waits for all that, because the JVM halts as
    // soon as its hooks return. The exit status stays the JVM's for the signal (143 for SIGTERM,
    // 130 for Ctrl-C): Main's System.exit, reached while the hook still runs, blocks until the
    // JVM halts, and forcing 0 would take Runtime.halt in the hook, cutting short any other
    // shutdown hook.
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                closed.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "abkit-ingest-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      ingest.start();
      out.println(
          "abkit ingest: "
              + topic
              + " at "
              + bootstrap
              + " -> "
              + (target.jdbcUrl != null ? target.jdbcUrl : "file store " + target.dataDir)
              + " (group "
              + group
              + ", poison records to "
              + ingest.deadLetterTopic()
              + ")");
      out.println("Ctrl-C stops it.");
      out.flush();
      stop.await();
      return 0;
    } finally {
      try {
        ingest.close();
        store.close();
      } finally {
        out.println(
            "abkit ingest: stored "
                + ingest.stored()
                + " records, "
                + ingest.deadLettered()
                + " to the dead-letter topic, lag "
                + ingest.lag());
        out.flush();
        closed.countDown();
        removeHook(hook);
      }
    }
  }

  private EventStore openStore() throws Exception {
    if (target.dataDir != null) {
      return FileEventStore.open(target.dataDir);
    }
    JdbcStore.Builder sb =
        JdbcStore.builder().url(target.jdbcUrl).tablePrefix(db.tablePrefix).createSchema(true);
    if (db.user != null) {
      sb.username(db.user);
    }
    if (db.password != null) {
      sb.password(db.password);
    }
    return sb.build();
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook is running and waits for us
    }
  }
}
