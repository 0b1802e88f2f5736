package dev.abkit.examples.demo;

import dev.abkit.AbKit;
import dev.abkit.jdbc.JdbcStore;
import dev.abkit.kafka.KafkaEventStore;
import dev.abkit.manifest.Manifest;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.servlet.AbKitServlets;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo web app: Jetty 12 with abkit's filters and endpoints (abkit-servlet) and the routes of
 * the dashboard seed (DESIGN.md section 6). Start one with {@link #start(DemoOptions)}; the
 * returned handle is what the {@code demo} command runs until Ctrl-C, and what {@code simulate},
 * {@code loadtest} and the tests start in-process on a free port.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>{@code GET /}</td><td>the demo page</td></tr>
 *   <tr><td>{@code GET /api/experiments/dashboard}</td><td>exposes kpi_scorecard_layout,
 *       guided_onboarding; {@code {"variants": {...}, "enrolled": [...]}}</td></tr>
 *   <tr><td>{@code GET /api/experiments/pricing-view}</td><td>exposes pricing_cta_upgrade</td></tr>
 *   <tr><td>{@code POST /api/experiments/events}</td><td>abkit's event endpoint</td></tr>
 *   <tr><td>{@code GET /api/experiments/results[.html]}</td><td>results (bearer token)</td></tr>
 *   <tr><td>{@code GET /api/experiments/config}</td><td>the visitor's variant configs</td></tr>
 *   <tr><td>{@code GET /api/health}</td><td>status and pipeline counters</td></tr>
 *   <tr><td>{@code GET /api/admin/counts}</td><td>flush, then stored counts (bearer token)</td></tr>
 * </table>
 */
public final class DemoServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DemoServer.class);

  /** Experiments the dashboard route shows. */
  public static final List<String> DASHBOARD_EXPERIMENTS =
      List.of("kpi_scorecard_layout", "guided_onboarding");

  /** Experiments the pricing view shows. */
  public static final List<String> PRICING_EXPERIMENTS = List.of("pricing_cta_upgrade");

  public static final String DASHBOARD = "/api/experiments/dashboard";
  public static final String PRICING = "/api/experiments/pricing-view";
  public static final String EVENTS = "/api/experiments/events";
  public static final String RESULTS = "/api/experiments/results";
  public static final String CONFIG = "/api/experiments/config";
  public static final String HEALTH = "/api/health";
  public static final String COUNTS = "/api/admin/counts";

  private final Server server;
  private final AbKit abkit;
  private final URI baseUri;
  private final String token;
  private final String jdbcUrl;
  private final DataDirLock lock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DemoServer(
      Server server, AbKit abkit, URI baseUri, String token, String jdbcUrl, DataDirLock lock) {
    this.server = server;
    this.lock = lock;
    this.abkit = abkit;
    this.baseUri = baseUri;
    this.token = token;
    this.jdbcUrl = jdbcUrl;
  }

  /**
   * Opens the store, builds abkit and starts Jetty.
   *
   * @throws dev.abkit.manifest.ManifestException if the manifest is invalid
   * @throws IllegalArgumentException for a bad option (token, table prefix, missing manifest)
   * @throws IllegalStateException if another abkit process uses the data directory
   * @throws Exception if Jetty cannot start (e.g. the port is taken)
   */
  public static DemoServer start(DemoOptions options) throws Exception {
    return start(options, null, KafkaEventStore.DEFAULT_TOPIC);
  }

  /**
   * Like {@link #start(DemoOptions)}, but with {@code kafkaBootstrap} set (it may be {@code null})
   * the records go to that Kafka cluster's {@code kafkaTopic} and results read the database (which
   * {@code abkit ingest} fills).
   */
  public static DemoServer start(DemoOptions options, String kafkaBootstrap, String kafkaTopic)
      throws Exception {
    // the journal (and the embedded database) in the data directory are this process's alone
    DataDirLock lock = DataDirLock.acquire(options.dataDir());
    try {
      return start(options, kafkaBootstrap, kafkaTopic, lock);
    } catch (Exception | Error e) {
      lock.close();
      throw e;
    }
  }

  private static DemoServer start(
      DemoOptions options, String kafkaBootstrap, String kafkaTopic, DataDirLock lock)
      throws Exception {
    Manifest manifest = DemoManifest.load(options.manifest());
    String token = options.token() != null ? options.token() : randomToken();
    AbKitServlets.Config config =
        AbKitServlets.Config.builder()
            .exposure(DASHBOARD, DASHBOARD_EXPERIMENTS)
            .exposure(PRICING, PRICING_EXPERIMENTS)
            .eventsPath(EVENTS)
            .resultsPath(RESULTS)
            .resultsToken(token)
            .build();

    Files.createDirectories(options.dataDir());
    String url = options.effectiveJdbcUrl();
    JdbcStore.Builder sb =
        JdbcStore.builder().url(url).tablePrefix(options.tablePrefix()).createSchema(true);
    if (options.dbUser() != null) {
      sb.username(options.dbUser());
    }
    if (options.dbPassword() != null) {
      sb.password(options.dbPassword());
    }
    JdbcStore store = sb.build();
    AbKit abkit;
    try {
      abkit =
          AbKit.builder()
              .manifest(manifest)
              .eventStore(
                  kafkaBootstrap == null
                      ? store
                      : new KafkaDemoStore(
                          KafkaEventStore.builder(kafkaBootstrap).topic(kafkaTopic).build(), store))
              // No sticky assignment store: it would put a database round trip on the request
              // path, and a slow or dead database must not move request latency. The visitor
              // cookie and deterministic hashing keep visitors in their variant.
              .pipeline(
                  PipelineSettings.builder()
                      .journalDir(options.dataDir().resolve("journal"))
                      .build())
              .build();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    StoreCounter counter =
        new StoreCounter(url, options.dbUser(), options.dbPassword(), options.tablePrefix());
    String storeKind = options.jdbcUrl() == null ? "h2 (embedded)" : store.dialect().name();

    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("demo-http");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(options.host());
    connector.setPort(options.port());
    // An idle connection is closed after 15 s, not Jetty's 30 s: slow clients hold sockets less.
    connector.setIdleTimeout(15_000);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler("/");
    context.addServletContainerInitializer(
        (classes, servletContext) -> AbKitServlets.register(servletContext, abkit, config));
    context.addServlet(
        new ServletHolder(new DemoServlets.VariantsServlet(DASHBOARD_EXPERIMENTS)), DASHBOARD);
    context.addServlet(
        new ServletHolder(new DemoServlets.VariantsServlet(PRICING_EXPERIMENTS)), PRICING);
    context.addServlet(new ServletHolder(new DemoServlets.ConfigServlet()), CONFIG);
    context.addServlet(new ServletHolder(new DemoServlets.HealthServlet(abkit, storeKind)), HEALTH);
    context.addServlet(
        new ServletHolder(new DemoServlets.CountsServlet(abkit, counter, token)), COUNTS);
    context.addServlet(new ServletHolder(new DemoServlets.PageServlet()), "");
    // Request bodies slower than 256 bytes/s fail their reads: a client dribbling a byte every few
    // seconds cannot keep a request open (the event endpoint also has its own 10 s deadline).
    server.setHandler(new MinimumDataRateHandler(context, 256, 0));
    server.setStopTimeout(5_000);
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      abkit.close();
      throw e;
    }
    String host = options.host().equals("0.0.0.0") ? "127.0.0.1" : options.host();
    URI base = URI.create("http://" + hostForUri(host) + ":" + connector.getLocalPort());
    return new DemoServer(server, abkit, base, token, url, lock);
  }

  private static String hostForUri(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Where the server listens, e.g. {@code http://127.0.0.1:8080}. */
  public URI baseUri() {
    return baseUri;
  }

  /** A URI on this server, e.g. {@code uri("/api/health")}. */
  public URI uri(String path) {
    return baseUri.resolve(path);
  }

  /** The abkit instance behind the server (results, flush, metrics). */
  public AbKit abkit() {
    return abkit;
  }

  /** The bearer token of the results and admin endpoints. */
  public String token() {
    return token;
  }

  /** The JDBC URL of the store (the embedded H2 file, or the given database). */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /**
   * Stops Jetty (letting requests in flight finish, up to 5 s), then closes abkit, which flushes
   * the pipeline and closes the store. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopQuietly(server);
    abkit.close();
    try {
      lock.close();
    } catch (IOException e) {
      log.warn("releasing the data directory lock failed", e);
    }
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("stopping Jetty failed", e);
    }
  }
}
