package dev.abkit.servlet;

import dev.abkit.AbKit;
import dev.abkit.Assignment;
import dev.abkit.Unit;
import dev.abkit.manifest.Experiment;
import dev.abkit.servlet.internal.LogOnce;
import dev.abkit.servlet.internal.RequestExperiments;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs exposures for the experiments a route shows, once the route has answered successfully: after
 * the rest of the chain returns (or, for async requests, completes) with a status below 400 and no
 * exception, for any method but HEAD, each configured experiment in which the request's unit is
 * enrolled gets {@link AbKit#logExposure}. abkit deduplicates, so a visitor is exposed once per
 * experiment however often they load the route. Not-enrolled units (targeting, traffic) are not
 * exposed.
 *
 * <p>Requires {@link AssignmentFilter} earlier in the chain. If it is missing (a filter-order
 * mistake), the filter logs an ERROR once naming the fix and passes requests through untouched: it
 * never fails a request, and store failures are likewise logged once and swallowed.
 *
 * <p>In {@code web.xml}, give the experiments as init parameter {@value #EXPERIMENTS_PARAM}
 * (comma-separated ids); abkit comes from context attribute {@value AbKitServlets#ABKIT_ATTRIBUTE}.
 */
public final class ExposureFilter implements Filter {
  /** Init parameter naming the route's experiments, comma-separated. */
  public static final String EXPERIMENTS_PARAM = "experiments";

  private static final Logger log = LoggerFactory.getLogger(ExposureFilter.class);
  private static final LogOnce LOG_FAILED =
      new LogOnce(log, "logging an exposure failed; the response was not affected");

  private final LogOnce misordered =
      new LogOnce(log, "ExposureFilter ran without AssignmentFilter before it");
  private AbKit abkit;
  private String[] experiments;
  private String name = "ExposureFilter";

  /** For {@code web.xml}: experiments from init parameter {@value #EXPERIMENTS_PARAM}. */
  public ExposureFilter() {}

  /**
   * A filter exposing {@code experimentIds} through {@code abkit}.
   *
   * @throws IllegalArgumentException if the list is empty or an id is malformed
   */
  public ExposureFilter(AbKit abkit, Collection<String> experimentIds) {
    this.abkit = Objects.requireNonNull(abkit, "abkit");
    this.experiments = checkIds(experimentIds);
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    name = config.getFilterName();
    if (abkit == null) {
      abkit = AbKitServlets.abkitOf(config.getServletContext(), "ExposureFilter " + name);
    }
    if (experiments == null) {
      String param = config.getInitParameter(EXPERIMENTS_PARAM);
      if (param == null || param.isBlank()) {
        throw new ServletException(
            "ExposureFilter "
                + name
                + ": init parameter "
                + EXPERIMENTS_PARAM
                + " is required (comma-separated experiment ids this route shows)");
      }
      List<String> ids = new ArrayList<>();
      for (String id : param.split(",")) {
        ids.add(id.strip());
      }
      try {
        experiments = checkIds(ids);
      } catch (IllegalArgumentException e) {
        throw new ServletException("ExposureFilter " + name + ": " + e.getMessage(), e);
      }
    }
    warnUnknown();
  }

  private void warnUnknown() {
    dev.abkit.manifest.Manifest manifest;
    try {
      manifest = abkit.manifest();
    } catch (RuntimeException e) {
      log.warn(
          "abkit: ExposureFilter {} could not read the manifest to check its experiments", name, e);
      return;
    }
    for (String id : experiments) {
      if (manifest.experiment(id).isEmpty()) {
        log.warn(
            "abkit: ExposureFilter {} names experiment {}, which the manifest does not have;"
                + " nothing is exposed for it until a manifest that has it is loaded",
            name,
            id);
      }
    }
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(req, res);
    if (req.isAsyncStarted()) {
      req.getAsyncContext().addListener(new OnComplete(req, res));
    } else {
      expose(req, res);
    }
  }

  /** How many requests reached this filter without {@link AssignmentFilter} before it. */
  long misorderedRequests() {
    return misordered.count();
  }

  private void expose(ServletRequest req, ServletResponse res) {
    if (!(res instanceof HttpServletResponse) || ((HttpServletResponse) res).getStatus() >= 400) {
      return;
    }
    if (req instanceof HttpServletRequest
        && "HEAD".equals(((HttpServletRequest) req).getMethod())) {
      return; // a HEAD response has no body: nothing was shown
    }
    Object attr = req.getAttribute(Experiments.ATTRIBUTE);
    if (!(attr instanceof Experiments)) {
      misordered.error(
          "filter "
              + name
              + " logs no exposures. Map dev.abkit.servlet.AssignmentFilter to /* before it (in"
              + " web.xml, declare its <filter-mapping> first), or let AbKitServlets.register"
              + " wire both");
      return;
    }
    Experiments ex = (Experiments) attr;
    String unit = ex.unitId();
    if (unit == null) {
      return;
    }
    try {
      // the attributes the assignments came from, for the experiments' dimensions
      Unit withAttributes = ex instanceof RequestExperiments r ? r.unit() : null;
      for (String id : experiments) {
        Assignment a = ex.assignment(id);
        if (a.enrolled()) {
          if (withAttributes != null) {
            abkit.logExposure(withAttributes, a);
          } else {
            abkit.logExposure(unit, a);
          }
        }
      }
    } catch (RuntimeException e) {
      LOG_FAILED.warn(e);
    }
  }

  private static String[] checkIds(Collection<String> ids) {
    Objects.requireNonNull(ids, "experimentIds");
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("experimentIds must not be empty");
    }
    for (String id : ids) {
      if (id == null || !Experiment.ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            "experiment id must match "
                + Experiment.ID.pattern()
                + ", was "
                + (id == null ? "null" : "\"" + id + "\""));
      }
    }
    return ids.stream().distinct().toArray(String[]::new);
  }

  private final class OnComplete implements AsyncListener {
    private final ServletRequest req;
    private final ServletResponse res;

    OnComplete(ServletRequest req, ServletResponse res) {
      this.req = req;
      this.res = res;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      expose(req, res);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      // a timed-out request did not show its page; onComplete follows with an error status
    }

    @Override
    public void onError(AsyncEvent event) {
      // failed: no exposure; onComplete follows and sees the error status
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }
  }
}
