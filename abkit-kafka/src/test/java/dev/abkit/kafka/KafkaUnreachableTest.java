package dev.abkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.abkit.AbKit;
import dev.abkit.event.Exposure;
import dev.abkit.pipeline.PipelineSettings;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no broker to talk to, ping and write fail within the timeout, so the pipeline journals. */
class KafkaUnreachableTest {

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void identity_namesTheClusterAndTopic_forTheJournal() throws Exception {
    String servers = "127.0.0.1:" + closedPort();
    try (KafkaEventStore a = KafkaEventStore.builder(servers).topic("shop.records").build();
        KafkaEventStore b = KafkaEventStore.builder(servers).topic("blog.records").build()) {
      assertThat(a.identity()).contains("kafka:" + servers + "/shop.records");
      assertThat(b.identity()).isNotEqualTo(a.identity());
    }
  }

  @Test
  void pingAndWriteFailWithinTheTimeoutWhenNoBrokerAnswers() throws Exception {
    try (KafkaEventStore store =
        KafkaEventStore.builder("127.0.0.1:" + closedPort())
            .timeout(Duration.ofSeconds(1))
            .build()) {
      long t0 = System.nanoTime();
      // whichever ends first, the admin client's timeout or the wait for it: the same exception
      assertThatThrownBy(store::ping).isInstanceOf(KafkaUnavailableException.class);
      assertThatThrownBy(() -> store.write(List.of(new Exposure("u", "e", "A", Instant.EPOCH))))
          .isInstanceOf(Exception.class);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void withKafkaDownThePipelineJournalsAndRequestsNeverFail(@TempDir Path journal)
      throws Exception {
    KafkaEventStore store =
        KafkaEventStore.builder("127.0.0.1:" + closedPort())
            .timeout(Duration.ofMillis(500))
            .build();
    AbKit abkit =
        AbKit.builder()
            .manifestJson(
                "{\"experiments\": [{\"id\": \"layout\", \"target_event\": \"click\","
                    + " \"variants\": [{\"key\": \"A\"}, {\"key\": \"B\"}]}]}")
            .eventStore(store)
            .pipeline(
                PipelineSettings.builder()
                    .journalDir(journal)
                    .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(100))
                    .spillAfterFailures(1)
                    .build())
            .build();
    try {
      for (int i = 0; i < 20; i++) {
        assertThat(abkit.track("u" + i, "click")).isNotNull();
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(abkit.metrics().spilled()).isEqualTo(20));
      assertThat(abkit.metrics().written()).isZero();
      assertThat(abkit.metrics().journalBytes()).isPositive();
    } finally {
      abkit.close();
    }
  }

  @Test
  void badSettingsAreRejectedNamingTheSetting() {
    assertThatThrownBy(() -> KafkaEventStore.builder(" "))
        .hasMessageContaining("bootstrap servers");
    assertThatThrownBy(() -> KafkaEventStore.builder("h:1").topic("a b"))
        .hasMessageContaining("Kafka topic");
    assertThatThrownBy(() -> KafkaEventStore.builder("h:1").partitions(0))
        .hasMessageContaining("partitions");
  }
}
