package dev.abkit.examples.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.servlet.AbKitContextListener;
import dev.abkit.servlet.Experiments;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * web.xml's {@code abkit.store=jdbc:...} with abkit-servlet and abkit-jdbc-store both deployed: the
 * listener finds the JDBC store through its {@code StoreProvider} (abkit-servlet itself does not
 * depend on abkit-jdbc-store, so this lives here, where every module is).
 */
class ContextListenerJdbcTest {
  private static final String KPI = "kpi_scorecard_layout";
  private static final String MANIFEST =
      """
      {"experiments": [
        {"id": "kpi_scorecard_layout", "variants": [{"key": "A"}, {"key": "B"}],
         "target_event": "kpi_click"},
        {"id": "guided_onboarding", "variants": [{"key": "A"}, {"key": "B"}],
         "target_event": "tooltip_open"}
      ]}
      """;

  @TempDir Path dir;

  /** Serves the visitor's variant in the dashboard experiment. */
  static final class DashboardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/plain");
      resp.getWriter().write(Experiments.of(req).variant(KPI));
    }
  }

  @Test
  void listener_jdbcStore_recordsIntoTheDatabase() throws Exception {
    Path manifest = Files.writeString(dir.resolve("tests.json"), MANIFEST);
    String url =
        "jdbc:h2:mem:abkit_servlet_"
            + UUID.randomUUID().toString().replace("-", "")
            + ";DB_CLOSE_DELAY=-1";
    AbKitContextListener listener = new AbKitContextListener();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler ctx = new ServletContextHandler("/");
    Map.of(
            "abkit.manifest",
            manifest.toString(),
            "abkit.store",
            url,
            // named explicitly, loaded through the web app's class loader (TomcatWarTest covers
            // the store finding it without this parameter)
            "abkit.store.driver",
            "org.h2.Driver",
            "abkit.exposure./app/dashboard",
            KPI)
        .forEach(ctx::setInitParameter);
    ctx.addEventListener(listener);
    ctx.addServlet(new ServletHolder(new DashboardServlet()), "/app/*");
    server.setHandler(ctx);
    server.start();

    CookieManager cookies = new CookieManager();
    HttpClient client =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    try {
      HttpResponse<String> page =
          client.send(
              HttpRequest.newBuilder(base.resolve("/app/dashboard")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).isIn("A", "B");
      HttpResponse<String> event =
          client.send(
              HttpRequest.newBuilder(base.resolve("/abkit/events"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"kpi_click\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(event.statusCode()).isEqualTo(202);
    } finally {
      server.stop(); // the listener closes abkit, flushing the pipeline into the database
    }

    String visitor =
        cookies.getCookieStore().getCookies().stream()
            .filter(c -> c.getName().equals("abkit_vid"))
            .map(HttpCookie::getValue)
            .findFirst()
            .orElseThrow();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      ResultSet exposures = s.executeQuery("select unit, experiment from abkit_exposures");
      assertThat(exposures.next()).isTrue();
      assertThat(exposures.getString(1)).isEqualTo(visitor);
      assertThat(exposures.getString(2)).isEqualTo(KPI);
      assertThat(exposures.next()).isFalse();
      ResultSet events = s.executeQuery("select count(*) from abkit_events");
      events.next();
      assertThat(events.getInt(1)).isEqualTo(1);
    }
  }
}
