package dev.abkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy in front of a loopback echo server: forwarding, then each fault. */
class TcpProxyTest {
  private ServerSocket echo;
  private TcpProxy proxy;

  @BeforeEach
  void startEchoServerAndProxy() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!echo.isClosed()) {
                try {
                  Socket s = echo.accept();
                  Thread t = new Thread(() -> echoUntilClosed(s), "echo");
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return; // closed after the test
                }
              }
            },
            "echo-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    proxy = TcpProxy.start("127.0.0.1", echo.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  private static void echoUntilClosed(Socket s) {
    try (s;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // the proxy reset the connection: this echo is over
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    s.setSoTimeout(5000);
    return s;
  }

  private static String roundTrip(Socket s, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    s.getOutputStream().write(bytes);
    s.getOutputStream().flush();
    return new String(s.getInputStream().readNBytes(bytes.length), StandardCharsets.UTF_8);
  }

  /** A reset connection fails to read, or at best reads the end of the stream. */
  private static boolean disconnected(Socket s) {
    try {
      s.getOutputStream().write(1);
      return s.getInputStream().read() < 0;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void start_forwardsBothWays_bytesUnchanged() throws IOException {
    try (Socket s = connect()) {
      assertThat(roundTrip(s, "héllo")).isEqualTo("héllo");
      assertThat(roundTrip(s, "again")).isEqualTo("again");
    }
    assertThat(proxy.acceptedConnections()).isEqualTo(1);
  }

  @Test
  void cut_liveConnectionsResetAndNewOnesRefused_untilRestore() throws IOException {
    try (Socket live = connect()) {
      assertThat(roundTrip(live, "up")).isEqualTo("up");
      proxy.cut();
      assertThat(disconnected(live)).as("the live connection after cut()").isTrue();
    }
    try (Socket refused = connect()) {
      assertThat(disconnected(refused)).as("a new connection while cut").isTrue();
    }
    // the live pair and the refused one; counted just after the reset the client already saw
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(proxy.resetConnections()).isGreaterThanOrEqualTo(3));

    proxy.restore();
    try (Socket back = connect()) {
      assertThat(roundTrip(back, "back")).isEqualTo("back");
    }
  }

  @Test
  void cutAll_liveConnectionsReset_newOnesStillForwarded() throws IOException {
    try (Socket live = connect()) {
      assertThat(roundTrip(live, "up")).isEqualTo("up");
      proxy.cutAll();
      assertThat(disconnected(live)).isTrue();
    }
    try (Socket next = connect()) {
      assertThat(roundTrip(next, "next")).isEqualTo("next");
    }
  }

  @Test
  void refuse_newConnectionsReset_liveOnesGoOn() throws IOException {
    try (Socket live = connect()) {
      assertThat(roundTrip(live, "up")).isEqualTo("up");
      proxy.refuse(true);
      try (Socket refused = connect()) {
        assertThat(disconnected(refused)).isTrue();
      }
      assertThat(roundTrip(live, "still")).isEqualTo("still");
    }
    proxy.refuse(false);
    try (Socket s = connect()) {
      assertThat(roundTrip(s, "ok")).isEqualTo("ok");
    }
  }

  @Test
  void outage_resetsRefusesThenAcceptsAgain() throws Exception {
    try (Socket live = connect()) {
      assertThat(roundTrip(live, "up")).isEqualTo("up");
      proxy.outage(Duration.ofMillis(100));
      assertThat(disconnected(live)).isTrue();
    }
    try (Socket s = connect()) {
      assertThat(roundTrip(s, "after")).isEqualTo("after");
    }
  }

  @Test
  void latency_delaysEveryRoundTrip() throws IOException {
    try (Socket s = connect()) {
      roundTrip(s, "warm");
      proxy.latency(Duration.ofMillis(200));
      long start = System.nanoTime();
      assertThat(roundTrip(s, "slow")).isEqualTo("slow");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }
  }

  @Test
  void start_targetDown_connectionsReset() throws IOException {
    int deadPort;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = closed.getLocalPort();
    }
    try (TcpProxy toNothing = TcpProxy.start("127.0.0.1", deadPort);
        Socket s = new Socket(InetAddress.getLoopbackAddress(), toNothing.port())) {
      s.setSoTimeout(5000);
      assertThat(disconnected(s)).isTrue();
      assertThat(toNothing.acceptedConnections()).isZero();
    }
  }

  @Test
  void start_badTarget_rejectedNamingIt() {
    assertThatThrownBy(() -> TcpProxy.start("127.0.0.1", 70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("targetPort must be 1..65535, was 70000");
    assertThatThrownBy(() -> TcpProxy.start(" ", 5432))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("targetHost must not be blank");
    assertThatThrownBy(() -> proxy.latency(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delay must not be negative");
  }
}
