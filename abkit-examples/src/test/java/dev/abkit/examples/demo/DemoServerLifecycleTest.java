package dev.abkit.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoServerLifecycleTest {
  @TempDir Path dir;

  @Test
  void close_flushesEverythingAcknowledged_andTheDataDirKeepsItAcrossRestarts() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    String token = "lifecycle-token-0123456789";
    String visitorId = Visitor.newId(new SplittableRandom(99));
    try (DemoServer demo = DemoServer.start(DemoOptions.embedded(dir).withToken(token))) {
      Visitor v = new Visitor(client, demo.baseUri(), visitorId);
      v.get(DemoServer.DASHBOARD);
      for (int i = 0; i < 5; i++) {
        assertThat(v.postJson(DemoServer.EVENTS, "{\"event\":\"kpi_click\"}").statusCode())
            .isEqualTo(202);
      }
    } // no explicit flush: close must deliver the queue

    try (DemoServer again = DemoServer.start(DemoOptions.embedded(dir).withToken(token))) {
      assertThat(again.abkit().results("kpi_scorecard_layout").variants())
          .anySatisfy(
              r -> {
                assertThat(r.exposures()).isEqualTo(1);
                assertThat(r.conversions()).isEqualTo(1);
              });
      StoreCounter.Counts c =
          new StoreCounter(again.jdbcUrl(), null, null, DemoOptions.DEFAULT_TABLE_PREFIX).count();
      assertThat(c).isEqualTo(new StoreCounter.Counts(2, 5));
    }
  }

  @Test
  void start_tokenTooShort_failsNamingTheSetting() {
    assertThatThrownBy(() -> DemoServer.start(DemoOptions.embedded(dir).withToken("short")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--token (or ABKIT_TOKEN) must be at least 16 characters");
  }

  @Test
  void options_userWithoutJdbcUrl_isRejected() {
    assertThatThrownBy(
            () -> new DemoOptions("127.0.0.1", 0, null, "u", null, dir, null, null, "abkit_"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--db-user and --db-password go with --jdbc-url");
  }
}
