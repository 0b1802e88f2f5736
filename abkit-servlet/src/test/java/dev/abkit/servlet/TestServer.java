package dev.abkit.servlet;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real Jetty 12 (ee10) server on 127.0.0.1, an ephemeral port, and a JDK HTTP client with a
 * cookie jar: the boundary under test is HTTP, so the tests speak it. {@code X-Forwarded-Proto:
 * https} makes a request secure (as behind a TLS-terminating proxy).
 */
final class TestServer implements AutoCloseable {
  final Server server;
  final ServletContextHandler context;
  final URI base;

  private TestServer(Server server, ServletContextHandler context, int port) {
    this.server = server;
    this.context = context;
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  /** Starts a server whose root context {@code setup} configured. */
  static TestServer start(Consumer<ServletContextHandler> setup) throws Exception {
    return start(new Server(), setup);
  }

  /** Starts a server with at most {@code maxThreads} request threads. */
  static TestServer start(int maxThreads, Consumer<ServletContextHandler> setup) throws Exception {
    return start(new Server(new QueuedThreadPool(maxThreads, 4)), setup);
  }

  private static TestServer start(Server server, Consumer<ServletContextHandler> setup)
      throws Exception {
    HttpConfiguration http = new HttpConfiguration();
    http.addCustomizer(new ForwardedRequestCustomizer());
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    setup.accept(context);
    server.setHandler(context);
    server.start();
    return new TestServer(server, context, connector.getLocalPort());
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  /** A browser-like client: follows no redirects, keeps cookies. */
  static final class Browser {
    final CookieManager cookies = new CookieManager();
    final HttpClient client =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    HttpResponse<String> get(URI uri, String... headers) throws IOException, InterruptedException {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
      if (headers.length > 0) {
        b.headers(headers);
      }
      return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(URI uri, String contentType, String body, String... headers)
        throws IOException, InterruptedException {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(10))
              .POST(HttpRequest.BodyPublishers.ofString(body));
      if (contentType != null) {
        b.header("Content-Type", contentType);
      }
      if (headers.length > 0) {
        b.headers(headers);
      }
      return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(URI uri, String body) throws IOException, InterruptedException {
      return post(uri, "application/json", body);
    }

    /** The visitor id in the jar, or null. */
    String visitorId() {
      List<HttpCookie> all = cookies.getCookieStore().getCookies();
      return all.stream()
          .filter(c -> c.getName().equals("abkit_vid"))
          .map(HttpCookie::getValue)
          .findFirst()
          .orElse(null);
    }
  }
}
