package dev.abkit.servlet;

import dev.abkit.AbKit;
import dev.abkit.manifest.Experiment;
import dev.abkit.servlet.internal.BearerToken;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Wires abkit into a servlet context in one call: the {@link AssignmentFilter} on {@code /*}, an
 * {@link ExposureFilter} per configured route after it, the {@link EventServlet} and the {@link
 * ResultsServlet}.
 *
 * <p>Filter order: the assignment filter is mapped after the filters declared in {@code web.xml}
 * and those registered before this call, so authentication filters run first and the default {@link
 * UnitResolver} sees the principal they set. Call {@code register} after registering your own
 * authentication filters; filters that read {@link Experiments} must come after it.
 *
 * <pre>{@code
 * // in a ServletContainerInitializer or a ServletContextListener declared in web.xml:
 * AbKitServlets.register(ctx, abkit, AbKitServlets.Config.builder()
 *     .exposure("/api/experiments/dashboard", "kpi_scorecard_layout", "guided_onboarding")
 *     .eventsPath("/api/experiments/events")
 *     .resultsPath("/api/experiments/results")
 *     .resultsToken(System.getenv("ABKIT_TOKEN"))
 *     .build());
 * }</pre>
 *
 * <p>For {@code web.xml} set-ups, {@link AbKitContextListener} builds abkit from context parameters
 * and calls this method; the filters and servlets can also be declared one by one, in which case
 * they find abkit in the context attribute {@value #ABKIT_ATTRIBUTE}.
 */
public final class AbKitServlets {

  /** The servlet context attribute holding the {@link AbKit} the filters and servlets use. */
  public static final String ABKIT_ATTRIBUTE = "dev.abkit.AbKit";

  private AbKitServlets() {}

  /**
   * Registers the filters and servlets that {@code config} asks for, and puts {@code abkit} in the
   * context attribute {@value #ABKIT_ATTRIBUTE}. Call while the context is initializing. The caller
   * still owns {@code abkit} and closes it on shutdown.
   *
   * @throws IllegalStateException if another AbKit is already registered in this context, or the
   *     context refuses programmatic registration (it has started, or the calling listener was
   *     itself added programmatically)
   */
  public static void register(ServletContext context, AbKit abkit, Config config) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(abkit, "abkit");
    Objects.requireNonNull(config, "config");
    Object existing = context.getAttribute(ABKIT_ATTRIBUTE);
    if (existing != null && existing != abkit) {
      throw new IllegalStateException(
          "another AbKit is already registered in context attribute " + ABKIT_ATTRIBUTE);
    }
    context.setAttribute(ABKIT_ATTRIBUTE, abkit);
    EnumSet<DispatcherType> request = EnumSet.of(DispatcherType.REQUEST);

    FilterRegistration.Dynamic assignment =
        context.addFilter(
            "abkit-assignment",
            new AssignmentFilter(abkit, config.unitResolver(), config.attributeExtractor()));
    requireAdded(assignment, "abkit-assignment");
    assignment.setAsyncSupported(true);
    // isMatchAfter=true: after the filters declared in web.xml and those registered earlier, so
    // that authentication filters have set the principal the resolver prefers.
    assignment.addMappingForUrlPatterns(request, true, "/*");

    int n = 0;
    for (Map.Entry<String, List<String>> route : config.exposures().entrySet()) {
      String name = "abkit-exposure-" + n++;
      FilterRegistration.Dynamic exposure =
          context.addFilter(name, new ExposureFilter(abkit, route.getValue()));
      requireAdded(exposure, name);
      exposure.setAsyncSupported(true);
      exposure.addMappingForUrlPatterns(request, true, route.getKey());
    }
    if (config.eventsPath() != null) {
      ServletRegistration.Dynamic events =
          context.addServlet("abkit-events", new EventServlet(abkit, config));
      requireAdded(events, "abkit-events");
      events.setAsyncSupported(true);
      events.addMapping(config.eventsPath());
    }
    if (config.resultsPath() != null) {
      ServletRegistration.Dynamic results =
          context.addServlet("abkit-results", new ResultsServlet(abkit, config.resultsToken()));
      requireAdded(results, "abkit-results");
      results.addMapping(config.resultsPath(), config.resultsPath() + ".html");
    }
  }

  private static void requireAdded(Object registration, String name) {
    if (registration == null) {
      throw new IllegalStateException(
          "a filter or servlet named " + name + " is already registered in this context");
    }
  }

  /** The AbKit registered in {@code context}; for filters and servlets declared in web.xml. */
  static AbKit abkitOf(ServletContext context, String who) throws ServletException {
    Object a = context.getAttribute(ABKIT_ATTRIBUTE);
    if (a instanceof AbKit) {
      return (AbKit) a;
    }
    throw new ServletException(
        who
            + " found no AbKit in servlet context attribute "
            + ABKIT_ATTRIBUTE
            + ": declare dev.abkit.servlet.AbKitContextListener in web.xml (it builds one from"
            + " context parameters), or put your AbKit there before the filters initialize");
  }

  /**
   * What {@link #register} wires and how the endpoints behave. Immutable; build with {@link
   * #builder()}. Every setting has a default, so {@code Config.builder().build()} registers the
   * assignment filter, the event endpoint at {@code /abkit/events} and a disabled (404) results
   * endpoint at {@code /abkit/results}, with no exposure routes.
   */
  public static final class Config {
    private final Map<String, List<String>> exposures;
    private final String eventsPath;
    private final String resultsPath;
    private final String resultsToken;
    private final UnitResolver unitResolver;
    private final AttributeExtractor attributeExtractor;
    private final int maxBodyBytes;
    private final int maxBatchSize;
    private final int maxEventsPerVisitorPerMinute;
    private final Duration bodyReadTimeout;
    private final Duration maxClockSkew;
    private final Duration maxEventAge;
    private final Clock clock;

    private Config(Builder b) {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      b.exposures.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      this.exposures = Collections.unmodifiableMap(copy);
      this.eventsPath = b.eventsPath;
      this.resultsPath = b.resultsPath;
      this.resultsToken = b.resultsToken;
      this.unitResolver = b.unitResolver;
      this.attributeExtractor = b.attributeExtractor;
      this.maxBodyBytes = b.maxBodyBytes;
      this.maxBatchSize = b.maxBatchSize;
      this.maxEventsPerVisitorPerMinute = b.maxEventsPerVisitorPerMinute;
      this.bodyReadTimeout = b.bodyReadTimeout;
      this.maxClockSkew = b.maxClockSkew;
      this.maxEventAge = b.maxEventAge;
      this.clock = b.clock;
    }

    /** A builder with every default. */
    public static Builder builder() {
      return new Builder();
    }

    /** URL pattern to the experiment ids that route exposes (insertion order). */
    public Map<String, List<String>> exposures() {
      return exposures;
    }

    /** The event endpoint's path, or {@code null} for none. Default {@code /abkit/events}. */
    public String eventsPath() {
      return eventsPath;
    }

    /**
     * The results endpoint's path (also served with {@code .html} appended), or {@code null} for
     * none. Default {@code /abkit/results}.
     */
    public String resultsPath() {
      return resultsPath;
    }

    /** The results bearer token, or {@code null}: then the results endpoint answers 404. */
    public String resultsToken() {
      return resultsToken;
    }

    /** How requests map to units. Default {@link UnitResolver#defaults()}. */
    public UnitResolver unitResolver() {
      return unitResolver;
    }

    /** Targeting attributes from requests. Default {@link AttributeExtractor#defaults()}. */
    public AttributeExtractor attributeExtractor() {
      return attributeExtractor;
    }

    /** Largest event request body, in bytes (413 beyond). Default 65536. */
    public int maxBodyBytes() {
      return maxBodyBytes;
    }

    /** Most events in one {@code {"events": [...]}} request (400 beyond). Default 100. */
    public int maxBatchSize() {
      return maxBatchSize;
    }

    /**
     * Most events one visitor may send to the event endpoint per minute ({@code 429} beyond), or 0
     * for no limit. Default 0.
     */
    public int maxEventsPerVisitorPerMinute() {
      return maxEventsPerVisitorPerMinute;
    }

    /**
     * How long the event endpoint waits for a request body before answering {@code 408}. Default 10
     * seconds. Applies when the request is asynchronous (the endpoint and every filter before it
     * support async, as {@link AbKitServlets#register} sets up); otherwise the container's own read
     * timeouts apply.
     */
    public Duration bodyReadTimeout() {
      return bodyReadTimeout;
    }

    /** How far in the future an event's {@code ts} may be. Default 5 minutes. */
    public Duration maxClockSkew() {
      return maxClockSkew;
    }

    /** How old an event's {@code ts} may be. Default 7 days. */
    public Duration maxEventAge() {
      return maxEventAge;
    }

    /** The clock for event times and timestamp checks. Default system UTC. */
    public Clock clock() {
      return clock;
    }

    /**
     * Builds a {@link Config}. Each setter rejects a bad value at once with an {@link
     * IllegalArgumentException} naming the setting, and a setting given a second time with an
     * {@link IllegalStateException} naming the first value ({@link #exposure} adds routes and may
     * be called for each). Not thread-safe.
     */
    public static final class Builder {

      private final Map<String, List<String>> exposures = new LinkedHashMap<>();
      private String eventsPath = "/abkit/events";
      private String resultsPath = "/abkit/results";
      private String resultsToken;
      private UnitResolver unitResolver = UnitResolver.defaults();
      private AttributeExtractor attributeExtractor = AttributeExtractor.defaults();
      private int maxBodyBytes = 64 * 1024;
      private int maxBatchSize = 100;
      private int maxEventsPerVisitorPerMinute;
      private Duration bodyReadTimeout = Duration.ofSeconds(10);
      private Duration maxClockSkew = Duration.ofMinutes(5);
      private Duration maxEventAge = Duration.ofDays(7);
      private Clock clock = Clock.systemUTC();

      /** The settings given on this builder, with the value each was given (for the message). */
      private final Map<String, Object> given = new HashMap<>();

      private Builder() {}

      /**
       * Refuses a setting given before on this builder, naming the earlier value, as the AbKit and
       * pipeline builders do: a second call is a mistake whose first value would be lost.
       */
      private void once(String name, Object value) {
        if (given.containsKey(name)) {
          throw new IllegalStateException(name + " was already set to " + given.get(name));
        }
        given.put(name, value);
      }

      /**
       * Logs exposures of {@code experimentIds} on successful responses of routes matching {@code
       * urlPattern} (servlet URL pattern syntax: {@code /exact}, {@code /prefix/*}, {@code *.ext}).
       * Calling again for the same pattern adds to its experiments.
       */
      public Builder exposure(String urlPattern, String... experimentIds) {
        return exposure(urlPattern, List.of(experimentIds));
      }

      /** As {@link #exposure(String, String...)}. */
      public Builder exposure(String urlPattern, List<String> experimentIds) {
        requireUrlPattern(urlPattern, "exposure");
        Objects.requireNonNull(experimentIds, "exposure: experimentIds");
        if (experimentIds.isEmpty()) {
          throw new IllegalArgumentException(
              "exposure: route " + urlPattern + " needs at least one experiment id");
        }
        List<String> ids = exposures.computeIfAbsent(urlPattern, k -> new ArrayList<>());
        for (String id : experimentIds) {
          if (id == null || !Experiment.ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                "exposure: experiment id must match "
                    + Experiment.ID.pattern()
                    + ", was "
                    + (id == null ? "null" : "\"" + id + "\""));
          }
          if (!ids.contains(id)) {
            ids.add(id);
          }
        }
        return this;
      }

      /** The event endpoint's exact path, e.g. {@code /api/experiments/events}. */
      public Builder eventsPath(String path) {
        String p = requireExactPath(path, "eventsPath");
        once("eventsPath", p);
        this.eventsPath = p;
        return this;
      }

      /** Registers no event endpoint. */
      public Builder noEventsEndpoint() {
        once("eventsPath", "noEventsEndpoint()");
        this.eventsPath = null;
        return this;
      }

      /** The results endpoint's exact path, e.g. {@code /api/experiments/results}. */
      public Builder resultsPath(String path) {
        String p = requireExactPath(path, "resultsPath");
        if (p.endsWith(".html")) {
          throw new IllegalArgumentException(
              "resultsPath: give the path without .html (the HTML page is served at path + .html),"
                  + " was "
                  + p);
        }
        once("resultsPath", p);
        this.resultsPath = p;
        return this;
      }

      /** Registers no results endpoint. */
      public Builder noResultsEndpoint() {
        once("resultsPath", "noResultsEndpoint()");
        this.resultsPath = null;
        return this;
      }

      /**
       * The bearer token that unlocks the results endpoint: at least 16 characters of the RFC 6750
       * token alphabet ({@code A-Z a-z 0-9 - . _ ~ + /}, trailing {@code =}). {@code null} disables
       * the endpoint (404).
       */
      public Builder resultsToken(String token) {
        if (token != null) {
          String problem = BearerToken.problem(token);
          if (problem != null) {
            throw new IllegalArgumentException("resultsToken: " + problem);
          }
        }
        once("resultsToken", "a token"); // never the secret itself
        this.resultsToken = token;
        return this;
      }

      /** How requests map to units. */
      public Builder unitResolver(UnitResolver resolver) {
        once("unitResolver", Objects.requireNonNull(resolver, "unitResolver"));
        this.unitResolver = resolver;
        return this;
      }

      /** Targeting attributes from requests. */
      public Builder attributeExtractor(AttributeExtractor extractor) {
        once("attributeExtractor", Objects.requireNonNull(extractor, "attributeExtractor"));
        this.attributeExtractor = extractor;
        return this;
      }

      /** Largest event request body in bytes, 1 KiB..16 MiB. */
      public Builder maxBodyBytes(int bytes) {
        if (bytes < 1024 || bytes > 16 * 1024 * 1024) {
          throw new IllegalArgumentException(
              "maxBodyBytes must be in 1024..16777216, was " + bytes);
        }
        once("maxBodyBytes", bytes);
        this.maxBodyBytes = bytes;
        return this;
      }

      /** Most events per request, 1..10000. */
      public Builder maxBatchSize(int events) {
        if (events < 1 || events > 10_000) {
          throw new IllegalArgumentException("maxBatchSize must be in 1..10000, was " + events);
        }
        once("maxBatchSize", events);
        this.maxBatchSize = events;
        return this;
      }

      /**
       * Limits each visitor (unit) to {@code events} per minute at the event endpoint, 1..1000000;
       * a request beyond it gets {@code 429} with {@code Retry-After} and records nothing. Off by
       * default. It slows a script that posts conversions from one cookie; it cannot stop one that
       * rotates cookies (see {@link UnitResolver#signed}).
       */
      public Builder maxEventsPerVisitorPerMinute(int events) {
        if (events < 1 || events > 1_000_000) {
          throw new IllegalArgumentException(
              "maxEventsPerVisitorPerMinute must be in 1..1000000, was " + events);
        }
        once("maxEventsPerVisitorPerMinute", events);
        this.maxEventsPerVisitorPerMinute = events;
        return this;
      }

      /** How long the event endpoint waits for a request body, 100 ms..5 minutes. */
      public Builder bodyReadTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "bodyReadTimeout");
        if (timeout.compareTo(Duration.ofMillis(100)) < 0
            || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
          throw new IllegalArgumentException(
              "bodyReadTimeout must be in 100 ms..5 minutes, was " + timeout);
        }
        once("bodyReadTimeout", timeout);
        this.bodyReadTimeout = timeout;
        return this;
      }

      /** How far in the future an event's {@code ts} may be, 0..1 day. */
      public Builder maxClockSkew(Duration skew) {
        Objects.requireNonNull(skew, "maxClockSkew");
        if (skew.isNegative() || skew.compareTo(Duration.ofDays(1)) > 0) {
          throw new IllegalArgumentException("maxClockSkew must be in 0..1 day, was " + skew);
        }
        once("maxClockSkew", skew);
        this.maxClockSkew = skew;
        return this;
      }

      /** How old an event's {@code ts} may be, 1 minute..366 days. */
      public Builder maxEventAge(Duration age) {
        Objects.requireNonNull(age, "maxEventAge");
        if (age.compareTo(Duration.ofMinutes(1)) < 0 || age.compareTo(Duration.ofDays(366)) > 0) {
          throw new IllegalArgumentException(
              "maxEventAge must be in 1 minute..366 days, was " + age);
        }
        once("maxEventAge", age);
        this.maxEventAge = age;
        return this;
      }

      /** The clock for event times and timestamp checks. */
      public Builder clock(Clock clock) {
        once("clock", Objects.requireNonNull(clock, "clock"));
        this.clock = clock;
        return this;
      }

      /**
       * The config.
       *
       * @throws IllegalArgumentException if the event and results endpoints share a path
       */
      public Config build() {
        if (eventsPath != null
            && resultsPath != null
            && (eventsPath.equals(resultsPath) || eventsPath.equals(resultsPath + ".html"))) {
          throw new IllegalArgumentException(
              "eventsPath and resultsPath must differ, both were " + eventsPath);
        }
        return new Config(this);
      }

      private static String requireExactPath(String path, String setting) {
        Objects.requireNonNull(path, setting);
        if (!path.startsWith("/")
            || path.length() < 2
            || path.contains("*")
            || path.endsWith("/")
            || containsWhitespace(path)) {
          throw new IllegalArgumentException(
              setting
                  + " must be an exact path like /abkit/events (no wildcard, no trailing /),"
                  + " was \""
                  + path
                  + "\"");
        }
        return path;
      }

      private static void requireUrlPattern(String pattern, String setting) {
        Objects.requireNonNull(pattern, setting + ": urlPattern");
        boolean ok =
            !containsWhitespace(pattern)
                && (pattern.equals("/")
                    || (pattern.startsWith("*.") && pattern.length() > 2 && !pattern.contains("/"))
                    || (pattern.startsWith("/")
                        && (pattern.indexOf('*') < 0
                            || (pattern.endsWith("/*")
                                && pattern.indexOf('*') == pattern.length() - 1))));
        if (!ok) {
          throw new IllegalArgumentException(
              setting
                  + ": url pattern must be /exact, /prefix/* or *.ext, was \""
                  + pattern
                  + "\"");
        }
      }

      private static boolean containsWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
          if (Character.isWhitespace(s.charAt(i))) {
            return true;
          }
        }
        return false;
      }
    }
  }
}
