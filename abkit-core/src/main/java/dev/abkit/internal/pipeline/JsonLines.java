package dev.abkit.internal.pipeline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The JSON-lines record format shared by the file store and the journal (DESIGN.md section 3):
 *
 * <pre>{@code
 * {"type":"exposure","unit":"u1","experiment":"e","variant":"B","ts":"2026-11-23T10:00:00.123Z"}
 * {"type":"exposure","unit":"u2","experiment":"e","variant":"A","ts":"2026-11-23T10:00:01Z","attributes":{"platform":"ios"}}
 * {"type":"event","id":"6f1c","unit":"u1","name":"kpi_click","ts":"2026-11-23T10:00:05Z","value":1.0,"props":{}}
 * }</pre>
 *
 * <p>Encoding is hand-rolled into a caller-owned {@link StringBuilder} (no per-field allocation) so
 * that the file store can write several hundred thousand records per second; {@code ts} is
 * formatted exactly as {@link Instant#toString()} does. Decoding uses Jackson's streaming parser.
 * Stateless apart from the shared {@link ObjectMapper}; thread-safe.
 */
public final class JsonLines {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonLines() {}

  /** Appends one record as a line (with its trailing newline) to {@code out}. */
  public static void append(StringBuilder out, Observation o) {
    if (o instanceof Exposure) {
      Exposure x = (Exposure) o;
      out.append("{\"type\":\"exposure\",\"unit\":");
      string(out, x.unit());
      out.append(",\"experiment\":");
      string(out, x.experiment());
      out.append(",\"variant\":");
      string(out, x.variant());
      out.append(",\"ts\":\"");
      instant(out, x.time());
      out.append('"');
      if (!x.attributes().isEmpty()) {
        out.append(",\"attributes\":");
        value(out, x.attributes());
      }
      out.append("}\n");
    } else {
      Event e = (Event) o;
      out.append("{\"type\":\"event\",\"id\":");
      string(out, e.id());
      out.append(",\"unit\":");
      string(out, e.unit());
      out.append(",\"name\":");
      string(out, e.name());
      out.append(",\"ts\":\"");
      instant(out, e.time());
      out.append('"');
      if (e.value() != null) {
        out.append(",\"value\":").append(e.value().doubleValue());
      }
      out.append(",\"props\":");
      value(out, e.properties());
      out.append("}\n");
    }
  }

  /** One record as a line, without the trailing newline. */
  public static String encode(Observation o) {
    StringBuilder sb = new StringBuilder(160);
    append(sb, o);
    sb.setLength(sb.length() - 1);
    return sb.toString();
  }

  /**
   * Parses one line.
   *
   * @throws IllegalArgumentException naming the problem when the line is not a valid record
   */
  public static Observation decode(String line) {
    try (JsonParser p = MAPPER.getFactory().createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      String type = null;
      String id = null;
      String unit = null;
      String name = null;
      String experiment = null;
      String variant = null;
      String ts = null;
      Double value = null;
      Map<String, Object> props = Map.of();
      Map<String, String> attributes = Map.of();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "type":
            type = text(p, t, field);
            break;
          case "id":
            id = text(p, t, field);
            break;
          case "unit":
            unit = text(p, t, field);
            break;
          case "name":
            name = text(p, t, field);
            break;
          case "experiment":
            experiment = text(p, t, field);
            break;
          case "variant":
            variant = text(p, t, field);
            break;
          case "ts":
            ts = text(p, t, field);
            break;
          case "value":
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
              value = p.getDoubleValue();
            } else if (t != JsonToken.VALUE_NULL) {
              throw new IllegalArgumentException("value must be a number or null");
            }
            break;
          case "props":
            if (t == JsonToken.START_OBJECT) {
              @SuppressWarnings("unchecked")
              Map<String, Object> m = MAPPER.readValue(p, Map.class);
              props = Collections.unmodifiableMap(m);
            } else if (t != JsonToken.VALUE_NULL) {
              throw new IllegalArgumentException("props must be an object or null");
            }
            break;
          case "attributes":
            attributes = attributes(p, t);
            break;
          default:
            p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IllegalArgumentException("not a single JSON object");
      }
      if (type == null) {
        throw new IllegalArgumentException("missing \"type\"");
      }
      Instant time = parseInstant(require(ts, "ts"));
      switch (type) {
        case "exposure":
          return new Exposure(
              require(unit, "unit"),
              require(experiment, "experiment"),
              require(variant, "variant"),
              time,
              attributes);
        case "event":
          return new Event(
              require(id, "id"), require(unit, "unit"), require(name, "name"), time, value, props);
        default:
          throw new IllegalArgumentException("unknown type \"" + type + "\"");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
    }
  }

  /** An exposure's {@code attributes}: an object of strings, or null for none. */
  private static Map<String, String> attributes(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    if (t != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("attributes must be an object or null");
    }
    Map<String, String> out = new java.util.TreeMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      if (p.nextToken() != JsonToken.VALUE_STRING) {
        throw new IllegalArgumentException("attribute " + name + " must be a string");
      }
      out.put(name, p.getText());
    }
    return out;
  }

  /** The UTC date of an instant, as the file store names its daily files. */
  public static LocalDate utcDate(Instant t) {
    return LocalDate.ofEpochDay(Math.floorDiv(t.getEpochSecond(), 86_400L));
  }

  static Instant parseInstant(String ts) {
    try {
      return Instant.parse(ts);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(ts).toInstant(); // other tools may write "+00:00"
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException("ts is not an ISO-8601 instant: \"" + ts + "\"", e2);
      }
    }
  }

  private static String text(JsonParser p, JsonToken t, String field) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return p.getText();
  }

  private static String require(String v, String field) {
    if (v == null) {
      throw new IllegalArgumentException("missing \"" + field + "\"");
    }
    return v;
  }

  /** Formats like {@link Instant#toString()} for years 0..9999, without allocating. */
  static void instant(StringBuilder out, Instant t) {
    long sec = t.getEpochSecond();
    long day = Math.floorDiv(sec, 86_400L);
    int secOfDay = (int) Math.floorMod(sec, 86_400L);
    LocalDate d = LocalDate.ofEpochDay(day);
    int year = d.getYear();
    if (year < 0 || year > 9999) {
      out.append(t.toString(), 0, t.toString().length() - 1); // rare: let the JDK handle it
    } else {
      pad(out, year, 4);
      out.append('-');
      pad(out, d.getMonthValue(), 2);
      out.append('-');
      pad(out, d.getDayOfMonth(), 2);
      out.append('T');
      pad(out, secOfDay / 3600, 2);
      out.append(':');
      pad(out, secOfDay / 60 % 60, 2);
      out.append(':');
      pad(out, secOfDay % 60, 2);
      int nano = t.getNano();
      if (nano != 0) {
        out.append('.');
        if (nano % 1_000_000 == 0) {
          pad(out, nano / 1_000_000, 3);
        } else if (nano % 1000 == 0) {
          pad(out, nano / 1000, 6);
        } else {
          pad(out, nano, 9);
        }
      }
    }
    out.append('Z');
  }

  private static final int[] POW10 = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };

  /** Appends non-negative {@code v} left-padded with zeros to {@code width} (at most 10) digits. */
  private static void pad(StringBuilder out, int v, int width) {
    for (int i = width - 1; i > 0 && v < POW10[i]; i--) {
      out.append('0');
    }
    out.append(v);
  }

  static void string(StringBuilder out, String s) {
    out.append('"');
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20) {
        out.append(s, start, i);
        switch (c) {
          case '"':
            out.append("\\\"");
            break;
          case '\\':
            out.append("\\\\");
            break;
          case '\n':
            out.append("\\n");
            break;
          case '\r':
            out.append("\\r");
            break;
          case '\t':
            out.append("\\t");
            break;
          default:
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
        }
        start = i + 1;
      }
    }
    out.append(s, start, s.length()).append('"');
  }

  private static void value(StringBuilder out, Object v) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String) {
      string(out, (String) v);
    } else if (v instanceof Boolean) {
      out.append(((Boolean) v).booleanValue());
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isFinite(d)) {
        out.append(d);
      } else {
        out.append("null"); // JSON has no NaN or infinity
      }
    } else if (v instanceof Number) {
      out.append(v.toString());
    } else if (v instanceof Map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, String.valueOf(e.getKey()));
        out.append(':');
        value(out, e.getValue());
      }
      out.append('}');
    } else if (v instanceof List) {
      out.append('[');
      boolean first = true;
      for (Object x : (List<?>) v) {
        if (!first) {
          out.append(',');
        }
        first = false;
        value(out, x);
      }
      out.append(']');
    } else {
      string(out, v.toString());
    }
  }
}
