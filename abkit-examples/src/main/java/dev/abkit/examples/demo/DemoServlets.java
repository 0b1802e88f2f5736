package dev.abkit.examples.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.abkit.AbKit;
import dev.abkit.Assignment;
import dev.abkit.pipeline.PipelineMetrics;
import dev.abkit.servlet.Experiments;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The demo app's own routes; abkit's filters and endpoints come from abkit-servlet. */
final class DemoServlets {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger log = LoggerFactory.getLogger(DemoServlets.class);

  private DemoServlets() {}

  /**
   * Writes JSON without a Content-Length and without flushing, so the response completes only after
   * the filter chain has returned: the exposure filter has logged the exposure by the time the
   * client sees the answer (the load test's count check relies on it).
   */
  static void send(HttpServletResponse resp, int status, Object body) throws IOException {
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    resp.setHeader("Cache-Control", "no-store");
    resp.getWriter().write(JSON.writeValueAsString(body));
  }

  /**
   * {@code GET} on an experiment route: {@code {"variants": {experimentId: variantKey}}} for the
   * experiments the route exposes (control when not enrolled), and {@code "enrolled"}: the ids in
   * which the visitor is enrolled, i.e. those the exposure filter records.
   */
  static final class VariantsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient List<String> experiments;

    VariantsServlet(List<String> experiments) {
      this.experiments = List.copyOf(experiments);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      Experiments ex = Experiments.of(req);
      ObjectNode body = JSON.createObjectNode();
      ObjectNode variants = body.putObject("variants");
      ArrayNode enrolled = body.putArray("enrolled");
      for (String id : experiments) {
        Assignment a = ex.assignment(id);
        variants.put(id, ex.variant(id));
        if (a.enrolled()) {
          enrolled.add(id);
        }
      }
      send(resp, 200, body);
    }
  }

  /** {@code GET /api/experiments/config}: the visitor's merged variant config per experiment. */
  static final class ConfigServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      ObjectNode body = JSON.createObjectNode();
      ObjectNode configs = body.putObject("config");
      ObjectNode variants = body.putObject("variants");
      for (Map.Entry<String, Assignment> e : Experiments.of(req).all().entrySet()) {
        configs.set(e.getKey(), JSON.valueToTree(e.getValue().config()));
        variants.put(e.getKey(), e.getValue().served());
      }
      send(resp, 200, body);
    }
  }

  /** {@code GET /api/health}: status, store kind and the pipeline's counters. */
  static final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient AbKit abkit;
    private final String store;

    HealthServlet(AbKit abkit, String store) {
      this.abkit = abkit;
      this.store = store;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      PipelineMetrics m = abkit.metrics();
      ObjectNode body = JSON.createObjectNode();
      // records waiting in the journal mean the store is failing: the app still serves
      body.put("status", m.journalBytes() > 0 ? "degraded" : "ok");
      body.put("store", store);
      body.put("experiments", abkit.manifest().experiments().size());
      body.set("pipeline", JSON.valueToTree(m));
      send(resp, 200, body);
    }
  }

  /**
   * {@code GET /api/admin/counts} (bearer token): flushes abkit's pipeline, then returns the exact
   * numbers of exposures and events in the store, {@code {"exposures": n, "events": m}}.
   */
  static final class CountsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient AbKit abkit;
    private final transient StoreCounter counter;
    private final byte[] token;

    CountsServlet(AbKit abkit, StoreCounter counter, String token) {
      this.abkit = abkit;
      this.counter = counter;
      this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String auth = req.getHeader("Authorization");
      if (auth == null || !MessageDigest.isEqual(token, auth.getBytes(StandardCharsets.UTF_8))) {
        resp.setHeader("WWW-Authenticate", "Bearer realm=\"abkit\"");
        send(resp, 401, Map.of("error", "missing or invalid Authorization: Bearer <token>"));
        return;
      }
      abkit.flush();
      StoreCounter.Counts c;
      try {
        c = counter.count();
      } catch (SQLException e) {
        log.warn("counting the store failed", e);
        send(resp, 503, Map.of("error", "counting the store failed: " + e.getMessage()));
        return;
      }
      ObjectNode body = JSON.createObjectNode();
      body.put("exposures", c.exposures());
      body.put("events", c.events());
      body.set("pipeline", JSON.valueToTree(abkit.metrics()));
      send(resp, 200, body);
    }
  }

  /** {@code GET /}: the demo page (class-path resource {@code abkit/demo.html}). */
  static final class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final byte[] page;

    PageServlet() {
      try (InputStream in = DemoServlets.class.getResourceAsStream("/abkit/demo.html")) {
        if (in == null) {
          throw new IllegalStateException("abkit/demo.html is missing from the class path");
        }
        page = in.readAllBytes();
      } catch (IOException e) {
        throw new IllegalStateException("cannot read abkit/demo.html", e);
      }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setStatus(200);
      resp.setContentType("text/html;charset=utf-8");
      resp.setHeader("Cache-Control", "no-store");
      resp.getOutputStream().write(page);
    }
  }
}
