package dev.abkit.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VisitorTest {

  /**
   * A server that closes a connection without answering (as when an idle keep-alive connection is
   * closed just as the client reuses it) costs the simulation nothing: the POST is sent again. The
   * JDK client retries only GETs by itself; a simulation of 2000 visitors failed on this in CI.
   */
  @Test
  void postJson_connectionClosedWithoutAResponse_isSentOnceMore() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicInteger connections = new AtomicInteger();
      Thread serving =
          new Thread(
              () -> {
                try {
                  while (true) {
                    try (Socket s = server.accept()) {
                      readRequestHead(s);
                      if (connections.incrementAndGet() > 1) {
                        respond(s, "{\"accepted\":1}");
                      }
                    }
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      serving.setDaemon(true);
      serving.start();
      URI base = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
      Visitor v =
          new Visitor(HttpClient.newHttpClient(), base, Visitor.newId(new SplittableRandom(1)));

      var r = v.postJson("/events", "{\"event\":\"kpi_click\",\"id\":\"x\"}");

      assertThat(r.statusCode()).isEqualTo(202);
      assertThat(r.body()).isEqualTo("{\"accepted\":1}");
      assertThat(connections).hasValue(2);
      server.close();
      serving.join(5_000);
    }
  }

  /** A server that is gone still fails the request: one more try, not a loop. */
  @Test
  void get_serverGone_failsAfterTheSecondTry() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Visitor v =
        new Visitor(
            HttpClient.newHttpClient(),
            URI.create("http://127.0.0.1:" + port + "/"),
            Visitor.newId(new SplittableRandom(2)));

    assertThatThrownBy(() -> v.get("/dashboard")).isInstanceOf(IOException.class);
  }

  private static void readRequestHead(Socket s) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      // the head only; the body is small and the connection is closed after the answer
    }
  }

  private static void respond(Socket s, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    OutputStream out = s.getOutputStream();
    out.write(
        ("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + "Content-Length: "
                + bytes.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }
}
