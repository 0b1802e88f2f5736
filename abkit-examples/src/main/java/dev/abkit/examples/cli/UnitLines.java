package dev.abkit.examples.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.Assignment;
import dev.abkit.Reason;
import dev.abkit.Unit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON-lines format of {@code abkit assign --units-file}, read and written with Jackson's
 * streaming API: one line in memory at a time, so any number of units runs in constant memory.
 *
 * <p>Input line: {@code {"unit": ID, "attributes": {...}}} ({@code attributes} optional, other
 * fields ignored). Output line: {@code {"unit":ID,"assignments":{EXP:{"variant":KEY|null,
 * "reason":REASON}}}}, or {@code {"line":N,"unit":ID,"error":MESSAGE}} for a line that cannot be
 * read ({@code unit} only when it could be read). Exactly one output line per input line, in order.
 */
final class UnitLines {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
  private static final String[] REASONS = reasonNames();

  private UnitLines() {}

  /** Lines between checks that the reader of our output is still there. */
  private static final int CHECK_EVERY = 8192;

  /**
   * How many lines were read, how many of them were malformed, and whether the output was closed
   * early (e.g. piped into {@code head}), which stops the run.
   */
  record Stats(long lines, long errors, boolean outputClosed) {}

  /** The reason as written in the output: the enum name in lower case, e.g. {@code hashed}. */
  static String reason(Reason reason) {
    return REASONS[reason.ordinal()];
  }

  /**
   * Reads units from {@code in} until its end, writing one line per input line to {@code out}. Does
   * not close either; flushes {@code out} at the end.
   */
  static Stats process(
      BufferedReader in, Writer out, Function<Unit, Map<String, Assignment>> assigner)
      throws IOException {
    long lines = 0;
    long errors = 0;
    try (JsonGenerator gen = generator(out)) {
      String line;
      while ((line = in.readLine()) != null) {
        lines++;
        ParsedLine parsed = parse(line);
        if (parsed.error != null) {
          errors++;
          writeError(gen, lines, parsed.unitId, parsed.error);
          continue;
        }
        Unit unit;
        try {
          unit = Unit.of(parsed.unitId, parsed.attributes);
        } catch (IllegalArgumentException e) {
          errors++;
          writeError(gen, lines, parsed.unitId, "unit: " + e.getMessage());
          continue;
        }
        writeAssignments(gen, unit.id(), assigner.apply(unit));
        if (lines % CHECK_EVERY == 0 && closed(gen, out)) {
          return new Stats(lines, errors, true);
        }
      }
    }
    out.flush();
    return new Stats(lines, errors, closed(null, out));
  }

  /** Writes one unit's output line (for {@code --unit --format json}). */
  static void writeOne(String unitId, Map<String, Assignment> assignments, Writer out)
      throws IOException {
    try (JsonGenerator gen = generator(out)) {
      writeAssignments(gen, unitId, assignments);
    }
    out.flush();
  }

  /**
   * Whether {@code out} can no longer be written. A {@link PrintWriter} swallows I/O errors, so
   * without this a closed pipe would still get every remaining line.
   */
  private static boolean closed(JsonGenerator gen, Writer out) throws IOException {
    if (gen != null) {
      gen.flush();
    }
    return out instanceof PrintWriter && ((PrintWriter) out).checkError();
  }

  private static JsonGenerator generator(Writer out) throws IOException {
    JsonGenerator gen = JSON.getFactory().createGenerator(out);
    gen.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
    // Lines are ended explicitly, not separated by the default root separator (a space).
    gen.setRootValueSeparator(null);
    return gen;
  }

  private static void writeAssignments(
      JsonGenerator gen, String unitId, Map<String, Assignment> assignments) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("unit", unitId);
    gen.writeObjectFieldStart("assignments");
    for (Map.Entry<String, Assignment> e : assignments.entrySet()) {
      Assignment a = e.getValue();
      gen.writeObjectFieldStart(e.getKey());
      gen.writeStringField("variant", a.variant());
      gen.writeStringField("reason", reason(a.reason()));
      gen.writeEndObject();
    }
    gen.writeEndObject();
    gen.writeEndObject();
    gen.writeRaw('\n');
  }

  private static void writeError(JsonGenerator gen, long line, String unitId, String message)
      throws IOException {
    gen.writeStartObject();
    gen.writeNumberField("line", line);
    if (unitId != null) {
      gen.writeStringField("unit", unitId);
    }
    gen.writeStringField("error", message);
    gen.writeEndObject();
    gen.writeRaw('\n');
  }

  /** One input line: a unit id and attributes, or an error (with the unit id if it was read). */
  private static final class ParsedLine {
    String unitId;
    Map<String, Object> attributes = Map.of();
    String error;
  }

  private static ParsedLine parse(String line) {
    ParsedLine result = new ParsedLine();
    if (line.isBlank()) {
      result.error = "empty line, expected {\"unit\": ID, \"attributes\": {...}}";
      return result;
    }
    try (JsonParser p = JSON.getFactory().createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        result.error = "expected a JSON object {\"unit\": ID, ...}, was " + describe(p);
        return result;
      }
      boolean sawUnit = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("unit")) {
          sawUnit = true;
          if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT) {
            result.unitId = p.getText();
          } else {
            result.error = "unit: must be a string, was " + describe(p);
            p.skipChildren();
          }
        } else if (field.equals("attributes")) {
          if (value == JsonToken.START_OBJECT) {
            result.attributes = JSON.readValue(p, OBJECT);
          } else if (value != JsonToken.VALUE_NULL) {
            result.error = "attributes: must be an object, was " + describe(p);
            p.skipChildren();
          }
        } else {
          p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        result.error = "malformed JSON object";
        return result;
      }
      if (p.nextToken() != null) {
        result.error = "unexpected content after the JSON object";
        return result;
      }
      if (!sawUnit && result.error == null) {
        result.error = "unit: required, was missing";
      }
    } catch (JsonProcessingException e) {
      result.error = "malformed JSON: " + e.getOriginalMessage();
    } catch (IOException e) {
      // Parsing a String does no I/O; kept distinct so a real failure still says what happened.
      result.error = "unreadable line: " + e.getMessage();
    }
    return result;
  }

  private static String describe(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      return "nothing";
    }
    switch (t) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return JSON.writeValueAsString(p.getText());
      default:
        return p.getText();
    }
  }

  private static String[] reasonNames() {
    Reason[] all = Reason.values();
    String[] names = new String[all.length];
    for (Reason r : all) {
      names[r.ordinal()] = r.name().toLowerCase(Locale.ROOT);
    }
    return names;
  }
}
