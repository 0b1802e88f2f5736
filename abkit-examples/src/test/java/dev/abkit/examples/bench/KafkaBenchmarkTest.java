package dev.abkit.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.examples.bench.PipelineBenchmark.KafkaState;
import dev.abkit.examples.kafka.InProcessKafka;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * {@code PipelineBenchmark.kafka} against a broker started in this JVM: every batch it writes is on
 * the topic, and a rough records/s figure (the broker shares this JVM and its two cores, so a
 * separate broker does better).
 */
class KafkaBenchmarkTest {

  @Test
  void everyBenchmarkBatchIsOnTheTopic() throws Exception {
    try (InProcessKafka kafka = InProcessKafka.start()) {
      System.setProperty("abkit.bench.kafka.bootstrap", kafka.bootstrapServers());
      KafkaState state = new KafkaState();
      state.open();
      PipelineBenchmark bench = new PipelineBenchmark();
      String topic = state.store.topic();
      long before;
      try {
        // creates the topic and warms up; on this busy machine a first batch can time out (the
        // store then starts over with a new producer, as the next attempt shows)
        for (int attempt = 1; ; attempt++) {
          try {
            bench.kafka(state);
            break;
          } catch (Exception e) {
            if (attempt == 3) {
              throw e;
            }
          }
        }
        before = endOffsets(kafka, topic);
        int batches = 100;
        long t0 = System.nanoTime();
        for (int i = 0; i < batches; i++) {
          bench.kafka(state);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "[kafka] %d records in %.2f s: %.0f records/s%n",
            batches * PipelineBenchmark.BATCH,
            seconds,
            batches * PipelineBenchmark.BATCH / seconds);
      } finally {
        state.close();
        System.clearProperty("abkit.bench.kafka.bootstrap");
      }
      assertThat(endOffsets(kafka, topic) - before).isEqualTo(100L * PipelineBenchmark.BATCH);
    }
  }

  private static long endOffsets(InProcessKafka kafka, String topic) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      Set<String> names = admin.listTopics().names().get();
      assertThat(names).contains(topic);
      long total = 0;
      for (int partition = 0; partition < 6; partition++) {
        ListOffsetsResult r =
            admin.listOffsets(Map.of(new TopicPartition(topic, partition), OffsetSpec.latest()));
        total += r.all().get().values().iterator().next().offset();
      }
      return total;
    }
  }
}
