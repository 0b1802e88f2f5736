package dev.abkit.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack that once timed out the demo's health check: 60 sockets that POST events with {@code
 * Content-Length: 10000} and dribble a byte at a time. The health endpoint answers within 2 s
 * throughout.
 */
class DemoSlowClientsTest {
  @TempDir Path dataDir;

  @Test
  void sixtyDribblingEventPosts_healthStillAnswersWithin2s() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try (DemoServer demo =
        DemoServer.start(DemoOptions.embedded(dataDir).withToken("slow-test-token-0123456789"))) {
      for (int i = 0; i < 60; i++) {
        Socket s = new Socket("127.0.0.1", demo.uri("/").getPort());
        OutputStream out = s.getOutputStream();
        out.write(
            ("POST "
                    + DemoServer.EVENTS
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 10000\r\n\r\n{")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        sockets.add(s);
      }
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      long slowestNanos = 0;
      for (int round = 0; round < 6; round++) {
        for (Socket s : sockets) {
          try {
            s.getOutputStream().write(' ');
          } catch (java.io.IOException closedByTheServer) {
            // the server may already have cut a client this slow: that is the point
          }
        }
        long started = System.nanoTime();
        HttpResponse<String> health =
            client.send(
                HttpRequest.newBuilder(demo.uri(DemoServer.HEALTH))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        slowestNanos = Math.max(slowestNanos, System.nanoTime() - started);
        assertThat(health.statusCode()).isEqualTo(200);
        Thread.sleep(500);
      }
      System.out.printf(
          "[reliability] slow-clients: sockets=60 health checks=6 slowest=%.1f ms%n",
          slowestNanos / 1e6);
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }
}
