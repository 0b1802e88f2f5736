package dev.abkit.servlet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.abkit.AbKit;
import dev.abkit.Unit;
import dev.abkit.event.Event;
import dev.abkit.servlet.internal.AsyncBody;
import dev.abkit.servlet.internal.EventBody;
import dev.abkit.servlet.internal.JsonResponses;
import dev.abkit.servlet.internal.LogOnce;
import dev.abkit.servlet.internal.MediaTypes;
import dev.abkit.servlet.internal.VisitorEventLimiter;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event endpoint: {@code POST} a JSON body {@code {"event": "kpi_click", "value"?: 1.5, "id"?:
 * "...", "ts"?: "2026-11-23T10:00:05Z", "props"?: {...}}} or {@code {"events": [ ...up to 100 such
 * objects ]}} with {@code Content-Type: application/json}.
 *
 * <p>The unit is the request's: the one {@link AssignmentFilter} resolved, else the configured
 * {@link UnitResolver}'s. Fields {@code unit}, {@code variant}, {@code experiment}, {@code test_id}
 * and any other unknown fields in the body are ignored, so a client cannot act as another unit or
 * credit a variant (events carry no variant; analysis attributes them through exposures).
 *
 * <p>Responses are JSON:
 *
 * <ul>
 *   <li>{@code 202} when at least one event was accepted: {@code {"accepted": n, "rejected": m,
 *       "results": [{"index": 0, "status": "accepted", "id": "..."}, {"index": 1, "status":
 *       "rejected", "error": "events[1].value: must be a finite number", "field":
 *       "events[1].value"}]}} (partial acceptance: rejected events are not stored, the others are);
 *   <li>{@code 400} when nothing was accepted because the body or every event is invalid: {@code
 *       {"error": "...", "field"?: "..."}}, plus the per-event fields above when the body was
 *       parseable;
 *   <li>{@code 405} (with {@code Allow: POST}) for other methods, {@code 413} for a body over the
 *       limit (64 KiB by default), {@code 415} (with {@code Accept-Post: application/json}) for
 *       another content type;
 *   <li>{@code 503} (with {@code Retry-After}) when valid events could not be queued because the
 *       recording pipeline refused them (e.g. closed, or durable mode with a failing journal);
 *       their results say {@code "failed"} with the error {@code "outcome unknown; retry with the
 *       same id"}: a durable record whose journal write timed out may still be stored, so a client
 *       must retry with the id it sent (each result carries it) to be counted once.
 * </ul>
 *
 * Requiring {@code application/json} also keeps cross-site HTML forms from posting events (they
 * cannot send that type without a CORS preflight). An event without {@code id} gets a random UUID;
 * resending the same {@code id} is idempotent: the repeat is answered {@code "accepted"} with
 * {@code "duplicate": true} and stored once. Never throws to the container.
 *
 * <p>In {@code web.xml}, declare it with no init parameters: abkit comes from context attribute
 * {@value AbKitServlets#ABKIT_ATTRIBUTE}; the limits come from the context parameters {@value
 * AbKitContextListener#MAX_BODY_BYTES} and {@value AbKitContextListener#MAX_BATCH} (defaults 65536
 * and 100), the unit from {@link UnitResolver#defaults()}.
 */
public final class EventServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(EventServlet.class);
  private static final LogOnce TRACK_FAILED =
      new LogOnce(log, "recording an event failed; answering 503 for it");
  private static final LogOnce RESOLVER_FAILED =
      new LogOnce(log, "the UnitResolver failed on the event endpoint");

  private transient AbKit abkit;
  private transient AbKitServlets.Config config;
  private transient VisitorEventLimiter limiter;

  /** For {@code web.xml}: abkit from the context attribute, default settings. */
  public EventServlet() {}

  /** An endpoint recording into {@code abkit} with {@code config}'s limits and resolver. */
  public EventServlet(AbKit abkit, AbKitServlets.Config config) {
    this.abkit = Objects.requireNonNull(abkit, "abkit");
    this.config = Objects.requireNonNull(config, "config");
    this.limiter = limiterFor(config);
  }

  private static VisitorEventLimiter limiterFor(AbKitServlets.Config config) {
    int limit = config.maxEventsPerVisitorPerMinute();
    return limit > 0 ? new VisitorEventLimiter(limit) : null;
  }

  @Override
  public void init(ServletConfig servletConfig) throws ServletException {
    super.init(servletConfig);
    if (abkit == null) {
      abkit = AbKitServlets.abkitOf(servletConfig.getServletContext(), "EventServlet");
      try {
        config = AbKitContextListener.config(servletConfig.getServletContext());
        limiter = limiterFor(config);
      } catch (IllegalStateException e) {
        throw new ServletException("EventServlet: " + e.getMessage(), e);
      }
    }
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"POST".equals(req.getMethod())) {
      resp.setHeader("Allow", "POST");
      JsonResponses.send(
          resp, 405, JsonResponses.error("method " + safe(req.getMethod()) + " not allowed", null));
      return;
    }
    if (!MediaTypes.isJson(req.getContentType())) {
      resp.setHeader("Accept-Post", "application/json");
      JsonResponses.send(
          resp, 415, JsonResponses.error("Content-Type must be application/json", null));
      return;
    }
    int max = config.maxBodyBytes();
    long declared = req.getContentLengthLong();
    if (declared > max) {
      tooLarge(resp, max);
      return;
    }
    if (req.isAsyncSupported()) {
      // A client that dribbles its body must not hold a container thread (slow-client DoS).
      AsyncBody.read(
          req.startAsync(),
          max,
          config.bodyReadTimeout(),
          body -> handle(req, resp, body),
          ignored -> tooLarge(resp, max));
      return;
    }
    byte[] body;
    try (InputStream in = req.getInputStream()) {
      body = in.readNBytes(max + 1);
    }
    if (body.length > max) {
      tooLarge(resp, max);
      return;
    }
    handle(req, resp, body);
  }

  private void handle(HttpServletRequest req, HttpServletResponse resp, byte[] body)
      throws IOException {
    Clock clock = config.clock();
    Instant now = clock.instant();
    EventBody.Parsed parsed =
        EventBody.parse(
            body,
            now,
            config.maxBatchSize(),
            config.maxClockSkew(),
            config.maxEventAge(),
            abkit.maxEventValue());
    if (parsed.error() != null) {
      JsonResponses.send(resp, 400, JsonResponses.error(parsed.error(), parsed.field()));
      return;
    }
    record(req, resp, parsed.items(), now);
  }

  private void record(
      HttpServletRequest req, HttpServletResponse resp, List<EventBody.Item> items, Instant now)
      throws IOException {
    String unit = unit(req, resp);
    if (unit != null && limiter != null) {
      int valid = (int) items.stream().filter(item -> item.valid() != null).count();
      Duration wait = limiter.take(unit, valid, now);
      if (!wait.isZero()) {
        resp.setHeader("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
        JsonResponses.send(
            resp,
            429,
            JsonResponses.error(
                "too many events from this visitor: at most "
                    + config.maxEventsPerVisitorPerMinute()
                    + " a minute; nothing was recorded",
                null));
        return;
      }
    }
    ObjectNode out = JsonResponses.object();
    ArrayNode results = JsonResponses.MAPPER.createArrayNode();
    int accepted = 0;
    int rejected = 0;
    int failed = 0;
    EventBody.Item firstBad = null;
    for (int i = 0; i < items.size(); i++) {
      EventBody.Item item = items.get(i);
      ObjectNode r = results.addObject().put("index", i);
      if (item.valid() == null) {
        rejected++;
        firstBad = firstBad == null ? item : firstBad;
        r.put("status", "rejected").put("error", item.error()).put("field", item.field());
        continue;
      }
      EventBody.Valid v = item.valid();
      String id = v.id() != null ? v.id() : UUID.randomUUID().toString();
      Event event = null;
      if (unit != null) {
        try {
          event =
              new Event(
                  id, unit, v.name(), v.time() != null ? v.time() : now, v.value(), v.props());
        } catch (IllegalArgumentException e) {
          // the parser checks what Event checks; this guards against the two drifting apart
          rejected++;
          EventBody.Item bad = new EventBody.Item(null, e.getMessage(), null);
          firstBad = firstBad == null ? bad : firstBad;
          r.put("status", "rejected").put("error", e.getMessage());
          continue;
        }
      }
      Outcome outcome = event == null ? Outcome.FAILED : track(event);
      if (outcome != Outcome.FAILED) {
        accepted++;
        r.put("status", "accepted").put("id", id);
        if (outcome == Outcome.DUPLICATE) {
          r.put("duplicate", true);
        }
      } else {
        failed++;
        if (event != null) {
          r.put("id", id); // the id to retry with (a generated one if the client sent none)
        }
        r.put("status", "failed")
            .put(
                "error",
                unit == null
                    ? "no unit could be resolved for this request"
                    // a durable record whose journal write timed out may still be stored later:
                    // a retry without the same id would count it twice
                    : "outcome unknown; retry with the same id");
      }
    }
    out.put("accepted", accepted).put("rejected", rejected);
    if (failed > 0) {
      out.put("failed", failed);
    }
    out.set("results", results);
    if (accepted > 0) {
      JsonResponses.send(resp, 202, out);
    } else if (failed > 0) {
      resp.setHeader("Retry-After", "5");
      out.put("error", "outcome unknown; retry with the same id");
      JsonResponses.send(resp, 503, out);
    } else {
      ObjectNode error = JsonResponses.error(firstBad.error(), firstBad.field());
      error.setAll(out);
      JsonResponses.send(resp, 400, error);
    }
  }

  private enum Outcome {
    ACCEPTED,
    DUPLICATE,
    FAILED
  }

  /** Hands the event to the pipeline; a resent id is a success (the store keeps it once). */
  private Outcome track(Event event) {
    try {
      switch (abkit.track(event)) {
        case ACCEPTED:
          return Outcome.ACCEPTED;
        case DUPLICATE:
          return Outcome.DUPLICATE;
        default:
          return Outcome.FAILED;
      }
    } catch (RuntimeException e) {
      TRACK_FAILED.warn(e);
      return Outcome.FAILED;
    }
  }

  private String unit(HttpServletRequest req, HttpServletResponse resp) {
    Object ex = req.getAttribute(Experiments.ATTRIBUTE);
    if (ex instanceof Experiments) {
      return ((Experiments) ex).unitId();
    }
    try {
      String unit = config.unitResolver().resolve(req, resp);
      return unit == null || unit.isBlank() || unit.length() > Unit.MAX_ID_LENGTH ? null : unit;
    } catch (RuntimeException e) {
      RESOLVER_FAILED.warn(e);
      return null;
    }
  }

  private static void tooLarge(HttpServletResponse resp, int max) throws IOException {
    resp.setHeader("Connection", "close");
    JsonResponses.send(
        resp, 413, JsonResponses.error("the request body must be at most " + max + " bytes", null));
  }

  private static String safe(String method) {
    return method != null && method.length() <= 16 && method.chars().allMatch(Character::isLetter)
        ? method
        : "(invalid)";
  }
}
