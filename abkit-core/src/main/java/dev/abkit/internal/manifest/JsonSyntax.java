package dev.abkit.internal.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.abkit.manifest.Problem;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Jackson syntax error into one {@link Problem} a manifest author can act on: {@code line
 * L, column C: malformed JSON: <plain message>}. Jackson's own messages name its classes and
 * features ({@code `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`}), character codes and a
 * redacted source ({@code [Source: REDACTED ...]}), none of which helps someone editing a file.
 */
public final class JsonSyntax {
  private static final String ANY_VALUE =
      "expected a value (a string, number, object, array, true, false or null)";
  private static final String MARKER_AT = ".*line: (\\d+), column: (\\d+)\\]\\)";

  /** Jackson message shapes (2.x) and their plain wording; the first match wins. */
  private static final List<Rule> RULES =
      List.of(
          rule("Duplicate field '(.*)'", m -> "duplicate field \"" + m.group(1) + "\""),
          rule("Trailing token.*", m -> "unexpected content after the end of the document"),
          rule(
              "Unrecognized token '(.*?)': was expecting.*",
              m -> "unexpected word '" + m.group(1) + "', " + ANY_VALUE),
          rule(
              "Unexpected end-of-input: expected close marker for (Array|Object) \\(start marker at"
                  + MARKER_AT,
              m ->
                  "the document ends before the "
                      + kind(m.group(1))
                      + " opened at line "
                      + m.group(2)
                      + ", column "
                      + m.group(3)
                      + " is closed (missing '"
                      + ("Array".equals(m.group(1)) ? "]" : "}")
                      + "')"),
          rule(
              "Unexpected end-of-input in (VALUE_STRING|FIELD_NAME).*",
              m -> "the document ends inside a string (missing closing '\"')"),
          rule("Unexpected end-of-input.*", m -> "the document ends too early"),
          rule(
              "Unexpected close marker '(.)': expected '(.)' \\(for (Array|Object) starting at"
                  + MARKER_AT,
              m ->
                  "unexpected '"
                      + m.group(1)
                      + "', expected '"
                      + m.group(2)
                      + "' to close the "
                      + kind(m.group(3))
                      + " opened at line "
                      + m.group(4)
                      + ", column "
                      + m.group(5)),
          rule(
              "Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\).*",
              m ->
                  "control character "
                      + codePoint(m.group(1))
                      + " inside a string; write it escaped, e.g. \\n for a line break"),
          rule(
              "Illegal character \\(\\(CTRL-CHAR, code (\\d+)\\)\\).*",
              m ->
                  "control character "
                      + codePoint(m.group(1))
                      + " between values; only spaces, tabs and line breaks may appear there"),
          rule(
              "Unexpected character \\('(.+)' \\(code [^)]*\\)\\) in numeric value: (.*)",
              m -> "unexpected '" + m.group(1) + "' in a number: " + lower(m.group(2))),
          rule(
              "Unexpected character \\('(.+)' \\(code [^)]*\\)\\): (.*)",
              m -> "unexpected '" + m.group(1) + "', " + expected(m.group(2))),
          rule(
              "Non-standard token '(.*?)'.*",
              m -> "'" + m.group(1) + "' is not a JSON number; use null or a finite number"),
          rule(
              "Unrecognized character escape '(.+)' \\(code [^)]*\\).*",
              m -> "unknown escape '\\" + m.group(1) + "' in a string"),
          rule("Invalid numeric value: (.*)", m -> "invalid number: " + lower(m.group(1))),
          // StreamReadConstraints: nesting depth, number and string lengths
          rule(
              "(.+?) \\((\\d+)\\) exceeds the maximum (?:allowed|length) \\((\\d+).*",
              m -> lower(m.group(1)) + " " + m.group(2) + " exceeds the limit of " + m.group(3)));

  private JsonSyntax() {}

  /** The problem for {@code e}: where (line and column, 1-based) and a plain message. */
  public static Problem problem(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 1
            ? "(root)"
            : "line " + at.getLineNr() + ", column " + at.getColumnNr();
    return new Problem(where, "malformed JSON: " + message(e.getOriginalMessage()), null);
  }

  /** The plain text for a Jackson message ({@code null} when Jackson gave none). */
  static String message(String jackson) {
    if (jackson == null || jackson.isBlank()) {
      return "not valid JSON";
    }
    String first = jackson.strip();
    int nl = first.indexOf('\n');
    if (nl >= 0) {
      first = first.substring(0, nl);
    }
    for (Rule r : RULES) {
      Matcher m = r.pattern().matcher(first);
      if (m.matches()) {
        return r.text().apply(m);
      }
    }
    return scrub(first);
  }

  /** What Jackson expected after "Unexpected character (...): ", in words. */
  private static String expected(String tail) {
    if (tail.startsWith("was expecting double-quote to start field name")) {
      return "expected a field name in double quotes";
    }
    if (tail.startsWith("was expecting a colon")) {
      return "expected ':' after the field name";
    }
    if (tail.startsWith("was expecting comma to separate Array entries")) {
      return "expected ',' or ']' after an array entry";
    }
    if (tail.startsWith("was expecting comma to separate Object entries")) {
      return "expected ',' or '}' after a field's value";
    }
    if (tail.startsWith("expected a valid value") || tail.startsWith("expected a value")) {
      return ANY_VALUE;
    }
    if (tail.startsWith("maybe a (non-standard) comment?")) {
      return "comments are not allowed in JSON";
    }
    return scrub(tail);
  }

  /**
   * A message no rule knows, with Jackson's internals cut out: source locations, character codes,
   * back-quoted class and feature names. Whatever still looks internal becomes a generic text.
   */
  private static String scrub(String text) {
    String s =
        text.replaceAll("\\s*\\((?:for|start marker at)[^\\[]*\\[Source:.*?\\]\\)", "")
            .replaceAll("\\s*(?:at )?\\[Source:.*?\\]", "")
            .replaceAll(" \\(code [^)]*\\)", "")
            .replaceAll("\\s*\\([^()]*`[^`]*`[^()]*\\)", "")
            .replaceAll("[:;,]?\\s*[^:;,]*`[^`]*`.*$", "")
            .strip();
    if (s.isEmpty()
        || s.contains("Source")
        || s.contains("REDACTED")
        || s.contains("com.fasterxml")
        || s.contains("Feature")) {
      return "not valid JSON";
    }
    return lower(s);
  }

  private static String codePoint(String decimal) {
    return String.format(Locale.ROOT, "U+%04X", Integer.parseInt(decimal));
  }

  private static String kind(String jacksonKind) {
    return "Array".equals(jacksonKind) ? "array" : "object";
  }

  private static String lower(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
  }

  private static Rule rule(String regex, Function<Matcher, String> text) {
    return new Rule(Pattern.compile(regex, Pattern.DOTALL), text);
  }

  private record Rule(Pattern pattern, Function<Matcher, String> text) {}
}
