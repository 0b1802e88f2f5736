package dev.abkit.internal.condition;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Version strings as GrowthBook compares them ({@code $veq}, {@code $vgt}, ...): both sides become
 * {@code paddedVersionString}s, which then compare as plain strings.
 */
final class VersionStrings {
  private static final Pattern NUMERIC = Pattern.compile("[0-9]+");
  private static final Pattern VERSION_STRIP = Pattern.compile("^v|\\+.*$");
  private static final Pattern VERSION_SPLIT = Pattern.compile("[-.]");

  private VersionStrings() {}

  /** The matcher of version operator {@code op} against an already padded {@code expected}. */
  static Matcher version(String op, String expected) {
    switch (op) {
      case "$veq":
        return v -> paddedVersionString(v).equals(expected);
      case "$vne":
        return v -> !paddedVersionString(v).equals(expected);
      case "$vgt":
        return v -> paddedVersionString(v).compareTo(expected) > 0;
      case "$vgte":
        return v -> paddedVersionString(v).compareTo(expected) >= 0;
      case "$vlt":
        return v -> paddedVersionString(v).compareTo(expected) < 0;
      default:
        return v -> paddedVersionString(v).compareTo(expected) <= 0;
    }
  }

  /** GrowthBook's paddedVersionString: numeric parts left-padded so strings compare as versions. */
  static String paddedVersionString(Object input) {
    Object in =
        input instanceof Number
            ? JavaScriptText.numberToString(((Number) input).doubleValue())
            : input;
    if (!(in instanceof String) || ((String) in).isEmpty()) {
      in = "0";
    }
    String stripped = VERSION_STRIP.matcher((String) in).replaceAll("");
    List<String> parts = new ArrayList<>(List.of(VERSION_SPLIT.split(stripped, -1)));
    if (parts.size() == 3) {
      parts.add("~");
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        sb.append('-');
      }
      String p = parts.get(i);
      if (NUMERIC.matcher(p).matches()) {
        for (int j = p.length(); j < 5; j++) {
          sb.append(' ');
        }
      }
      sb.append(p);
    }
    return sb.toString();
  }
}
