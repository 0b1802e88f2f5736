package dev.abkit.kafka;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The record format on the topic: one record a message, exactly the file store's JSON line
 * (DESIGN.md section 3) without its newline, so a consumer other than abkit (a warehouse loader,
 * say) reads the same shape abkit's files have:
 *
 * <pre>{@code
 * {"type":"exposure","unit":"u1","experiment":"e","variant":"B","ts":"2026-11-23T10:00:00.123Z"}
 * {"type":"exposure","unit":"u2","experiment":"e","variant":"A","ts":"2026-11-23T10:00:01Z","attributes":{"platform":"ios"}}
 * {"type":"event","id":"6f1c","unit":"u1","name":"kpi_click","ts":"2026-11-23T10:00:05Z","value":1.0,"props":{}}
 * }</pre>
 *
 * <p>Written here with Jackson rather than with core's encoder, which is internal to core. {@code
 * ts} is {@link Instant#toString()}, as core writes it. Thread-safe.
 */
final class RecordCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RecordCodec() {}

  /** The record as UTF-8 JSON. */
  static byte[] encode(Observation o) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(160);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      if (o instanceof Exposure x) {
        g.writeStringField("type", "exposure");
        g.writeStringField("unit", x.unit());
        g.writeStringField("experiment", x.experiment());
        g.writeStringField("variant", x.variant());
        g.writeStringField("ts", x.time().toString());
        if (!x.attributes().isEmpty()) {
          g.writeFieldName("attributes");
          MAPPER.writeValue(g, x.attributes());
        }
      } else {
        Event e = (Event) o;
        g.writeStringField("type", "event");
        g.writeStringField("id", e.id());
        g.writeStringField("unit", e.unit());
        g.writeStringField("name", e.name());
        g.writeStringField("ts", e.time().toString());
        if (e.value() != null) {
          g.writeNumberField("value", e.value().doubleValue());
        }
        g.writeFieldName("props");
        MAPPER.writeValue(g, e.properties());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  /**
   * Parses one message.
   *
   * @throws IllegalArgumentException naming the problem when it is not a valid record (a poison
   *     message, which the ingest sends to its dead-letter topic)
   */
  static Observation decode(byte[] message) {
    if (message == null) {
      throw new IllegalArgumentException("empty message (null value)");
    }
    JsonNode n;
    try {
      n = MAPPER.readTree(message);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String type = text(n, "type");
    Instant time = parseInstant(text(n, "ts"));
    switch (type) {
      case "exposure":
        return new Exposure(
            text(n, "unit"), text(n, "experiment"), text(n, "variant"), time, attributes(n));
      case "event":
        JsonNode v = n.get("value");
        Double value = null;
        if (v != null && !v.isNull()) {
          if (!v.isNumber()) {
            throw new IllegalArgumentException("value must be a number or null");
          }
          value = v.doubleValue();
        }
        JsonNode p = n.get("props");
        Map<String, Object> props = Map.of();
        if (p != null && !p.isNull()) {
          if (!p.isObject()) {
            throw new IllegalArgumentException("props must be an object or null");
          }
          @SuppressWarnings("unchecked")
          Map<String, Object> m = MAPPER.convertValue(p, Map.class);
          props = m;
        }
        return new Event(text(n, "id"), text(n, "unit"), text(n, "name"), time, value, props);
      default:
        throw new IllegalArgumentException("unknown type \"" + type + "\"");
    }
  }

  /** An exposure's {@code attributes}: an object of strings, absent or null for none. */
  private static Map<String, String> attributes(JsonNode n) {
    JsonNode a = n.get("attributes");
    if (a == null || a.isNull()) {
      return Map.of();
    }
    if (!a.isObject()) {
      throw new IllegalArgumentException("attributes must be an object or null");
    }
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : a.properties()) {
      if (!e.getValue().isTextual()) {
        throw new IllegalArgumentException("attribute " + e.getKey() + " must be a string");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("missing \"" + field + "\"");
    }
    if (v.getNodeType() != JsonNodeType.STRING) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return v.textValue();
  }

  private static Instant parseInstant(String ts) {
    try {
      return Instant.parse(ts);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(ts).toInstant(); // other producers may write "+00:00"
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException("ts is not an ISO-8601 instant: \"" + ts + "\"", e2);
      }
    }
  }
}
