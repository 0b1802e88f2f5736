package dev.abkit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of a real server (a database, a broker), to test what a store does
 * when the network fails, without touching the server itself (which other tests may share). Point
 * the store at {@code 127.0.0.1:}{@link #port()} and:
 *
 * <ul>
 *   <li>{@link #cut()}: reset every live connection and refuse new ones, until {@link #restore()}
 *       (the server is down);
 *   <li>{@link #cutAll()}: reset every live connection and keep accepting (the network dropped);
 *   <li>{@link #refuse(boolean)}: reset new connections at once, while live ones go on;
 *   <li>{@link #outage(Duration)}: a server restart: cut, refuse for a while, accept again;
 *   <li>{@link #latency(Duration)}: delay everything the client sends (a slow network or server).
 * </ul>
 *
 * <p>Connections are reset (TCP RST, SO_LINGER 0) rather than closed, which is what a killed or
 * restarting server's clients see. Each forwarded connection takes two daemon threads; a connection
 * the server refuses is reset on the client side too.
 *
 * <p>Thread-safe: faults may be switched from any thread while connections are forwarded.
 */
public final class TcpProxy implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_MILLIS = 2000;

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket server;
  private final Set<Socket> live = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong reset = new AtomicLong();
  private volatile boolean refusing;
  private volatile long latencyNanos;
  private volatile boolean closed;

  private TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Starts a proxy to {@code targetHost:targetPort} on a free loopback port, forwarding at once.
   * The target need not be up: connections made while it is down are reset.
   *
   * @throws IllegalArgumentException if the port is outside 1..65535 or the host is blank
   * @throws IOException if no loopback port can be bound
   */
  public static TcpProxy start(String targetHost, int targetPort) throws IOException {
    Objects.requireNonNull(targetHost, "targetHost");
    if (targetHost.isBlank()) {
      throw new IllegalArgumentException("targetHost must not be blank");
    }
    if (targetPort < 1 || targetPort > 65535) {
      throw new IllegalArgumentException("targetPort must be 1..65535, was " + targetPort);
    }
    return new TcpProxy(targetHost, targetPort);
  }

  /** The loopback port the proxy listens on. */
  public int port() {
    return server.getLocalPort();
  }

  /** While {@code true}, new connections are reset at once; {@code false} accepts again. */
  public void refuse(boolean refuse) {
    this.refusing = refuse;
  }

  /** Resets every live connection (both sides); new ones are still accepted. */
  public void cutAll() {
    for (Socket s : live) {
      resetQuietly(s);
    }
  }

  /**
   * The server goes away: resets every live connection and refuses new ones until {@link
   * #restore()}.
   */
  public void cut() {
    refuse(true);
    cutAll();
  }

  /** The server is back: accepts and forwards new connections again. */
  public void restore() {
    refuse(false);
  }

  /** A server restart: {@link #cut()}, refuse for {@code downFor}, then {@link #restore()}. */
  public void outage(Duration downFor) throws InterruptedException {
    requireNonNegative(downFor, "downFor");
    cut();
    try {
      Thread.sleep(downFor.toMillis());
    } finally {
      restore();
    }
  }

  /**
   * Delay added before forwarding each chunk the client sends (so about that much on every round
   * trip); {@link Duration#ZERO} for none.
   */
  public void latency(Duration delay) {
    requireNonNegative(delay, "delay");
    this.latencyNanos = delay.toNanos();
  }

  /** Connections accepted and forwarded so far (refused ones not counted). */
  public long acceptedConnections() {
    return accepted.get();
  }

  /** Sockets reset so far, client and server sides (by faults, or by a side closing). */
  public long resetConnections() {
    return reset.get();
  }

  private static void requireNonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + d);
    }
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
      Socket upstream = new Socket();
      try {
        upstream.connect(new InetSocketAddress(targetHost, targetPort), CONNECT_TIMEOUT_MILLIS);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
      } catch (IOException e) {
        // the target is down: the client sees its connection reset, as it would by the server
        resetQuietly(client);
        resetQuietly(upstream);
        continue;
      }
      accepted.incrementAndGet();
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
                for (int n; (n = in.read(buf)) >= 0; ) {
                  long delay = delayed ? latencyNanos : 0;
                  if (delay > 0) {
                    TimeUnit.NANOSECONDS.sleep(delay);
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // the connection was cut (by a fault or by a peer): tear down both sides below
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

  /** Stops listening and resets every live connection. */
  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    cutAll();
  }
}
