package dev.abkit.servlet;

import dev.abkit.Assignment;
import jakarta.servlet.ServletRequest;
import java.util.Map;
import java.util.Optional;

/**
 * The current request's unit and its experiment assignments, put on the request by {@link
 * AssignmentFilter}. Handlers read it with {@link #of(ServletRequest)}:
 *
 * <pre>{@code
 * Experiments ex = Experiments.of(request);
 * if ("B".equals(ex.variant("kpi_scorecard_layout"))) { ... }
 * }</pre>
 *
 * JSPs reach it as the request attribute {@value #ATTRIBUTE}, e.g. {@code
 * ${requestScope['dev.abkit.servlet.Experiments'].variant('kpi_scorecard_layout')}}.
 *
 * <p>Assignments are computed lazily, once per request, on the first call that needs them (routes
 * that never ask pay only for resolving the unit). Instance methods never throw: a failure inside
 * abkit is logged once and the affected experiments serve control. Meant for the request's own
 * threads.
 */
public interface Experiments {

  /** The request attribute holding this request's {@code Experiments}. */
  String ATTRIBUTE = "dev.abkit.servlet.Experiments";

  /** The unit id (principal name or visitor id), or {@code null} if none could be resolved. */
  String unitId();

  /**
   * The variant key to serve in {@code experimentId}: the enrolled variant, else the control's key;
   * {@code null} only for an experiment the manifest does not have.
   */
  String variant(String experimentId);

  /** Whether the variant served in {@code experimentId} is {@code variantKey}. */
  default boolean is(String experimentId, String variantKey) {
    String v = variant(experimentId);
    return v != null && v.equals(variantKey);
  }

  /**
   * The full assignment in {@code experimentId} (variant, reason, config), also for experiments
   * that are not running or unknown (their reason says so).
   */
  Assignment assignment(String experimentId);

  /** Assignments in every running experiment, by experiment id in manifest order (unmodifiable). */
  Map<String, Assignment> all();

  /**
   * The request's experiments.
   *
   * @throws IllegalStateException if {@link AssignmentFilter} did not run for this request (map it
   *     to the route, before any filter or servlet that reads experiments, or use {@link
   *     AbKitServlets#register})
   */
  static Experiments of(ServletRequest request) {
    Object e = request.getAttribute(ATTRIBUTE);
    if (e instanceof Experiments) {
      return (Experiments) e;
    }
    throw new IllegalStateException(
        "no abkit Experiments on this request: map dev.abkit.servlet.AssignmentFilter to this route"
            + " before the code that reads experiments (AbKitServlets.register maps it to /*)");
  }

  /** The request's experiments, or empty if {@link AssignmentFilter} did not run for it. */
  static Optional<Experiments> find(ServletRequest request) {
    Object e = request.getAttribute(ATTRIBUTE);
    return e instanceof Experiments ? Optional.of((Experiments) e) : Optional.empty();
  }
}
