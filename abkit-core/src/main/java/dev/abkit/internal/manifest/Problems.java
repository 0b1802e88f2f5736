package dev.abkit.internal.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.event.Event;
import dev.abkit.internal.json.JsonValues;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.Problem;
import dev.abkit.manifest.Range;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The problems (errors) and warnings of one manifest parse, each with its JSON path, and the typed
 * field readers that note a problem instead of throwing: each returns the value, or {@code null}
 * when the field is absent or wrong (and then a problem names the path, the rule and the value).
 * One per document; not thread-safe.
 */
public final class Problems {
  private static final ObjectMapper WRITER = new ObjectMapper();
  private static final Pattern ID = Experiment.ID;
  private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z0-9_$-]+");
  private static final int MAX_VALUE_TEXT = 80;

  private final List<Problem> problems = new ArrayList<>();
  private final List<Problem> warnings = new ArrayList<>();

  /** Notes an error at {@code path}; {@code value} (a JsonNode or a Java value) is shortened. */
  public void problem(String path, String rule, Object value) {
    problems.add(new Problem(path, rule, value == null ? null : json(value)));
  }

  /** Notes an error whose value text is already prepared. */
  public void add(Problem problem) {
    problems.add(problem);
  }

  /** Notes a warning (the manifest is still used). */
  public void warn(Problem warning) {
    warnings.add(warning);
  }

  /** How many errors so far: compare before and after reading a part to tell if it had any. */
  public int count() {
    return problems.size();
  }

  /** The errors so far, unmodifiable. */
  public List<Problem> problems() {
    return Collections.unmodifiableList(problems);
  }

  /** The warnings so far, unmodifiable. */
  public List<Problem> warnings() {
    return Collections.unmodifiableList(warnings);
  }

  /**
   * Warns about each field of {@code node} that is not in {@code known}, naming the known field it
   * is probably a misspelling of ({@code tarket_event}: did you mean "target_event"?).
   */
  public void unknownFields(JsonNode node, String path, Set<String> known) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        String guess = FieldNames.closest(name, known);
        String rule =
            guess == null
                ? "unknown field, ignored"
                : "unknown field, ignored; did you mean " + json(guess) + "?";
        warnings.add(new Problem(field(path, name), rule, null));
      }
    }
  }

  // ---- typed field readers --------------------------------------------------------------------

  /** An id ({@code [A-Za-z0-9_.-]{1,64}}). */
  public String idText(JsonNode node, String path) {
    if (!node.isTextual() || !ID.matcher(node.textValue()).matches()) {
      problem(path, "must be a string matching " + ID.pattern(), node);
      return null;
    }
    return node.textValue();
  }

  /** An event name; {@code null} node means absent. */
  public String eventName(JsonNode node, String path) {
    if (node == null) {
      return null;
    }
    if (!node.isTextual() || !Event.NAME.matcher(node.textValue()).matches()) {
      problem(path, "must be an event name matching " + Event.NAME.pattern(), node);
      return null;
    }
    return node.textValue();
  }

  /** Field {@code name} of {@code node} as an ISO-8601 instant. */
  public Instant instant(JsonNode node, String path, String name) {
    JsonNode n = present(node, name);
    if (n == null) {
      return null;
    }
    if (n.isTextual()) {
      try {
        return Instant.parse(n.textValue());
      } catch (DateTimeParseException e) {
        // reported below with the path; the parser's message adds nothing for users
      }
    }
    problem(field(path, name), "must be an ISO-8601 instant such as 2026-11-23T10:00:00Z", n);
    return null;
  }

  /**
   * The longest window, delay or pre-period: 100 years. Longer ones are typos, and a first exposure
   * plus {@code Duration.parse}'s largest values would overflow an {@code Instant}.
   */
  public static final Duration MAX_DURATION = Duration.ofDays(36_500);

  /**
   * Field {@code name} of {@code node} as an ISO-8601 duration ({@link Duration#parse}: {@code
   * P7D}, {@code PT1H}, {@code P1DT12H}), positive, or zero too when {@code zeroAllowed}, and at
   * most {@link #MAX_DURATION}.
   */
  public Duration duration(JsonNode node, String path, String name, boolean zeroAllowed) {
    JsonNode n = present(node, name);
    if (n == null) {
      return null;
    }
    Duration d = null;
    if (n.isTextual()) {
      try {
        d = Duration.parse(n.textValue());
      } catch (DateTimeParseException | ArithmeticException e) {
        // reported below with the path; the parser's message adds nothing for users
      }
    }
    if (d == null || d.isNegative() || (d.isZero() && !zeroAllowed)) {
      String rule =
          zeroAllowed
              ? "must be a zero or positive ISO-8601 duration such as \"PT1H\""
              : "must be a positive ISO-8601 duration such as \"P7D\"";
      problem(field(path, name), rule, n);
      return null;
    }
    if (d.compareTo(MAX_DURATION) > 0) {
      problem(field(path, name), "must be at most P36500D (100 years)", n);
      return null;
    }
    return d;
  }

  /**
   * Field {@code name} of {@code node} as one of {@code values}, spelled as {@code spelling} gives
   * them: {@code absent} when the field is absent, {@code null} when it is none of them.
   */
  public <E extends Enum<E>> E choice(
      JsonNode node, String path, String name, E[] values, Function<E, String> spelling, E absent) {
    JsonNode n = present(node, name);
    if (n == null) {
      return absent;
    }
    if (n.isTextual()) {
      for (E v : values) {
        if (spelling.apply(v).equals(n.textValue())) {
          return v;
        }
      }
    }
    String all = Arrays.stream(values).map(spelling).collect(Collectors.joining(", "));
    problem(field(path, name), "must be one of " + all, n);
    return null;
  }

  /** Field {@code name} of {@code node} as a string. */
  public String text(JsonNode node, String path, String name) {
    JsonNode n = present(node, name);
    if (n == null) {
      return null;
    }
    if (!n.isTextual()) {
      problem(field(path, name), "must be a string", n);
      return null;
    }
    return n.textValue();
  }

  /** Field {@code name} of {@code node} as a JSON-like map. */
  public Map<String, Object> object(JsonNode node, String path, String name) {
    JsonNode n = present(node, name);
    if (n == null) {
      return null;
    }
    if (!n.isObject()) {
      problem(field(path, name), "must be an object", n);
      return null;
    }
    return JsonValues.toMap(n);
  }

  /** Which of the alias fields is given; a problem if more than one is. */
  public String alias(JsonNode node, String path, String... names) {
    String found = null;
    for (String name : names) {
      if (present(node, name) != null) {
        if (found == null) {
          found = name;
        } else {
          problem(
              field(path, name),
              "must not be given together with " + found + " (an alias)",
              node.get(name));
        }
      }
    }
    return found;
  }

  /** A {@code [start, end)} array within [0,1] with start < end. */
  public Range range(JsonNode node, String path) {
    if (!node.isArray() || node.size() != 2 || !node.get(0).isNumber() || !node.get(1).isNumber()) {
      problem(path, "must be an array [start, end] of two numbers", node);
      return null;
    }
    double s = node.get(0).doubleValue();
    double e = node.get(1).doubleValue();
    if (!(s >= 0 && s <= 1 && e >= 0 && e <= 1)) {
      problem(path, "must lie within [0, 1]", node);
      return null;
    }
    if (!(s < e)) {
      problem(path, "must have start < end", node);
      return null;
    }
    return new Range(s, e);
  }

  // ---- paths and values in messages -----------------------------------------------------------

  /** The field's node, or {@code null} when it is absent or JSON {@code null}. */
  public static JsonNode present(JsonNode node, String name) {
    JsonNode n = node.get(name);
    return n == null || n.isNull() ? null : n;
  }

  /** {@code path.key}, or {@code path["key"]} when the key is not a plain word. */
  public static String field(String path, String key) {
    if (SIMPLE_KEY.matcher(key).matches()) {
      return path.isEmpty() ? key : path + "." + key;
    }
    return path + "[" + json(key) + "]";
  }

  /** JSON text of a value (a JsonNode or a JSON-like Java value), shortened for messages. */
  public static String json(Object value) {
    String text;
    if (value instanceof JsonNode) {
      text = value.toString();
    } else {
      try {
        text = WRITER.writeValueAsString(value);
      } catch (JsonProcessingException e) {
        text = String.valueOf(value);
      }
    }
    return text.length() <= MAX_VALUE_TEXT ? text : text.substring(0, MAX_VALUE_TEXT) + "...";
  }
}
