package dev.abkit.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creating a topic when it is missing, shared by the store and the ingest. */
final class Topics {
  private Topics() {}

  /**
   * Creates {@code topic} with {@code partitions} partitions (and the broker's default replication
   * factor) unless it exists; an existing topic is used as it is, whatever its partition count.
   */
  static void ensure(Admin admin, String topic, int partitions, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).contains(topic)) {
      return;
    }
    try {
      admin
          .createTopics(
              List.of(
                  new NewTopic(
                      topic, java.util.Optional.of(partitions), java.util.Optional.empty())),
              new CreateTopicsOptions().timeoutMs((int) timeout.toMillis()))
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e; // another instance creating it at the same moment is fine; anything else is not
      }
    }
    awaitLeaders(admin, topic, timeout);
  }

  /**
   * Waits until every partition of a topic just created has a leader: the first produce to a
   * partition without one waits for metadata and, on a busy cluster, can run out its delivery
   * timeout, failing the first batch for nothing.
   */
  private static void awaitLeaders(Admin admin, String topic, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        TopicDescription d =
            admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic);
        if (d != null && d.partitions().stream().allMatch(p -> p.leader() != null)) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("topic " + topic + " has partitions without a leader");
      }
      Thread.sleep(50);
    }
  }

  static String requireName(String topic, String what) {
    if (topic == null || topic.isBlank() || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
      throw new IllegalArgumentException(
          what + " must be 1..249 characters of [A-Za-z0-9._-], was \"" + topic + "\"");
    }
    return topic;
  }
}
