package dev.abkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.AbKit;
import dev.abkit.store.memory.InMemoryEventStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that send an events POST and dribble its body must not take the server's threads: with 60
 * such sockets open on a server of 24 threads, other requests are answered promptly, and each slow
 * request gets 408 when its deadline passes.
 */
class SlowClientsTest {
  private static final int SLOW_CLIENTS = 60;

  private final AbKit abkit = Fixtures.abkit(new InMemoryEventStore());
  private final List<Socket> sockets = new ArrayList<>();
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    AbKitServlets.Config config = Fixtures.config().bodyReadTimeout(Duration.ofSeconds(8)).build();
    server =
        TestServer.start(
            24,
            ctx -> {
              ctx.addServletContainerInitializer(
                  (c, sc) -> AbKitServlets.register(sc, abkit, config));
              ctx.addServlet(new ServletHolder(new Fixtures.AppServlet()), "/app/*");
            });
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket s : sockets) {
      s.close();
    }
    server.close();
    abkit.close();
  }

  @Test
  void dribblingBodies_holdNoThreads_andEndIn408() throws Exception {
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      Socket s = new Socket("127.0.0.1", server.base.getPort());
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 10000\r\n\r\n{")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      sockets.add(s);
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI page = server.uri("/app/dashboard");
    long slowest = 0;
    for (int round = 0; round < 6; round++) {
      for (Socket s : sockets) {
        s.getOutputStream().write(' '); // one more byte, as a slow client would
      }
      long start = System.nanoTime();
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.ofString());
      slowest = Math.max(slowest, System.nanoTime() - start);
      assertThat(r.statusCode()).isEqualTo(200);
      Thread.sleep(250);
    }
    assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(2));

    for (Socket s : sockets) {
      assertThat(statusLine(s.getInputStream())).isEqualTo("HTTP/1.1 408 Request Timeout");
    }
  }

  private static String statusLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
      line.append((char) c);
    }
    return line.toString();
  }
}
