package dev.abkit.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
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
      awaitServed(admin, topic, timeout);
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
    awaitServed(admin, topic, timeout);
  }

  /**
   * Waits until the leader of every partition answers for it. The cluster's metadata names a leader
   * before that broker has taken the partition on, and an idempotent producer's first batch refused
   * then (NOT_LEADER_OR_FOLLOWER) while its next batches were already appended is refused for good
   * as out of sequence: seen on a just-created topic in about half the first writes. A ListOffsets
   * request is answered only by the partition's serving leader, and the admin client retries it
   * until then.
   */
  private static void awaitServed(Admin admin, String topic, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    TopicDescription d = awaitLeaders(admin, topic, deadline, timeout);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (TopicPartitionInfo p : d.partitions()) {
      latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
    }
    long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    admin
        .listOffsets(latest, new ListOffsetsOptions().timeoutMs((int) left))
        .all()
        .get(left, TimeUnit.MILLISECONDS);
  }

  /** Waits until every partition of the topic has a leader in the cluster's metadata. */
  private static TopicDescription awaitLeaders(
      Admin admin, String topic, long deadline, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    while (true) {
      try {
        TopicDescription d =
            admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic);
        if (d != null && d.partitions().stream().allMatch(p -> p.leader() != null)) {
          return d;
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
