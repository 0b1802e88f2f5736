package dev.abkit.examples.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of a real database, so tests can simulate a restart, an outage or a
 * slow network without touching the database service (which other tests share).
 *
 * <p>Listens on {@code 127.0.0.1:0}. While {@link #refuse refusing}, every new connection is reset
 * at once (SO_LINGER 0), as a restarting server's clients see; {@link #cutAll} resets every live
 * connection. {@link #latency} delays each chunk the client sends, i.e. adds about that much to
 * every round trip. Thread-safe.
 */
final class TcpProxy implements AutoCloseable {
  private final String targetHost;
  private final int targetPort;
  private final ServerSocket server;
  private final Thread acceptor;
  private final Set<Socket> live = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong reset = new AtomicLong();
  private volatile boolean refusing;
  private volatile long latencyNanos;
  private volatile boolean closed;

  TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    this.acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** While true, new connections are reset at once; false accepts again. */
  void refuse(boolean refuse) {
    this.refusing = refuse;
  }

  /** Resets every live connection (both sides). */
  void cutAll() {
    for (Socket s : live) {
      resetQuietly(s);
    }
  }

  /** A database restart: cut everything, refuse for {@code millis}, then accept again. */
  void outage(long millis) throws InterruptedException {
    refuse(true);
    cutAll();
    Thread.sleep(millis);
    refuse(false);
  }

  /** Delay added before forwarding each client-to-server chunk (0 for none). */
  void latency(long millis) {
    this.latencyNanos = TimeUnit.MILLISECONDS.toNanos(millis);
  }

  long acceptedConnections() {
    return accepted.get();
  }

  long resetConnections() {
    return reset.get();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue; // a transient accept failure: keep serving
      }
      if (refusing) {
        resetQuietly(client);
        continue;
      }
      accepted.incrementAndGet();
      Socket upstream = new Socket();
      try {
        upstream.connect(new InetSocketAddress(targetHost, targetPort), 2000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
      } catch (IOException e) {
        resetQuietly(client);
        resetQuietly(upstream);
        continue;
      }
      live.add(client);
      live.add(upstream);
      pump(client, upstream, true);
      pump(upstream, client, false);
    }
  }

  private void pump(Socket from, Socket to, boolean delayed) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  long delay = delayed ? latencyNanos : 0;
                  if (delay > 0) {
                    TimeUnit.NANOSECONDS.sleep(delay);
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // the connection was cut (by cutAll or by a peer): tear down both sides below
              } finally {
                resetQuietly(from);
                resetQuietly(to);
              }
            },
            "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private void resetQuietly(Socket s) {
    if (live.remove(s) || !s.isClosed()) {
      try {
        s.setSoLinger(true, 0); // RST, not FIN: what a killed server's clients see
      } catch (SocketException e) {
        // already closed by the other pump: nothing to reset
      }
      try {
        s.close();
        reset.incrementAndGet();
      } catch (IOException e) {
        // closing a reset socket can fail; it is gone either way
      }
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    cutAll();
  }
}
