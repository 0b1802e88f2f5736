package dev.abkit.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One {@code --attr KEY=VALUE} of {@code abkit assign}. The value is typed the way JSON would type
 * it, so targeting conditions compare numbers with numbers:
 *
 * <ul>
 *   <li>{@code true} / {@code false}: a boolean; {@code null}: null;
 *   <li>an integer without leading zeros ({@code 42}, {@code -7}) that fits a long: a number;
 *   <li>a decimal or exponent number ({@code 1.5}, {@code 2e3}): a number (double);
 *   <li>text starting with {@code "}, {@code [} or <code>{</code>: parsed as JSON ({@code '"1.0"'}
 *       forces the string 1.0, {@code '["a","b"]'} is a list);
 *   <li>anything else, e.g. {@code ios}, {@code 1.2.0}, {@code 007}: the text as a string.
 * </ul>
 *
 * @param key the attribute name (not empty)
 * @param value the typed value
 */
record Attribute(String key, Object value) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");
  private static final Pattern DECIMAL =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  /** Parses {@code KEY=VALUE}; the first {@code =} separates key and value. */
  static Attribute parse(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("expected KEY=VALUE, was '" + text + "'");
    }
    return new Attribute(text.substring(0, eq), typed(text.substring(eq + 1)));
  }

  static Object typed(String v) {
    switch (v) {
      case "true":
        return Boolean.TRUE;
      case "false":
        return Boolean.FALSE;
      case "null":
        return null;
      default:
        break;
    }
    if (INTEGER.matcher(v).matches()) {
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException tooBig) {
        return Double.parseDouble(v);
      }
    }
    if (DECIMAL.matcher(v).matches()) {
      return Double.parseDouble(v);
    }
    if (v.startsWith("\"") || v.startsWith("[") || v.startsWith("{")) {
      try {
        return JSON.readValue(v, Object.class);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "value is not valid JSON (" + e.getOriginalMessage() + "): " + v, e);
      }
    }
    return v;
  }

  /** picocli converter: a malformed {@code --attr} is a usage error (exit code 2). */
  static final class Converter implements ITypeConverter<Attribute> {
    @Override
    public Attribute convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
