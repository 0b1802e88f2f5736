package dev.abkit.servlet;

import dev.abkit.AbKit;
import dev.abkit.servlet.internal.LogOnce;
import dev.abkit.servlet.internal.RequestExperiments;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves each request's unit through a {@link UnitResolver} (setting the visitor cookie when
 * needed) and puts the request's {@link Experiments} on it, for handlers, views and {@link
 * ExposureFilter}. Assignments themselves are computed lazily, on first use.
 *
 * <p>Never fails a request: if the resolver throws, the failure is logged once and the request
 * continues with no unit (control everywhere, nothing recorded). Map it to {@code /*} before every
 * filter or servlet that reads experiments ({@link AbKitServlets#register} does). In {@code
 * web.xml}, declare it with no init parameters; it uses the AbKit in context attribute {@value
 * AbKitServlets#ABKIT_ATTRIBUTE} and the default resolver and attribute extractor.
 */
public final class AssignmentFilter implements Filter {
  private static final Logger log = LoggerFactory.getLogger(AssignmentFilter.class);
  private static final LogOnce RESOLVER_FAILED =
      new LogOnce(log, "the UnitResolver failed; continuing without a unit (control served)");

  private AbKit abkit;
  private UnitResolver resolver;
  private AttributeExtractor extractor;

  /** For {@code web.xml}: AbKit from the context attribute, default resolver and extractor. */
  public AssignmentFilter() {}

  /** A filter using {@code abkit}, resolving units and attributes as given. */
  public AssignmentFilter(AbKit abkit, UnitResolver resolver, AttributeExtractor extractor) {
    this.abkit = Objects.requireNonNull(abkit, "abkit");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.extractor = Objects.requireNonNull(extractor, "extractor");
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    if (abkit == null) {
      abkit = AbKitServlets.abkitOf(config.getServletContext(), "AssignmentFilter");
      resolver = UnitResolver.defaults();
      extractor = AttributeExtractor.defaults();
    }
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (req.getAttribute(Experiments.ATTRIBUTE) == null
        && req instanceof HttpServletRequest
        && res instanceof HttpServletResponse) {
      HttpServletRequest request = (HttpServletRequest) req;
      req.setAttribute(
          Experiments.ATTRIBUTE,
          new RequestExperiments(
              abkit, resolve(request, (HttpServletResponse) res), request, extractor));
    }
    chain.doFilter(req, res);
  }

  private String resolve(HttpServletRequest request, HttpServletResponse response) {
    try {
      String unit = resolver.resolve(request, response);
      return unit == null || unit.isBlank() || unit.length() > dev.abkit.Unit.MAX_ID_LENGTH
          ? null
          : unit;
    } catch (RuntimeException e) {
      RESOLVER_FAILED.warn(e);
      return null;
    }
  }
}
