package dev.abkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abkit.event.Exposure;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With no broker to talk to, ping and write fail within the timeout, so the pipeline journals. */
class KafkaUnreachableTest {

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void pingAndWriteFailWithinTheTimeoutWhenNoBrokerAnswers() throws Exception {
    try (KafkaEventStore store =
        KafkaEventStore.builder("127.0.0.1:" + closedPort())
            .timeout(Duration.ofSeconds(1))
            .build()) {
      long t0 = System.nanoTime();
      assertThatThrownBy(store::ping)
          .isInstanceOf(Exception.class)
          .satisfies(e -> assertThat(e).isNotInstanceOf(InterruptedException.class));
      assertThatThrownBy(() -> store.write(List.of(new Exposure("u", "e", "A", Instant.EPOCH))))
          .isInstanceOf(Exception.class);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
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
