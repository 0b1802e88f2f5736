package dev.abkit.servlet;

import dev.abkit.AbKit;
import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.Results;
import dev.abkit.analysis.ResultsFormat;
import dev.abkit.analysis.ResultsOptions;
import dev.abkit.manifest.Experiment;
import dev.abkit.servlet.internal.BearerToken;
import dev.abkit.servlet.internal.JsonResponses;
import dev.abkit.servlet.internal.LogOnce;
import dev.abkit.servlet.internal.MediaTypes;
import dev.abkit.servlet.internal.ResultsRendering;
import dev.abkit.servlet.internal.SessionCookie;
import dev.abkit.servlet.internal.SignInLimiter;
import dev.abkit.servlet.internal.SignInPage;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results endpoint: {@code GET} answers the results JSON (the same shape as {@code abkit
 * results --format json}), or the HTML page when the path ends in {@code .html} or the {@code
 * Accept} header prefers {@code text/html}, or the results table ({@code ResultsFormat.TABLE}, as
 * {@code abkit results} prints it) when {@code Accept} prefers {@code text/plain}. {@code
 * ?experiment=id} narrows to one experiment.
 *
 * <p>Protected by a bearer token ({@code Authorization: Bearer <token>}, compared in constant time)
 * for machines, and for browsers by a sign-in form: the HTML page without credentials answers
 * {@code 401} with a one-field form whose {@code POST} of the right token sets a signed, HttpOnly,
 * {@code SameSite=Strict} session cookie scoped to this servlet's paths (one hour, renewed while in
 * use, revoked by changing the token) and redirects ({@code 303}) to the page; wrong tokens are
 * limited per client ({@code 429} with {@code Retry-After}); cross-origin posts get {@code 403};
 * {@code sign_out=1} ends the session. Statuses otherwise: {@code 404} for everything while no
 * token is configured (the endpoint is disabled); {@code 401} with {@code WWW-Authenticate: Bearer
 * realm="abkit"} for a missing or wrong token; {@code 405} (with {@code Allow: GET, HEAD, POST})
 * for other methods; {@code 415} for a {@code POST} that is not a form; {@code 400} for a malformed
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
  private transient SessionCookie sessions;
  private transient List<String> cookiePaths = List.of();
  private final transient SignInLimiter limiter = new SignInLimiter();
  private final transient Clock clock = Clock.systemUTC();
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
    this.sessions = token == null ? null : new SessionCookie(token);
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
        sessions = new SessionCookie(t.strip());
      }
      configured = true;
    }
    cookiePaths = cookiePaths(servletConfig);
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (token == null) {
      JsonResponses.send(resp, 404, JsonResponses.error("not found", null));
      return;
    }
    switch (req.getMethod()) {
      case "GET", "HEAD" -> get(req, resp);
      case "POST" -> signInOrOut(req, resp);
      default -> {
        resp.setHeader("Allow", "GET, HEAD, POST");
        JsonResponses.send(
            resp, 405, JsonResponses.error("only GET, HEAD and POST (sign-in) are allowed", null));
      }
    }
  }

  private void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    boolean html = wantsHtml(req);
    boolean table = !html && MediaTypes.prefersPlainText(req.getHeader("Accept"));
    String authorization = req.getHeader("Authorization");
    boolean signedIn = false;
    if (authorization != null) {
      if (!token.matches(authorization)) {
        resp.setHeader("WWW-Authenticate", "Bearer realm=\"abkit\", error=\"invalid_token\"");
        JsonResponses.send(resp, 401, JsonResponses.error("invalid token", null));
        return;
      }
    } else {
      Instant now = clock.instant();
      Instant expiry = sessionExpiry(req, now);
      if (expiry == null) {
        resp.setHeader("WWW-Authenticate", "Bearer realm=\"abkit\"");
        if (html) {
          sendPage(resp, req.getMethod(), 401, SignInPage.html(selfUrl(req), null));
        } else {
          JsonResponses.send(
              resp, 401, JsonResponses.error("missing Authorization: Bearer <token>", null));
        }
        return;
      }
      if (Duration.between(now, expiry).compareTo(SessionCookie.LIFETIME.dividedBy(2)) < 0) {
        setSession(req, resp, sessions.issue(now), SessionCookie.LIFETIME);
      }
      signedIn = true;
    }
    String experiment = req.getParameter("experiment");
    if (experiment != null && !Experiment.ID.matcher(experiment).matches()) {
      JsonResponses.send(
          resp,
          400,
          JsonResponses.error("experiment must match " + Experiment.ID.pattern(), "experiment"));
      return;
    }
    String body;
    try {
      if (experiment != null && abkit.manifest().experiment(experiment).isEmpty()) {
        JsonResponses.send(
            resp,
            404,
            JsonResponses.error("no experiment " + experiment + " in the manifest", "experiment"));
        return;
      }
      String dimension = dimension(req, experiment, html);
      if (dimension != null && !hasDimension(experiment, dimension)) {
        JsonResponses.send(
            resp,
            400,
            JsonResponses.error(
                (experiment == null ? "no experiment has" : "experiment " + experiment + " has no")
                    + " dimension "
                    + dimension
                    + " in its \"dimensions\"",
                "dimension"));
        return;
      }
      Instant asOf = clock.instant();
      ResultsOptions options =
          ResultsOptions.SNAPSHOT
              .withTimeseries(
                  "true".equals(req.getParameter("timeseries")) || (html && experiment != null))
              .withDimension(dimension);
      Results results =
          experiment == null
              ? abkit.results(options)
              : new Results(List.<ExperimentResult>of(abkit.results(experiment, options)));
      body =
          html
              ? ResultsRendering.html(
                  results,
                  abkit.manifest(),
                  asOf,
                  experiment != null,
                  // signed in with a session (not a bearer header): a way to end it
                  signedIn ? selfUrl(req) : null)
              : table ? ResultsFormat.TABLE.render(results) : ResultsRendering.json(results);
    } catch (RuntimeException e) {
      ANALYSIS_FAILED.warn(e);
      JsonResponses.send(
          resp, 500, JsonResponses.error("results are unavailable; see the server log", null));
      return;
    }
    if (html) {
      sendPage(resp, req.getMethod(), 200, body);
    } else if (table) {
      send(resp, req.getMethod(), 200, "text/plain;charset=utf-8", body);
    } else {
      send(resp, req.getMethod(), 200, "application/json;charset=utf-8", body);
    }
  }

  /**
   * {@code POST} of the sign-in form: the right token sets the session cookie and redirects (303)
   * to the page; a wrong one answers the form again (401), and too many from one client 429.
   */
  private void signInOrOut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!MediaTypes.isForm(req.getContentType())) {
      JsonResponses.send(
          resp,
          415,
          JsonResponses.error(
              "POST takes the sign-in form (application/x-www-form-urlencoded)", null));
      return;
    }
    if (!sameOrigin(req)) {
      JsonResponses.send(resp, 403, JsonResponses.error("cross-origin sign-in refused", null));
      return;
    }
    if (req.getParameter(SignInPage.SIGN_OUT_FIELD) != null) {
      setSession(req, resp, "", Duration.ZERO);
      redirectToPage(req, resp);
      return;
    }
    Instant now = clock.instant();
    String client = req.getRemoteAddr();
    Duration wait = limiter.wait(client, now);
    if (!wait.isZero()) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      resp.setHeader("Retry-After", Long.toString(seconds));
      sendPage(
          resp,
          "POST",
          429,
          SignInPage.html(
              selfUrl(req), "Too many wrong tokens; try again in " + seconds + " seconds."));
      return;
    }
    String presented = req.getParameter(SignInPage.TOKEN_FIELD);
    if (presented == null || !token.matches("Bearer " + presented.strip())) {
      limiter.failed(client, now);
      sendPage(resp, "POST", 401, SignInPage.html(selfUrl(req), "That is not the results token."));
      return;
    }
    setSession(req, resp, sessions.issue(now), SessionCookie.LIFETIME);
    redirectToPage(req, resp);
  }

  private Instant sessionExpiry(HttpServletRequest req, Instant now) {
    Cookie[] cookies = req.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie c : cookies) {
      if (SessionCookie.NAME.equals(c.getName())) {
        Instant expiry = sessions.expiry(c.getValue(), now);
        if (expiry != null) {
          return expiry;
        }
      }
    }
    return null;
  }

  /** One cookie per path this servlet is mapped to: they cover the results and nothing else. */
  private void setSession(
      HttpServletRequest req, HttpServletResponse resp, String value, Duration maxAge) {
    List<String> paths = cookiePaths.isEmpty() ? List.of(basePath(req)) : cookiePaths;
    for (String path : paths) {
      resp.addHeader(
          "Set-Cookie",
          SessionCookie.NAME
              + "="
              + value
              + "; Path="
              + req.getContextPath()
              + path
              + "; Max-Age="
              + maxAge.toSeconds()
              + "; HttpOnly; SameSite=Strict"
              + (req.isSecure() ? "; Secure" : ""));
    }
  }

  private static void redirectToPage(HttpServletRequest req, HttpServletResponse resp) {
    resp.setStatus(303);
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("Location", selfUrl(req));
  }

  /**
   * A browser always sends {@code Origin} with a form {@code POST}; one from another site is
   * refused, so no page elsewhere can sign a visitor in or out (login CSRF).
   */
  private static boolean sameOrigin(HttpServletRequest req) {
    String origin = req.getHeader("Origin");
    if (origin == null) {
      return true;
    }
    String scheme = req.getScheme();
    int port = req.getServerPort();
    boolean defaultPort =
        ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
    String self = scheme + "://" + req.getServerName() + (defaultPort ? "" : ":" + port);
    return origin.equalsIgnoreCase(self);
  }

  /**
   * The dimension to break results down by: {@code ?dimension=}, else on an experiment's page its
   * first dimension (the page shows breakdowns by default), else none.
   */
  private String dimension(HttpServletRequest req, String experiment, boolean html) {
    String asked = req.getParameter("dimension");
    if (asked != null && !asked.isBlank()) {
      return asked;
    }
    if (!html || experiment == null) {
      return null;
    }
    List<String> dimensions =
        abkit.manifest().experiment(experiment).map(Experiment::dimensions).orElse(List.of());
    return dimensions.isEmpty() ? null : dimensions.get(0);
  }

  /** Whether {@code experiment} (or, when null, some experiment) lists {@code dimension}. */
  private boolean hasDimension(String experiment, String dimension) {
    return abkit.manifest().experiments().stream()
        .filter(e -> experiment == null || e.id().equals(experiment))
        .anyMatch(e -> e.dimensions().contains(dimension));
  }

  private static boolean wantsHtml(HttpServletRequest req) {
    String uri = req.getRequestURI();
    return uri.endsWith(".html")
        || (!uri.endsWith(".json") && MediaTypes.prefersHtml(req.getHeader("Accept")));
  }

  private static String selfUrl(HttpServletRequest req) {
    String query = req.getParameter("experiment");
    return req.getRequestURI()
        + (query != null && Experiment.ID.matcher(query).matches() ? "?experiment=" + query : "");
  }

  private static String basePath(HttpServletRequest req) {
    String path = req.getServletPath();
    return path.endsWith(".html") ? path.substring(0, path.length() - ".html".length()) : path;
  }

  private static List<String> cookiePaths(ServletConfig config) {
    ServletRegistration registration =
        config.getServletContext().getServletRegistration(config.getServletName());
    if (registration == null) {
      return List.of();
    }
    List<String> paths = new ArrayList<>();
    for (String mapping : registration.getMappings()) {
      if (mapping.startsWith("/") && !mapping.contains("*")) {
        paths.add(mapping);
      } else if (mapping.startsWith("/") && mapping.endsWith("/*")) {
        paths.add(mapping.substring(0, mapping.length() - 2));
      }
    }
    return List.copyOf(paths);
  }

  private static void sendPage(HttpServletResponse resp, String method, int status, String html)
      throws IOException {
    resp.setHeader("Content-Security-Policy", SignInPage.CONTENT_SECURITY_POLICY);
    // Not no-referrer: with it Chromium posts the form with "Origin: null", which sameOrigin
    // refuses.
    resp.setHeader("Referrer-Policy", "same-origin");
    send(resp, method, status, "text/html;charset=utf-8", html);
  }

  private static void send(
      HttpServletResponse resp, String method, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    resp.setStatus(status);
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setHeader("Vary", "Accept, Authorization, Cookie");
    resp.setContentType(contentType);
    resp.setContentLength(bytes.length);
    if (!"HEAD".equals(method)) {
      resp.getOutputStream().write(bytes);
    }
  }
}
