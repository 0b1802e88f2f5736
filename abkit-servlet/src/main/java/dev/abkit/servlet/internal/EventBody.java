package dev.abkit.servlet.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.abkit.event.Event;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses and validates an event endpoint body: {@code {"event": ...}} (one event) or {@code
 * {"events": [...]}} (a batch), into per-event outcomes. The whole body is rejected only when it is
 * not usable at all (not JSON, not an object, neither or both forms, empty or oversized batch);
 * otherwise each event is accepted or rejected on its own.
 *
 * <p>Per event: {@code event} (required, {@link Event#NAME}); {@code value} (optional finite number
 * at most {@code maxValue} in magnitude, or null); {@code id} (optional, {@code
 * [A-Za-z0-9_.:-]{1,128}}, the idempotency key); {@code ts} (optional ISO-8601 instant with offset,
 * or integer epoch milliseconds; at most {@code maxSkew} in the future and {@code maxAge} in the
 * past); {@code props} (optional object of at most {@value #MAX_PROPS} keys of at most {@value
 * #MAX_KEY} characters, values strings of at most {@value #MAX_STRING} characters, finite numbers,
 * booleans, null, or arrays/objects of those nested at most {@value #MAX_PROPS_DEPTH} levels below
 * {@code props}, {@value #MAX_PROPS_NODES} values in all). Other fields, including {@code unit},
 * {@code variant}, {@code experiment} and {@code test_id}, are ignored: the unit always comes from
 * the request, and events never carry a variant.
 *
 * <p>Error messages name the field and the rule, never echo the client's text. Thread-safe.
 */
public final class EventBody {
  static final int MAX_PROPS = 32;
  static final int MAX_KEY = 64;
  static final int MAX_STRING = 1024;
  static final int MAX_PROPS_DEPTH = 2;
  static final int MAX_PROPS_NODES = 128;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(16)
                .maxNumberLength(64)
                .maxStringLength(64 * 1024)
                .build());
  }

  private EventBody() {}

  /** A valid event, before the unit is attached. */
  public record Valid(
      String name, Double value, String id, Instant time, Map<String, Object> props) {}

  /**
   * The outcome for one event: exactly one of {@code valid} and {@code error} is set.
   *
   * @param field the offending field's path (e.g. {@code events[2].value}) when rejected
   */
  public record Item(Valid valid, String error, String field) {
    static Item ok(Valid v) {
      return new Item(v, null, null);
    }

    static Item bad(String field, String message) {
      return new Item(null, field + ": " + message, field);
    }
  }

  /**
   * The parse of a body: {@code error} set (whole body rejected, 400) or {@code items} set.
   *
   * @param batch whether the body used the {@code events} form
   */
  public record Parsed(List<Item> items, boolean batch, String error, String field) {}

  /**
   * Parses {@code body} (UTF-8 JSON).
   *
   * @param now the current time
   * @param maxBatch most events allowed in a batch
   * @param maxSkew how far in the future {@code ts} may be
   * @param maxAge how far in the past {@code ts} may be
   * @param maxValue the largest {@code |value|} accepted ({@code AbKit.maxEventValue()})
   */
  public static Parsed parse(
      byte[] body, Instant now, int maxBatch, Duration maxSkew, Duration maxAge, double maxValue) {
    if (body.length == 0) {
      return whole("the request body is empty: send {\"event\": ...} or {\"events\": [...]}", null);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      return whole(
          at == null
              ? "malformed JSON"
              : "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr(),
          null);
    } catch (IOException e) {
      return whole("malformed JSON", null);
    }
    if (root == null || !root.isObject()) {
      return whole("the body must be a JSON object: {\"event\": ...} or {\"events\": [...]}", null);
    }
    JsonNode events = root.get("events");
    boolean hasEvent = root.has("event");
    if (events != null && hasEvent) {
      return whole("give either \"event\" (one event) or \"events\" (a list), not both", null);
    }
    Window window =
        new Window(now, now.plus(maxSkew), now.minus(maxAge), maxSkew, maxAge, maxValue);
    if (events == null) {
      if (!hasEvent) {
        return whole("missing \"event\" (one event) or \"events\" (a list)", "event");
      }
      return new Parsed(List.of(event(root, "", window)), false, null, null);
    }
    if (!events.isArray()) {
      return whole("must be a list of event objects", "events");
    }
    if (events.isEmpty()) {
      return whole("must not be empty", "events");
    }
    if (events.size() > maxBatch) {
      return whole("at most " + maxBatch + " events per request, was " + events.size(), "events");
    }
    List<Item> items = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      String prefix = "events[" + i + "]";
      JsonNode e = events.get(i);
      items.add(
          e.isObject() ? event(e, prefix + ".", window) : Item.bad(prefix, "must be an object"));
    }
    return new Parsed(items, true, null, null);
  }

  private record Window(
      Instant now,
      Instant latest,
      Instant earliest,
      Duration maxSkew,
      Duration maxAge,
      double maxValue) {}

  private static Parsed whole(String message, String field) {
    return new Parsed(null, false, field == null ? message : field + ": " + message, field);
  }

  private static Item event(JsonNode node, String prefix, Window window) {
    JsonNode name = node.get("event");
    if (name == null || name.isNull()) {
      return Item.bad(prefix + "event", "is required (the event name)");
    }
    if (!name.isTextual() || !Event.NAME.matcher(name.textValue()).matches()) {
      return Item.bad(prefix + "event", "must be a string matching " + Event.NAME.pattern());
    }
    Double value = null;
    JsonNode v = node.get("value");
    if (v != null && !v.isNull()) {
      if (!v.isNumber()) {
        return Item.bad(prefix + "value", "must be a number");
      }
      double d = v.doubleValue();
      if (!Double.isFinite(d)) {
        return Item.bad(prefix + "value", "must be a finite number");
      }
      if (Math.abs(d) > window.maxValue()) {
        return Item.bad(
            prefix + "value", "must be at most " + window.maxValue() + " in magnitude, was " + d);
      }
      value = d;
    }
    String id = null;
    JsonNode idNode = node.get("id");
    if (idNode != null && !idNode.isNull()) {
      if (!idNode.isTextual() || !ID.matcher(idNode.textValue()).matches()) {
        return Item.bad(prefix + "id", "must be a string matching " + ID.pattern());
      }
      id = idNode.textValue();
    }
    Instant time = null;
    JsonNode ts = node.get("ts");
    if (ts != null && !ts.isNull()) {
      time = instant(ts);
      if (time == null) {
        return Item.bad(
            prefix + "ts",
            "must be an ISO-8601 instant with offset (2026-11-23T10:00:00Z) or integer epoch"
                + " milliseconds");
      }
      if (time.isAfter(window.latest())) {
        return Item.bad(
            prefix + "ts", "must not be more than " + human(window.maxSkew()) + " in the future");
      }
      if (time.isBefore(window.earliest())) {
        return Item.bad(prefix + "ts", "must not be more than " + human(window.maxAge()) + " old");
      }
    }
    Map<String, Object> props = Map.of();
    JsonNode p = node.get("props");
    if (p != null && !p.isNull()) {
      if (!p.isObject()) {
        return Item.bad(prefix + "props", "must be an object");
      }
      if (p.size() > MAX_PROPS) {
        return Item.bad(
            prefix + "props", "must have at most " + MAX_PROPS + " keys, had " + p.size());
      }
      int[] budget = {MAX_PROPS_NODES};
      Object converted;
      try {
        converted = convert(p, 0, budget);
      } catch (PropsException e) {
        return Item.bad(prefix + "props" + e.path, e.getMessage());
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) converted;
      props = m;
    }
    return Item.ok(new Valid(name.textValue(), value, id, time, props));
  }

  private static Instant instant(JsonNode ts) {
    if (ts.isTextual()) {
      try {
        return OffsetDateTime.parse(ts.textValue()).toInstant();
      } catch (DateTimeParseException e) {
        return null; // reported by the caller as a bad ts
      }
    }
    if (ts.isIntegralNumber() && ts.canConvertToLong()) {
      long millis = ts.longValue();
      // beyond ±10^15 ms (31 700 years) is not a timestamp; Instant would overflow sooner or later
      return Math.abs(millis) < 1_000_000_000_000_000L ? Instant.ofEpochMilli(millis) : null;
    }
    return null;
  }

  private static Object convert(JsonNode n, int depth, int[] budget) throws PropsException {
    if (--budget[0] < 0) {
      throw new PropsException("", "must hold at most " + MAX_PROPS_NODES + " values in all");
    }
    switch (n.getNodeType()) {
      case STRING:
        if (n.textValue().length() > MAX_STRING) {
          throw new PropsException("", "strings must be at most " + MAX_STRING + " characters");
        }
        if (hasLoneSurrogate(n.textValue())) {
          throw new PropsException("", "strings must be valid Unicode (no lone surrogates)");
        }
        return n.textValue();
      case NUMBER:
        if (n.isIntegralNumber()) {
          if (!n.canConvertToLong()) {
            // silently turning it into a double would change the number
            throw new PropsException("", "integers must fit in 64 bits");
          }
          return n.longValue();
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
          throw new PropsException("", "numbers must be finite");
        }
        return d;
      case BOOLEAN:
        return n.booleanValue();
      case NULL:
        return null;
      case ARRAY:
      case OBJECT:
        if (depth > MAX_PROPS_DEPTH) {
          throw new PropsException(
              "", "must nest at most " + MAX_PROPS_DEPTH + " levels of objects or arrays");
        }
        return n.isArray() ? convertArray(n, depth, budget) : convertObject(n, depth, budget);
      default:
        throw new PropsException("", "values must be strings, numbers, booleans or null");
    }
  }

  private static List<Object> convertArray(JsonNode n, int depth, int[] budget)
      throws PropsException {
    List<Object> out = new ArrayList<>(n.size());
    for (int i = 0; i < n.size(); i++) {
      try {
        out.add(convert(n.get(i), depth + 1, budget));
      } catch (PropsException e) {
        throw e.under("[" + i + "]");
      }
    }
    return Collections.unmodifiableList(out);
  }

  private static Map<String, Object> convertObject(JsonNode n, int depth, int[] budget)
      throws PropsException {
    Map<String, Object> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (key.isEmpty() || key.length() > MAX_KEY) {
        throw new PropsException("", "keys must be 1.." + MAX_KEY + " characters");
      }
      if (hasLoneSurrogate(key)) {
        throw new PropsException("", "keys must be valid Unicode (no lone surrogates)");
      }
      try {
        out.put(key, convert(e.getValue(), depth + 1, budget));
      } catch (PropsException ex) {
        throw ex.under(isSimpleKey(key) ? "." + key : "[…]");
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** A UTF-16 surrogate not part of a pair: JSON {@code "\\ud800"} parses into one. */
  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSimpleKey(String key) {
    return ID.matcher(key).matches() && key.length() <= MAX_KEY;
  }

  private static String human(Duration d) {
    if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
      return d.toDays() + (d.toDays() == 1 ? " day" : " days");
    }
    if (d.toMinutes() > 0 && d.equals(Duration.ofMinutes(d.toMinutes()))) {
      return d.toMinutes() + (d.toMinutes() == 1 ? " minute" : " minutes");
    }
    return d.toSeconds() + " seconds";
  }

  /** A props problem with the path below {@code props} where it was found. */
  private static final class PropsException extends Exception {
    private static final long serialVersionUID = 1L;
    final String path;

    PropsException(String path, String message) {
      super(message, null, false, false);
      this.path = path;
    }

    PropsException under(String segment) {
      return new PropsException(segment + path, getMessage());
    }
  }
}
