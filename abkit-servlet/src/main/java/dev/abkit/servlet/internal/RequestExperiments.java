package dev.abkit.servlet.internal;

import dev.abkit.AbKit;
import dev.abkit.Assignment;
import dev.abkit.Reason;
import dev.abkit.Unit;
import dev.abkit.manifest.Experiment;
import dev.abkit.servlet.AttributeExtractor;
import dev.abkit.servlet.Experiments;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's {@link Experiments}: the unit is resolved up front (the cookie must be set before
 * the response commits); attributes and {@code assignAll} are computed on first use and memoized. A
 * racing second computation (only possible if two threads share a request) yields the same,
 * deterministic result, so a volatile field suffices.
 */
public final class RequestExperiments implements Experiments {
  private static final Logger log = LoggerFactory.getLogger(RequestExperiments.class);
  private static final LogOnce ATTRIBUTES_FAILED =
      new LogOnce(log, "the AttributeExtractor failed; assigning without attributes");
  private static final LogOnce ASSIGN_FAILED =
      new LogOnce(log, "assignment failed; serving control");

  private final AbKit abkit;
  private final String unitId;
  private HttpServletRequest request;
  private final AttributeExtractor extractor;
  private volatile Map<String, Assignment> all;
  private volatile Unit unit;

  public RequestExperiments(
      AbKit abkit, String unitId, HttpServletRequest request, AttributeExtractor extractor) {
    this.abkit = abkit;
    this.unitId = unitId;
    this.request = request;
    this.extractor = extractor;
  }

  @Override
  public String unitId() {
    return unitId;
  }

  @Override
  public String variant(String experimentId) {
    return assignment(experimentId).served();
  }

  @Override
  public Assignment assignment(String experimentId) {
    Assignment a = all().get(experimentId);
    if (a != null) {
      return a;
    }
    // Not running, unknown, or the batch failed: ask for this one (the engine says why).
    try {
      return abkit.assign(experimentId, unitId);
    } catch (RuntimeException e) {
      ASSIGN_FAILED.warn(e);
      return fallback(experimentId);
    }
  }

  @Override
  public Map<String, Assignment> all() {
    Map<String, Assignment> m = all;
    if (m == null) {
      m = compute();
      all = m;
    }
    return m;
  }

  private Map<String, Assignment> compute() {
    if (unitId == null) {
      return Map.of();
    }
    Map<String, Object> attributes = Map.of();
    HttpServletRequest r = request;
    if (r != null) {
      try {
        Map<String, Object> extracted = extractor.attributes(r);
        attributes = extracted == null ? Map.of() : extracted;
      } catch (RuntimeException e) {
        ATTRIBUTES_FAILED.warn(e);
      }
    }
    request = null; // do not keep the request reachable beyond its lifetime
    Unit u = Unit.of(unitId, attributes);
    unit = u;
    try {
      return Collections.unmodifiableMap(abkit.assignAll(u));
    } catch (RuntimeException e) {
      ASSIGN_FAILED.warn(e);
      return Map.of();
    }
  }

  /**
   * The unit with the attributes its assignments were computed from (what exposures record for the
   * experiments' dimensions), or {@code null} without a unit id.
   */
  public Unit unit() {
    all();
    return unit;
  }

  private Assignment fallback(String experimentId) {
    String control;
    try {
      control = abkit.manifest().experiment(experimentId).map(Experiment::control).orElse(null);
    } catch (RuntimeException e) {
      control = null; // the manifest itself is unreadable; the caller's failure was logged
    }
    return new Assignment(experimentId, null, control, Reason.ERROR, Map.of());
  }

  @Override
  public String toString() {
    return "Experiments[unit=" + unitId + "]";
  }
}
