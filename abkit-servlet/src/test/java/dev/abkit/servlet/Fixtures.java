package dev.abkit.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.abkit.AbKit;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Manifest;
import dev.abkit.spi.EventStore;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/** The test application: a manifest, a store that keeps what it is given, and routes. */
final class Fixtures {
  static final String KPI = "kpi_scorecard_layout";
  static final String ONBOARDING = "guided_onboarding";
  static final String PRICING = "pricing_cta_upgrade";
  static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  static Manifest manifest() {
    return Manifest.of(
        Experiment.of(KPI, "kpi_click", "A", "B"),
        Experiment.of(ONBOARDING, "tooltip_open", "A", "B"),
        Experiment.of(PRICING, "subscription_upgrade", "A", "B"));
  }

  static AbKit abkit(EventStore store) {
    return AbKit.builder().manifest(manifest()).eventStore(store).build();
  }

  /** The routes the tests expose: dashboard, pricing, and routes that fail in different ways. */
  static AbKitServlets.Config.Builder config() {
    return AbKitServlets.Config.builder()
        .exposure("/app/dashboard", KPI, ONBOARDING)
        .exposure("/app/pricing", PRICING)
        .exposure("/app/missing", KPI)
        .exposure("/app/broken", KPI)
        .exposure("/app/throws", KPI)
        .eventsPath("/api/events")
        .resultsPath("/api/results");
  }

  /**
   * Answers {@code {"unit": ..., "variants": {id: variant}}} on /app/dashboard and /app/pricing,
   * 404 on /app/missing, 500 on /app/broken, and throws on /app/throws.
   */
  static final class AppServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp)
        throws IOException, ServletException {
      String path = req.getPathInfo();
      if ("/missing".equals(path)) {
        resp.sendError(404);
        return;
      }
      if ("/broken".equals(path)) {
        resp.setStatus(500);
        return;
      }
      if ("/throws".equals(path)) {
        throw new ServletException("the handler failed");
      }
      Experiments ex = Experiments.of(req);
      ObjectNode body = JSON.createObjectNode().put("unit", ex.unitId());
      ObjectNode variants = body.putObject("variants");
      for (String id : "/pricing".equals(path) ? List.of(PRICING) : List.of(KPI, ONBOARDING)) {
        variants.put(id, ex.variant(id));
      }
      resp.setContentType("application/json");
      resp.getWriter().write(JSON.writeValueAsString(body));
    }
  }
}
