package dev.abkit.kafka;

import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A single-node KRaft cluster (one combined broker and controller) inside the test JVM. */
final class InProcessKafka implements AutoCloseable {
  private final KafkaClusterTestKit cluster;

  private InProcessKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  static InProcessKafka start() throws Exception {
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "4")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("group.min.session.timeout.ms", "1000")
            .build();
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return new InProcessKafka(cluster);
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /**
   * Shuts the broker down (clients get connection refused; the KRaft controller beside it keeps
   * running). {@link #startBroker} starts it again on the same port and log directory.
   */
  void stopBroker() {
    broker().shutdown();
  }

  /** Starts the broker stopped by {@link #stopBroker} and waits until it is ready. */
  void startBroker() throws Exception {
    broker().startup();
    cluster.waitForReadyBrokers();
  }

  private BrokerServer broker() {
    return cluster.brokers().values().iterator().next();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
