package dev.abkit.servlet.internal;

import dev.abkit.servlet.AttributeExtractor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The default {@link AttributeExtractor}: coarse, cheap facts from request headers.
 *
 * <ul>
 *   <li>{@code platform}: {@code ios}, {@code android}, {@code windows}, {@code macos}, {@code
 *       chromeos}, {@code linux} or {@code other}, from {@code User-Agent} (absent without one);
 *   <li>{@code device}: {@code mobile}, {@code tablet} or {@code desktop}, from {@code User-Agent};
 *   <li>{@code language}: the first {@code Accept-Language} entry's primary subtag, lower case
 *       ({@code "en"} for {@code en-GB,en;q=0.8}), when it is 1-8 letters;
 *   <li>{@code app_version}: the {@code X-App-Version} header when it looks like a version ({@code
 *       [0-9A-Za-z.+-]{1,32}}), for {@code $vgte}-style targeting of native clients.
 * </ul>
 *
 * <p>All of these are client-controlled, as targeting inputs always are; they decide who is
 * eligible, never which variant an eligible unit gets. Substring checks only: no regex.
 * Thread-safe.
 */
public final class RequestAttributes implements AttributeExtractor {

  @Override
  public Map<String, Object> attributes(HttpServletRequest request) {
    Map<String, Object> out = new HashMap<>(8);
    String ua = request.getHeader("User-Agent");
    if (ua != null && !ua.isEmpty()) {
      out.put("platform", platform(ua));
      out.put("device", device(ua));
    }
    String lang = language(request.getHeader("Accept-Language"));
    if (lang != null) {
      out.put("language", lang);
    }
    String version = request.getHeader("X-App-Version");
    if (isVersion(version)) {
      out.put("app_version", version);
    }
    return out;
  }

  /** The platform named by a User-Agent string. */
  public static String platform(String ua) {
    if (ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod")) {
      return "ios";
    }
    if (ua.contains("Android")) {
      return "android";
    }
    if (ua.contains("CrOS")) {
      return "chromeos";
    }
    if (ua.contains("Windows")) {
      return "windows";
    }
    if (ua.contains("Macintosh") || ua.contains("Mac OS X")) {
      return "macos";
    }
    if (ua.contains("Linux") || ua.contains("X11")) {
      return "linux";
    }
    return "other";
  }

  /** The device class named by a User-Agent string. */
  public static String device(String ua) {
    if (ua.contains("iPad") || ua.contains("Tablet")) {
      return "tablet";
    }
    if (ua.contains("Android")) {
      return ua.contains("Mobile") ? "mobile" : "tablet";
    }
    if (ua.contains("Mobi") || ua.contains("iPhone") || ua.contains("iPod")) {
      return "mobile";
    }
    return "desktop";
  }

  /** The primary language subtag of an Accept-Language header's first entry, or null. */
  public static String language(String header) {
    if (header == null) {
      return null;
    }
    int end = 0;
    int n = Math.min(header.length(), 8);
    while (end < n && Character.isLetter(header.charAt(end)) && header.charAt(end) < 128) {
      end++;
    }
    if (end == 0) {
      return null;
    }
    if (end < header.length()) {
      char c = header.charAt(end);
      if (c != '-' && c != '_' && c != ',' && c != ';' && c != ' ') {
        return null;
      }
    }
    return header.substring(0, end).toLowerCase(Locale.ROOT);
  }

  private static boolean isVersion(String v) {
    if (v == null || v.isEmpty() || v.length() > 32) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || c == '.'
              || c == '+'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
