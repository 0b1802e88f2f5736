package dev.abkit.servlet;

import dev.abkit.AbKit;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.spi.OpenedStore;
import dev.abkit.spi.StoreCredentials;
import dev.abkit.spi.StoreProviders;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds abkit from {@code web.xml} context parameters, puts it in context attribute {@value
 * AbKitServlets#ABKIT_ATTRIBUTE}, registers the filters and endpoints ({@link
 * AbKitServlets#register}), and closes it (flushing the pipeline) when the context is destroyed.
 *
 * <pre>{@code
 * <listener><listener-class>dev.abkit.servlet.AbKitContextListener</listener-class></listener>
 * <context-param><param-name>abkit.manifest</param-name><param-value>/etc/app/tests.json</param-value></context-param>
 * <context-param><param-name>abkit.store</param-name><param-value>file:/var/lib/app/abkit</param-value></context-param>
 * <context-param><param-name>abkit.exposure./api/experiments/dashboard</param-name>
 *   <param-value>kpi_scorecard_layout,guided_onboarding</param-value></context-param>
 * }</pre>
 *
 * <p>Context parameters:
 *
 * <ul>
 *   <li>{@value #MANIFEST} (required): the manifest file path, or {@code classpath:/tests.json};
 *   <li>{@value #MANIFEST_WATCH}: {@code true} to reload the manifest file when it changes (default
 *       {@code false});
 *   <li>{@value #STORE} (required): {@code file:<dir>} (JSON-lines file store), {@code jdbc:<url>}
 *       (needs abkit-jdbc-store and the driver on the class path; also the sticky assignment store;
 *       schema created on start), {@code none} (assignment only: nothing is recorded), or the spec
 *       of any other {@link dev.abkit.spi.StoreProvider} on the class path;
 *   <li>{@value #STORE_USER}, {@value #STORE_PASSWORD}: JDBC credentials (a value {@code env:NAME}
 *       is read from environment variable NAME);
 *   <li>{@value #STORE_DRIVER}: the JDBC driver class, loaded through the web application's class
 *       loader (a driver in {@code WEB-INF/lib} is invisible to {@code DriverManager} on Tomcat);
 *       without it the store loads the dialect's usual driver the same way;
 *   <li>{@value #RESULTS_TOKEN}: the results endpoint's bearer token (or {@code env:NAME}); absent
 *       means the endpoint answers 404;
 *   <li>{@value #VISITOR_SECRET}: sign visitor ids with this secret (at least 32 characters, or
 *       {@code env:NAME}; see {@link UnitResolver#signed}), and {@value #VISITOR_PREVIOUS_SECRETS}:
 *       comma-separated secrets still accepted during a rotation;
 *   <li>{@value #RESULTS_PATH}, {@value #EVENTS_PATH}: endpoint paths (defaults {@code
 *       /abkit/results}, {@code /abkit/events}; {@code none} for no endpoint);
 *   <li>{@value #EXPOSURE_PREFIX}{@code <url-pattern>}: comma-separated experiment ids exposed on
 *       that route, one parameter per route;
 *   <li>{@value #MAX_BODY_BYTES}, {@value #MAX_BATCH}: event endpoint limits (defaults 65536, 100);
 *       {@value #MAX_EVENTS_PER_VISITOR}: events per visitor and minute (default: no limit);
 *   <li>{@value #JOURNAL_DIR}: the pipeline's journal directory, where records wait while the store
 *       is down ({@code none}: no journal). Default: one directory per application, {@code
 *       <java.io.tmpdir>/abkit-journal/<virtual server>/<context path>} (see {@link
 *       #defaultJournalDir}), so that two apps in one container never share a journal; set it to a
 *       directory that survives a reboot in production;
 *   <li>{@value #REGISTER}: {@code false} to only build abkit and leave the filters and servlets to
 *       be declared in web.xml (default {@code true}).
 * </ul>
 *
 * A missing or bad parameter fails the deployment with an {@link IllegalStateException} naming the
 * parameter. Must be declared in web.xml (or annotated), not added programmatically, since it
 * registers filters.
 */
public final class AbKitContextListener implements ServletContextListener {
  public static final String MANIFEST = "abkit.manifest";
  public static final String MANIFEST_WATCH = "abkit.manifest.watch";
  public static final String STORE = "abkit.store";
  public static final String STORE_USER = "abkit.store.user";
  public static final String STORE_PASSWORD = "abkit.store.password";
  public static final String STORE_DRIVER = "abkit.store.driver";
  public static final String RESULTS_TOKEN = "abkit.results.token";
  public static final String RESULTS_PATH = "abkit.results.path";
  public static final String EVENTS_PATH = "abkit.events.path";
  public static final String EXPOSURE_PREFIX = "abkit.exposure.";
  public static final String MAX_BODY_BYTES = "abkit.events.max-body-bytes";
  public static final String MAX_BATCH = "abkit.events.max-batch";
  public static final String MAX_EVENTS_PER_VISITOR = "abkit.events.max-per-visitor-per-minute";
  public static final String REGISTER = "abkit.register";
  public static final String JOURNAL_DIR = "abkit.journal.dir";
  public static final String VISITOR_SECRET = "abkit.visitor.secret";
  public static final String VISITOR_PREVIOUS_SECRETS = "abkit.visitor.previous-secrets";

  private static final Logger log = LoggerFactory.getLogger(AbKitContextListener.class);

  private AbKit abkit;
  private Optional<Path> journalDir = Optional.empty();

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext ctx = event.getServletContext();
    AbKitServlets.Config config = config(ctx);
    Optional<Path> journal = journalDir(ctx);
    AbKit built = build(ctx, journal);
    try {
      if (bool(ctx, REGISTER, true)) {
        AbKitServlets.register(ctx, built, config);
      } else {
        ctx.setAttribute(AbKitServlets.ABKIT_ATTRIBUTE, built);
      }
    } catch (RuntimeException e) {
      built.close();
      throw e;
    }
    this.abkit = built;
    this.journalDir = journal;
    log.info(
        "abkit started in context {} (journal: {})",
        ctx.getContextPath(),
        journal.map(Path::toString).orElse("none"));
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    AbKit a = abkit;
    abkit = null;
    if (a != null) {
      ServletContext ctx = event.getServletContext();
      if (ctx.getAttribute(AbKitServlets.ABKIT_ATTRIBUTE) == a) {
        ctx.removeAttribute(AbKitServlets.ABKIT_ATTRIBUTE);
      }
      a.close();
    }
  }

  /** The AbKit this listener built, or {@code null} before start and after stop. */
  public AbKit abkit() {
    return abkit;
  }

  /** The journal directory the running abkit uses; empty without one, before start. */
  public Optional<Path> journalDir() {
    return journalDir;
  }

  /**
   * The journal directory {@value #JOURNAL_DIR} names, {@link #defaultJournalDir the application's
   * own} when it is absent, or empty for {@code none}.
   */
  static Optional<Path> journalDir(ServletContext ctx) {
    String v = ctx.getInitParameter(JOURNAL_DIR);
    if (v == null || v.isBlank()) {
      return Optional.of(
          defaultJournalDir(
              Path.of(System.getProperty("java.io.tmpdir")),
              virtualServerName(ctx),
              ctx.getContextPath()));
    }
    if (v.strip().equals("none")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(v.strip()));
    } catch (InvalidPathException e) {
      throw new IllegalStateException(
          "context parameter " + JOURNAL_DIR + ": not a valid path: " + v, e);
    }
  }

  private static String virtualServerName(ServletContext ctx) {
    try {
      String name = ctx.getVirtualServerName();
      return name == null ? "" : name;
    } catch (UnsupportedOperationException e) {
      return ""; // a listener-registered context may refuse it
    }
  }

  /**
   * {@code tmp/abkit-journal/<virtual server>/<context path>}: one directory per application of a
   * container, as a shared {@code ./abkit-journal} in the container's working directory let one app
   * replay another's records. Each name is encoded (characters other than letters, digits, {@code
   * -} and {@code _} as {@code %XX}), so different paths never meet in one directory; the root
   * context is {@code ROOT}, as Tomcat names it; a container without a virtual server name leaves
   * that level out.
   */
  static Path defaultJournalDir(Path tmp, String virtualServer, String contextPath) {
    Path base = tmp.resolve("abkit-journal");
    if (!virtualServer.isBlank()) {
      base = base.resolve(encode(virtualServer));
    }
    String app = contextPath.startsWith("/") ? contextPath.substring(1) : contextPath;
    return base.resolve(app.isEmpty() ? "ROOT" : encode(app));
  }

  private static String encode(String name) {
    StringBuilder b = new StringBuilder(name.length());
    for (byte c : name.getBytes(StandardCharsets.UTF_8)) {
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_') {
        b.append((char) c);
      } else {
        b.append('%').append(String.format(Locale.ROOT, "%02X", c & 0xFF));
      }
    }
    return b.toString();
  }

  private static AbKit build(ServletContext ctx, Optional<Path> journal) {
    String manifest = required(ctx, MANIFEST, "a manifest file path or classpath:/resource");
    String store = required(ctx, STORE, "file:<dir>, jdbc:<url> or none");
    AbKit.Builder b = AbKit.builder();
    try {
      if (manifest.startsWith("classpath:")) {
        b.manifestResource(manifest.substring("classpath:".length()));
      } else {
        b.manifest(Path.of(manifest)).watchManifest(bool(ctx, MANIFEST_WATCH, false));
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "context parameter " + MANIFEST + ": cannot read " + manifest + ": " + e.getMessage(), e);
    }
    OpenedStore opened = null;
    if (!store.equals("none")) {
      try {
        // Whatever module provides the spec's scheme (core: file:, abkit-jdbc-store: jdbc:) is
        // found at run time, so this module links against no store implementation.
        opened =
            StoreProviders.open(
                store,
                new StoreCredentials(
                    secret(ctx.getInitParameter(STORE_USER), STORE_USER),
                    secret(ctx.getInitParameter(STORE_PASSWORD), STORE_PASSWORD),
                    blankToNull(ctx.getInitParameter(STORE_DRIVER))));
      } catch (RuntimeException e) {
        throw new IllegalStateException("context parameter " + STORE + ": " + e.getMessage(), e);
      }
      b.eventStore(opened.events());
      opened.assignments().ifPresent(b::assignmentStore);
      b.pipeline(
          journal
              .map(dir -> PipelineSettings.builder().journalDir(dir))
              .orElseGet(() -> PipelineSettings.builder().noJournal())
              .build());
    }
    try {
      return b.build();
    } catch (RuntimeException e) {
      closeQuietly(opened);
      throw new IllegalStateException(
          "abkit could not start from context parameters: " + e.getMessage(), e);
    }
  }

  /**
   * The servlet settings the context parameters describe (also used by web.xml-declared servlets).
   */
  static AbKitServlets.Config config(ServletContext ctx) {
    AbKitServlets.Config.Builder c = AbKitServlets.Config.builder();
    try {
      String events = ctx.getInitParameter(EVENTS_PATH);
      if ("none".equals(events)) {
        c.noEventsEndpoint();
      } else if (events != null) {
        c.eventsPath(events.strip());
      }
      String results = ctx.getInitParameter(RESULTS_PATH);
      if ("none".equals(results)) {
        c.noResultsEndpoint();
      } else if (results != null) {
        c.resultsPath(results.strip());
      }
      String token = secret(ctx.getInitParameter(RESULTS_TOKEN), RESULTS_TOKEN);
      if (token != null && !token.isBlank()) {
        c.resultsToken(token.strip());
      }
      String visitorSecret = secret(ctx.getInitParameter(VISITOR_SECRET), VISITOR_SECRET);
      if (visitorSecret != null && !visitorSecret.isBlank()) {
        String previous =
            secret(ctx.getInitParameter(VISITOR_PREVIOUS_SECRETS), VISITOR_PREVIOUS_SECRETS);
        c.unitResolver(
            UnitResolver.signed(
                visitorSecret.strip(),
                previous == null
                    ? new String[0]
                    : java.util.Arrays.stream(previous.split(","))
                        .map(String::strip)
                        .filter(p -> !p.isEmpty())
                        .toArray(String[]::new)));
      }
      String body = ctx.getInitParameter(MAX_BODY_BYTES);
      if (body != null) {
        c.maxBodyBytes(integer(body, MAX_BODY_BYTES));
      }
      String perVisitor = ctx.getInitParameter(MAX_EVENTS_PER_VISITOR);
      if (perVisitor != null) {
        c.maxEventsPerVisitorPerMinute(integer(perVisitor, MAX_EVENTS_PER_VISITOR));
      }
      String batch = ctx.getInitParameter(MAX_BATCH);
      if (batch != null) {
        c.maxBatchSize(integer(batch, MAX_BATCH));
      }
      List<String> names = Collections.list(ctx.getInitParameterNames());
      Collections.sort(names);
      for (String name : names) {
        if (name.startsWith(EXPOSURE_PREFIX)) {
          String route = name.substring(EXPOSURE_PREFIX.length());
          List<String> ids = new ArrayList<>();
          for (String id : ctx.getInitParameter(name).split(",")) {
            if (!id.isBlank()) {
              ids.add(id.strip());
            }
          }
          c.exposure(route, ids);
        }
      }
      return c.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("abkit context parameters: " + e.getMessage(), e);
    }
  }

  private static String required(ServletContext ctx, String name, String what) {
    String v = ctx.getInitParameter(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException("context parameter " + name + " is required (" + what + ")");
    }
    return v.strip();
  }

  private static boolean bool(ServletContext ctx, String name, boolean dflt) {
    String v = ctx.getInitParameter(name);
    if (v == null) {
      return dflt;
    }
    switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalStateException(
            "context parameter " + name + " must be true or false, was \"" + v + "\"");
    }
  }

  private static int integer(String v, String name) {
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, was \"" + v + "\"", e);
    }
  }

  /** A value, or the environment variable it names as {@code env:NAME}. */
  private static String secret(String value, String param) {
    if (value == null || !value.startsWith("env:")) {
      return value;
    }
    String var = value.substring(4);
    String v = System.getenv(var);
    if (v == null) {
      throw new IllegalStateException(
          "context parameter " + param + " names environment variable " + var + ", which is unset");
    }
    return v;
  }

  private static void closeQuietly(OpenedStore opened) {
    if (opened == null) {
      return;
    }
    try {
      opened.close();
    } catch (Exception e) {
      log.warn("closing the abkit store after a failed start failed", e);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
