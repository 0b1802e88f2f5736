package dev.abkit.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

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
  }

  static String requireName(String topic, String what) {
    if (topic == null || topic.isBlank() || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
      throw new IllegalArgumentException(
          what + " must be 1..249 characters of [A-Za-z0-9._-], was \"" + topic + "\"");
    }
    return topic;
  }
}
