package dev.abkit.examples.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.abkit.AbKit;
import dev.abkit.jdbc.JdbcStore;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.servlet.AbKitServlets;
import dev.abkit.servlet.Experiments;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An embedded equivalent of {@code abkit demo}, built from the public API only: Jetty 12 (ee10)
 * with {@link AbKitServlets#register}, a {@link JdbcStore} on PostgreSQL (through whatever URL the
 * test gives, usually a {@link dev.abkit.testing.TcpProxy}) and a pipeline journal in a directory
 * of the test's choosing. Routes as the demo's: {@code GET /api/experiments/dashboard} (exposes
 * {@value #KPI} and {@value #ONBOARDING}, answers {@code {"variants": {...}}}), {@code POST
 * /api/experiments/events}, {@code GET /api/experiments/results} (bearer {@link #TOKEN}) and {@code
 * GET /api/health}, plus {@code GET /api/metrics} (the pipeline counters, for a parent process
 * watching a child). The manifest is the repository's root {@code tests.json}.
 */
final class DemoApp implements AutoCloseable {
  static final String KPI = "kpi_scorecard_layout";
  static final String ONBOARDING = "guided_onboarding";
  static final List<String> DASHBOARD_EXPERIMENTS = List.of(KPI, ONBOARDING);
  static final String TOKEN = "reliability-results-token-0123456789";
  static final String DASHBOARD = "/api/experiments/dashboard";
  static final String EVENTS = "/api/experiments/events";
  static final String RESULTS = "/api/experiments/results";
  static final String HEALTH = "/api/health";
  static final String METRICS = "/api/metrics";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcStore store;
  private final AbKit abkit;
  private final Server server;

  private DemoApp(JdbcStore store, AbKit abkit, Server server) {
    this.store = store;
    this.abkit = abkit;
    this.server = server;
  }

  /**
   * Builds the store, abkit and the server, and starts serving on 127.0.0.1:{@code port} (0 picks a
   * free one).
   */
  static DemoApp start(String jdbcUrl, String tablePrefix, PipelineSettings pipeline, int port)
      throws Exception {
    return start(jdbcUrl, tablePrefix, pipeline, port, false);
  }

  /**
   * As {@link #start(String, String, PipelineSettings, int)}; with {@code sticky} the store is also
   * the assignment store, the setup the README recommends (and the one web.xml {@code jdbc:} stores
   * get): every new visitor's assignment then consults the database, behind the sticky timeout.
   */
  static DemoApp start(
      String jdbcUrl, String tablePrefix, PipelineSettings pipeline, int port, boolean sticky)
      throws Exception {
    JdbcStore store =
        JdbcStore.builder()
            .url(jdbcUrl)
            .username(Postgres.USER)
            .password("")
            .tablePrefix(tablePrefix)
            .createSchema(true)
            .connectionTimeout(Duration.ofSeconds(1))
            .build();
    // Without sticky, the event store only: recording alone must never wait on the database. With
    // sticky, assignment consults the store too, but off the request thread and for at most the
    // sticky timeout (issue 11 item 9), which the sticky scenarios measure as request p99.
    AbKit.Builder builder =
        AbKit.builder().manifest(manifest()).eventStore(store).pipeline(pipeline);
    if (sticky) {
      builder.assignmentStore(store);
    }
    AbKit abkit = builder.build();
    QueuedThreadPool threads = new QueuedThreadPool(64, 8);
    threads.setName("demo-http");
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    AbKitServlets.Config config =
        AbKitServlets.Config.builder()
            .exposure(DASHBOARD, DASHBOARD_EXPERIMENTS)
            .eventsPath(EVENTS)
            .resultsPath(RESULTS)
            .resultsToken(TOKEN)
            .build();
    context.addServletContainerInitializer(
        (classes, servletContext) -> AbKitServlets.register(servletContext, abkit, config));
    context.addServlet(new ServletHolder(new DashboardServlet()), DASHBOARD);
    context.addServlet(new ServletHolder(new HealthServlet()), HEALTH);
    context.addServlet(new ServletHolder(new MetricsServlet(abkit)), METRICS);
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      abkit.close();
      throw e;
    }
    return new DemoApp(store, abkit, server);
  }

  /** The repository's root tests.json (tests run in a module directory below it). */
  static Path manifest() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("tests.json");
      if (Files.isRegularFile(candidate) && Files.isDirectory(dir.resolve("abkit-core"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "no tests.json in " + Path.of("").toAbsolutePath() + " or above");
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  AbKit abkit() {
    return abkit;
  }

  JdbcStore store() {
    return store;
  }

  /** Stops serving, then closes abkit (flushing its pipeline) and the store. */
  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } finally {
      abkit.close();
      store.close();
    }
  }

  /** The demo's dashboard: the served variant of each dashboard experiment. */
  private static final class DashboardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      Experiments ex = Experiments.of(req);
      ObjectNode body = JSON.createObjectNode();
      ObjectNode variants = body.putObject("variants");
      for (String id : DASHBOARD_EXPERIMENTS) {
        variants.put(id, ex.variant(id));
      }
      resp.setContentType("application/json");
      resp.setCharacterEncoding("UTF-8");
      resp.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
  }

  private static final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("application/json");
      resp.getWriter().write("{\"status\":\"ok\"}");
    }
  }

  /** The pipeline counters as JSON (test harness only; a real app would protect this). */
  private static final class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient AbKit abkit;

    MetricsServlet(AbKit abkit) {
      this.abkit = abkit;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("application/json");
      resp.getOutputStream().write(JSON.writeValueAsBytes(abkit.metrics()));
    }
  }
}
