package dev.abkit.internal.manifest;

import static dev.abkit.internal.manifest.Problems.field;
import static dev.abkit.internal.manifest.Problems.json;
import static dev.abkit.internal.manifest.Problems.present;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abkit.event.Event;
import dev.abkit.manifest.Metric;
import dev.abkit.manifest.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one experiment's {@code target_event} and {@code metrics} (DESIGN.md section 10). Each is
 * an event name, the shorthand that keeps 0.1's meaning ({@link Metric#of}), or a metric object
 * {@code {"event", "name", "type", "numerator", "denominator", "window", "delay", "cap",
 * "direction", "role"}} whose keys are checked against its type. Across the experiment, metric
 * names must be unique, except that a plain string repeating another plain string is dropped with a
 * warning (0.1 ignored such repeats, so old manifests stay valid). One per experiment; read {@code
 * target_event} first, so a repeat in {@code metrics} is the one reported.
 */
public final class MetricsReader {
  private static final Set<String> METRIC_FIELDS =
      Set.of(
          "event",
          "name",
          "type",
          "numerator",
          "denominator",
          "window",
          "delay",
          "cap",
          "direction",
          "role");
  private static final Set<String> CAP_FIELDS = Set.of("value", "percentile");
  private static final Metric.Role[] LISTED_ROLES = {Metric.Role.SECONDARY, Metric.Role.GUARDRAIL};

  /** Where a metric name was given, and whether by a plain string. */
  private record Named(String path, boolean shorthand) {}

  private final Problems problems;
  private final Map<String, Named> names = new HashMap<>();

  public MetricsReader(Problems problems) {
    this.problems = problems;
  }

  /** The goal that {@code target_event} (a present node) declares, or {@code null} on a problem. */
  public Metric goal(JsonNode node, String path) {
    return entry(node, path, true);
  }

  /**
   * The metrics that {@code metrics} (a present node) declares, without those that have a problem
   * or repeat a plain string.
   */
  public List<Metric> metrics(JsonNode node, String path) {
    if (!node.isArray()) {
      problems.problem(path, "must be an array of event names or metric objects", node);
      return List.of();
    }
    List<Metric> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      Metric m = entry(node.get(i), path + "[" + i + "]", false);
      if (m != null) {
        out.add(m);
      }
    }
    return out;
  }

  private Metric entry(JsonNode node, String path, boolean goal) {
    if (node.isTextual()) {
      String event = problems.eventName(node, path);
      if (event == null || !unique(event, path, path, true)) {
        return null;
      }
      return Metric.of(event, goal ? Metric.Role.GOAL : Metric.Role.SECONDARY);
    }
    if (node.isObject()) {
      return object(node, path, goal);
    }
    problems.problem(
        path, "must be an event name or a metric object {\"event\": ..., \"type\": ...}", node);
    return null;
  }

  /** A metric object: one step per key, then the name's uniqueness; null on any problem. */
  private Metric object(JsonNode o, String path, boolean goal) {
    int before = problems.count();
    problems.unknownFields(o, path, METRIC_FIELDS);
    // null when the type is unknown: then only the form of the other keys can be checked
    Metric.Type type =
        problems.choice(
            o, path, "type", Metric.Type.values(), Metric.Type::jsonName, Metric.Type.CONVERSION);
    String event = event(o, path, type);
    String numerator = ratioSide(o, path, "numerator", type);
    String denominator = ratioSide(o, path, "denominator", type);
    String name = name(o, path, type, event);
    Duration window = problems.duration(o, path, "window", false);
    Duration delay = problems.duration(o, path, "delay", true);
    Metric.Cap cap = cap(o, path);
    Metric.Direction direction =
        problems.choice(
            o,
            path,
            "direction",
            Metric.Direction.values(),
            Metric.Direction::jsonName,
            Metric.Direction.INCREASE);
    Metric.Role role = role(o, path, goal);
    if (name != null) {
      String namePath = field(path, present(o, "name") != null ? "name" : "event");
      unique(name, namePath, path, false);
    }
    if (problems.count() > before) {
      return null;
    }
    return new Metric(
        name,
        event,
        type,
        numerator,
        denominator,
        delay == null ? Duration.ZERO : delay,
        window,
        cap,
        direction,
        role,
        false);
  }

  /** {@code event}: required except for a ratio, which must not have one. */
  private String event(JsonNode o, String path, Metric.Type type) {
    JsonNode e = present(o, "event");
    String p = field(path, "event");
    if (type == Metric.Type.RATIO) {
      if (e != null) {
        problems.problem(
            p, "must not be given for type ratio (its events are numerator and denominator)", e);
      }
      return null;
    }
    if (e == null) {
      if (type != null) {
        problems.problem(p, "is required (except for type ratio)", null);
      }
      return null;
    }
    return problems.eventName(e, p);
  }

  /** {@code numerator} or {@code denominator}: an event name, required for a ratio only. */
  private String ratioSide(JsonNode o, String path, String key, Metric.Type type) {
    JsonNode n = present(o, key);
    String p = field(path, key);
    if (type == Metric.Type.RATIO) {
      if (n == null) {
        problems.problem(p, "is required for type ratio", null);
        return null;
      }
      return problems.eventName(n, p);
    }
    if (n != null) {
      if (type != null) {
        problems.problem(p, "must only be given for type ratio", n);
      } else {
        problems.eventName(n, p);
      }
    }
    return null;
  }

  /** {@code name}: the event name's rule; defaults to the event, so a ratio needs one. */
  private String name(JsonNode o, String path, Metric.Type type, String event) {
    JsonNode n = present(o, "name");
    String p = field(path, "name");
    if (n == null) {
      if (type == Metric.Type.RATIO) {
        problems.problem(p, "is required for type ratio (its id in results)", null);
      }
      return event;
    }
    if (!n.isTextual() || !Event.NAME.matcher(n.textValue()).matches()) {
      problems.problem(p, "must be a metric name matching " + Event.NAME.pattern(), n);
      return null;
    }
    return n.textValue();
  }

  /** {@code cap}: {@code {"value": x}} or {@code {"percentile": p}}. */
  private Metric.Cap cap(JsonNode o, String path) {
    JsonNode c = present(o, "cap");
    if (c == null) {
      return null;
    }
    String p = field(path, "cap");
    if (!c.isObject()) {
      problems.problem(p, "must be an object {\"value\": x} or {\"percentile\": p}", c);
      return null;
    }
    problems.unknownFields(c, p, CAP_FIELDS);
    JsonNode value = present(c, "value");
    JsonNode percentile = present(c, "percentile");
    if ((value == null) == (percentile == null)) {
      problems.problem(p, "must have exactly one of value and percentile", c);
      return null;
    }
    if (value != null) {
      if (value.isNumber() && Double.isFinite(value.doubleValue()) && value.doubleValue() > 0) {
        return new Metric.Cap(value.doubleValue(), null);
      }
      problems.problem(field(p, "value"), "must be a positive number", value);
      return null;
    }
    if (percentile.isNumber() && percentile.doubleValue() > 0 && percentile.doubleValue() < 1) {
      return new Metric.Cap(null, percentile.doubleValue());
    }
    problems.problem(field(p, "percentile"), "must be a number in (0, 1)", percentile);
    return null;
  }

  /** {@code role}: target_event is always the goal; a listed metric is secondary or guardrail. */
  private Metric.Role role(JsonNode o, String path, boolean goal) {
    JsonNode r = present(o, "role");
    boolean saysGoal =
        r != null && r.isTextual() && r.textValue().equals(Metric.Role.GOAL.jsonName());
    if (goal) {
      if (r != null && !saysGoal) {
        problems.problem(
            field(path, "role"), "must be goal or absent (target_event is always the goal)", r);
        return null;
      }
      return Metric.Role.GOAL;
    }
    if (saysGoal) {
      problems.problem(
          field(path, "role"), "must be secondary or guardrail (only target_event is the goal)", r);
      return null;
    }
    return problems.choice(
        o, path, "role", LISTED_ROLES, Metric.Role::jsonName, Metric.Role.SECONDARY);
  }

  /**
   * Notes {@code name}, given at {@code path} by the metric at {@code metricPath}; false when
   * another metric has it (a problem, or a warning when both are plain strings).
   */
  private boolean unique(String name, String path, String metricPath, boolean shorthand) {
    Named other = names.putIfAbsent(name, new Named(metricPath, shorthand));
    if (other == null) {
      return true;
    }
    if (shorthand && other.shorthand()) {
      problems.warn(new Problem(path, "repeats " + other.path() + ", ignored", json(name)));
      return false;
    }
    String hint = path.endsWith(".event") ? "; give this one a \"name\"" : "";
    problems.problem(
        path,
        "must be unique among the experiment's metric names (also the name of "
            + other.path()
            + hint
            + ")",
        name);
    return false;
  }
}
