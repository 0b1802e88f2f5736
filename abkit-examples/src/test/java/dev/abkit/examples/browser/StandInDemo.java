package dev.abkit.examples.browser;

import dev.abkit.AbKit;
import dev.abkit.event.PipelineSettings;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Manifest;
import dev.abkit.servlet.AbKitServlets;
import dev.abkit.servlet.Experiments;
import dev.abkit.store.memory.InMemoryEventStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Stand-in for the demo app until {@code DemoServer} lands: the same routes and page element ids on
 * Jetty with abkit's servlet module over an in-memory store.
 */
final class StandInDemo implements AutoCloseable {
  static final String TOKEN = "browser-test-token-0123456789";
  private final Server server;
  private final AbKit abkit;
  private final URI base;

  StandInDemo(Path journal) throws Exception {
    abkit =
        AbKit.builder()
            .manifest(
                Manifest.of(
                    Experiment.of("kpi_scorecard_layout", "kpi_click", "A", "B"),
                    Experiment.of("guided_onboarding", "tooltip_open", "A", "B"),
                    Experiment.of("pricing_cta_upgrade", "subscription_upgrade", "A", "B")))
            .eventStore(new InMemoryEventStore())
            .pipeline(PipelineSettings.builder().journalDir(journal).build())
            .build();
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler ctx = new ServletContextHandler("/");
    AbKitServlets.Config config =
        AbKitServlets.Config.builder()
            .exposure("/api/experiments/dashboard", "kpi_scorecard_layout", "guided_onboarding")
            .exposure("/api/experiments/pricing-view", "pricing_cta_upgrade")
            .eventsPath("/api/experiments/events")
            .resultsPath("/api/experiments/results")
            .resultsToken(TOKEN)
            .build();
    ctx.addServletContainerInitializer((c, sc) -> AbKitServlets.register(sc, abkit, config));
    ctx.addServlet(
        new ServletHolder(new Variants(List.of("kpi_scorecard_layout", "guided_onboarding"))),
        "/api/experiments/dashboard");
    ctx.addServlet(
        new ServletHolder(new Variants(List.of("pricing_cta_upgrade"))),
        "/api/experiments/pricing-view");
    ctx.addServlet(new ServletHolder(new Page()), "");
    server.setHandler(ctx);
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  String token() {
    return TOKEN;
  }

  @Override
  public void close() throws Exception {
    server.stop();
    abkit.close();
  }

  private static final class Variants extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final List<String> ids;

    Variants(List<String> ids) {
      this.ids = ids;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      Experiments ex = Experiments.of(req);
      StringBuilder b = new StringBuilder("{\"variants\":{");
      for (String id : ids) {
        b.append(b.length() > 13 ? "," : "").append('"').append(id).append("\":\"");
        b.append(ex.variant(id)).append('"');
      }
      resp.setContentType("application/json");
      resp.getWriter().write(b.append("}}").toString());
    }
  }

  private static final class Page extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/html;charset=utf-8");
      try (InputStream in = StandInDemo.class.getResourceAsStream("/browser/stand-in-page.html")) {
        in.transferTo(resp.getOutputStream());
      }
    }
  }
}
