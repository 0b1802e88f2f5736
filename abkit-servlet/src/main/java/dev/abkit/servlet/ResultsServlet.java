package dev.abkit.servlet;

import dev.abkit.AbKit;
import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.Results;
import dev.abkit.manifest.Experiment;
import dev.abkit.servlet.internal.BearerToken;
import dev.abkit.servlet.internal.JsonResponses;
import dev.abkit.servlet.internal.LogOnce;
import dev.abkit.servlet.internal.MediaTypes;
import dev.abkit.servlet.internal.ResultsRendering;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results endpoint: {@code GET} answers the results JSON (the same shape as {@code abkit
 * results --format json}), or the HTML page when the path ends in {@code .html} or the {@code
 * Accept} header prefers {@code text/html}. {@code ?experiment=id} narrows to one experiment.
 *
 * <p>Protected by a bearer token ({@code Authorization: Bearer <token>}, compared in constant
 * time). Statuses: {@code 404} for everything while no token is configured (the endpoint is
 * disabled); {@code 401} with {@code WWW-Authenticate: Bearer realm="abkit"} for a missing or wrong
 * token; {@code 405} (with {@code Allow: GET, HEAD}) for other methods; {@code 400} for a malformed
 * experiment id and {@code 404} for an unknown one; {@code 500} {@code {"error": ...}} if the
 * analysis fails (details in the server log). Responses are {@code Cache-Control: no-store}.
 *
 * <p>In {@code web.xml}, give the token as init parameter {@value #TOKEN_PARAM} (or context
 * parameter {@code abkit.results.token}); abkit comes from context attribute {@value
 * AbKitServlets#ABKIT_ATTRIBUTE}. Map it to both {@code /path} and {@code /path.html}.
 */
public final class ResultsServlet extends HttpServlet {
  /** Init parameter holding the bearer token. */
  public static final String TOKEN_PARAM = "token";

  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(ResultsServlet.class);
  private static final LogOnce ANALYSIS_FAILED =
      new LogOnce(log, "computing results failed; answering 500");

  private transient AbKit abkit;
  private transient BearerToken token;
  private boolean configured;

  /** For {@code web.xml}: token from init parameter {@value #TOKEN_PARAM}. */
  public ResultsServlet() {}

  /**
   * An endpoint over {@code abkit}'s results, unlocked by {@code token}; a {@code null} token
   * disables it (404).
   *
   * @throws IllegalArgumentException if the token is too short or has characters outside the
   *     bearer-token alphabet
   */
  public ResultsServlet(AbKit abkit, String token) {
    this.abkit = Objects.requireNonNull(abkit, "abkit");
    this.token = token == null ? null : new BearerToken(token);
    this.configured = true;
  }

  @Override
  public void init(ServletConfig servletConfig) throws ServletException {
    super.init(servletConfig);
    if (!configured) {
      abkit = AbKitServlets.abkitOf(servletConfig.getServletContext(), "ResultsServlet");
      String t = servletConfig.getInitParameter(TOKEN_PARAM);
      if (t == null) {
        t = servletConfig.getServletContext().getInitParameter("abkit.results.token");
      }
      if (t != null && !t.isBlank()) {
        String problem = BearerToken.problem(t.strip());
        if (problem != null) {
          throw new ServletException("ResultsServlet: the results token " + problem);
        }
        token = new BearerToken(t.strip());
      }
      configured = true;
    }
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (token == null) {
      JsonResponses.send(resp, 404, JsonResponses.error("not found", null));
      return;
    }
    String method = req.getMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      resp.setHeader("Allow", "GET, HEAD");
      JsonResponses.send(resp, 405, JsonResponses.error("only GET is allowed", null));
      return;
    }
    String authorization = req.getHeader("Authorization");
    if (authorization == null) {
      resp.setHeader("WWW-Authenticate", "Bearer realm=\"abkit\"");
      JsonResponses.send(
          resp, 401, JsonResponses.error("missing Authorization: Bearer <token>", null));
      return;
    }
    if (!token.matches(authorization)) {
      resp.setHeader("WWW-Authenticate", "Bearer realm=\"abkit\", error=\"invalid_token\"");
      JsonResponses.send(resp, 401, JsonResponses.error("invalid token", null));
      return;
    }
    boolean html =
        req.getRequestURI().endsWith(".html")
            || (!req.getRequestURI().endsWith(".json")
                && MediaTypes.prefersHtml(req.getHeader("Accept")));
    String experiment = req.getParameter("experiment");
    if (experiment != null && !Experiment.ID.matcher(experiment).matches()) {
      JsonResponses.send(
          resp,
          400,
          JsonResponses.error("experiment must match " + Experiment.ID.pattern(), "experiment"));
      return;
    }
    Results results;
    try {
      if (experiment != null && abkit.manifest().experiment(experiment).isEmpty()) {
        JsonResponses.send(
            resp,
            404,
            JsonResponses.error("no experiment " + experiment + " in the manifest", "experiment"));
        return;
      }
      results =
          experiment == null
              ? abkit.results()
              : new Results(List.<ExperimentResult>of(abkit.results(experiment)));
    } catch (RuntimeException e) {
      ANALYSIS_FAILED.warn(e);
      JsonResponses.send(
          resp, 500, JsonResponses.error("results are unavailable; see the server log", null));
      return;
    }
    byte[] body;
    try {
      body =
          html
              ? ResultsRendering.html(results).getBytes(StandardCharsets.UTF_8)
              : ResultsRendering.json(results);
    } catch (RuntimeException e) {
      ANALYSIS_FAILED.warn(e);
      JsonResponses.send(
          resp, 500, JsonResponses.error("results are unavailable; see the server log", null));
      return;
    }
    resp.setStatus(200);
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setHeader("Vary", "Accept, Authorization");
    if (html) {
      resp.setContentType("text/html;charset=utf-8");
      resp.setHeader(
          "Content-Security-Policy",
          "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'");
    } else {
      resp.setContentType("application/json;charset=utf-8");
    }
    resp.setContentLength(body.length);
    if (!"HEAD".equals(method)) {
      resp.getOutputStream().write(body);
    }
  }
}
