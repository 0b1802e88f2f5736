package dev.abkit.examples.reliability;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Hostile inputs for the fuzz properties, generated from a {@link Random} (jqwik supplies it,
 * seeded, so a run is reproducible): manifests (valid, mutated, random, huge, deeply nested, wrong
 * types) and event request bodies (wrong types, huge strings, invalid UTF-8, injection strings,
 * oversized, truncated, random bytes), plus tampered visitor cookie values.
 */
final class FuzzData {
  private FuzzData() {}

  /** Strings an attacker tries in every field. */
  static final List<String> INJECTIONS =
      List.of(
          "'; DROP TABLE abkit_events; --",
          "\" OR 1=1 --",
          "' OR '1'='1",
          "\\'; select pg_sleep(5); --",
          "\\\\",
          "%27%3B%20DROP",
          "<script>alert(1)</script>",
          "${jndi:ldap://127.0.0.1/x}",
          "Robert'); DROP TABLE students;--",
          "\u0000",
          "ünï©ødé ✓ 𝄞 \u202E",
          "a\r\nSet-Cookie: evil=1",
          "../../etc/passwd",
          "{{7*7}}");

  private static final String[] MANIFEST_KEYS = {
    "experiments",
    "id",
    "test_id",
    "key",
    "variants",
    "weight",
    "traffic",
    "traffic_allocation",
    "range",
    "salt",
    "hash",
    "target_event",
    "metrics",
    "status",
    "start_at",
    "end_at",
    "targeting",
    "exclusion_group",
    "overrides",
    "config",
    "control",
    "label",
    "significance_level",
    "target_sample_size",
    "sequential",
    "name",
    "event",
    "type",
    "numerator",
    "denominator",
    "window",
    "delay",
    "cap",
    "percentile",
    "direction",
    "role",
    "cuped",
    "pre_period",
    "dimensions",
    "multiple_testing",
    "$in",
    "$vgte",
    "$and",
    "$not"
  };

  private static final String[] EVENT_KEYS = {
    "event", "events", "value", "id", "ts", "props", "unit", "variant", "experiment", "test_id"
  };

  // ---- manifests ------------------------------------------------------------------------------

  /** Manifest text of one of several kinds. */
  static String manifest(Random r, String valid) {
    switch (r.nextInt(8)) {
      case 0:
        return valid;
      case 1:
        return mutate(r, valid, 1 + r.nextInt(6));
      case 2:
        return json(r, 0, 6, MANIFEST_KEYS);
      case 3:
        return nested(r, 200 + r.nextInt(5000));
      case 4:
        return hugeManifest(r);
      case 5:
        return wrongTypes(r);
      case 6:
        return randomString(r, r.nextInt(200));
      default:
        return "{\"experiments\": " + json(r, 1, 5, MANIFEST_KEYS) + "}";
    }
  }

  /** Bytes that are not valid UTF-8 (or not text at all). */
  static byte[] invalidUtf8(Random r, String valid) {
    byte[] base = valid.getBytes(StandardCharsets.UTF_8);
    byte[] out = base.clone();
    int n = 1 + r.nextInt(8);
    byte[][] bad = {
      {(byte) 0xC3, 0x28},
      {(byte) 0xFF},
      {(byte) 0xE2, (byte) 0x82},
      {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}
    };
    for (int i = 0; i < n; i++) {
      byte[] b = bad[r.nextInt(bad.length)];
      int at = r.nextInt(Math.max(1, out.length - b.length));
      System.arraycopy(b, 0, out, at, Math.min(b.length, out.length - at));
    }
    return out;
  }

  private static String hugeManifest(Random r) {
    StringBuilder sb = new StringBuilder("{\"experiments\": [");
    int n = 500 + r.nextInt(2500);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(',');
      }
      String id = r.nextInt(50) == 0 ? "x".repeat(100) : "e" + (r.nextInt(10) == 0 ? 0 : i);
      sb.append("{\"id\":\"")
          .append(id)
          .append("\",\"variants\":[{\"key\":\"A\"},{\"key\":\"B\",\"weight\":")
          .append(r.nextInt(20) == 0 ? "-1" : "1")
          .append("}],\"target_event\":\"t\"}");
    }
    if (r.nextBoolean()) {
      sb.append(",{\"id\":\"big\",\"description\":\"").append("d".repeat(1_000_000)).append("\"}");
    }
    return sb.append("]}").toString();
  }

  private static String wrongTypes(Random r) {
    String[] values = {
      "null", "true", "-5", "1e400", "\"\"", "[]", "{}", "\"x\"", "[1,2]", "0.5", "NaN"
    };
    StringBuilder sb = new StringBuilder("{\"experiments\": [{");
    int n = 1 + r.nextInt(8);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append('"')
          .append(MANIFEST_KEYS[r.nextInt(MANIFEST_KEYS.length)])
          .append("\":")
          .append(values[r.nextInt(values.length)]);
    }
    return sb.append("}]}").toString();
  }

  // ---- event bodies ---------------------------------------------------------------------------

  /** An event request body of one of several kinds, valid ones included. */
  static byte[] eventBody(Random r, String idPrefix) {
    switch (r.nextInt(12)) {
      case 0:
        return utf8(validEvent(r, idPrefix));
      case 1:
        return utf8(batch(r, idPrefix, 1 + r.nextInt(6)));
      case 2:
        return utf8(wrongTypedEvent(r));
      case 3:
        return utf8("{\"event\":\"" + "e".repeat(65 + r.nextInt(20_000)) + "\"}");
      case 4:
        return invalidUtf8(r, validEvent(r, idPrefix));
      case 5:
        return utf8(injectedEvent(r, idPrefix));
      case 6:
        return utf8(
            "{\"event\":\"kpi_click\",\"props\":{\"p\":\""
                + "x".repeat(64 * 1024 + r.nextInt(10_000))
                + "\"}}");
      case 7:
        return randomBytes(r);
      case 8:
        String v = validEvent(r, idPrefix);
        return utf8(v.substring(0, r.nextInt(v.length())));
      case 9:
        return utf8(batch(r, idPrefix, 101 + r.nextInt(50)));
      case 10:
        return utf8(nested(r, 10 + r.nextInt(300)));
      default:
        return utf8(json(r, 0, 4, EVENT_KEYS));
    }
  }

  static String validEvent(Random r, String idPrefix) {
    StringBuilder sb = new StringBuilder("{\"event\":\"");
    sb.append(r.nextBoolean() ? "kpi_click" : "tooltip_open").append('"');
    if (r.nextBoolean()) {
      sb.append(",\"id\":\"")
          .append(idPrefix)
          .append('-')
          .append(Long.toHexString(r.nextLong()))
          .append('"');
    }
    if (r.nextBoolean()) {
      sb.append(",\"value\":").append(r.nextInt(1000) / 10.0);
    }
    if (r.nextBoolean()) {
      sb.append(",\"props\":{\"plan\":\"").append(r.nextBoolean() ? "free" : "pro").append("\"}");
    }
    return sb.append('}').toString();
  }

  private static String batch(Random r, String idPrefix, int n) {
    StringBuilder sb = new StringBuilder("{\"events\":[");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(',');
      }
      int k = r.nextInt(4);
      sb.append(
          k == 0
              ? wrongTypedEvent(r)
              : k == 1 ? injectedEvent(r, idPrefix) : validEvent(r, idPrefix));
    }
    return sb.append("]}").toString();
  }

  private static String wrongTypedEvent(Random r) {
    String[] values = {
      "null",
      "true",
      "-5",
      "1e400",
      "\"\"",
      "[]",
      "{}",
      "[1,2]",
      "0.5",
      "\"NaN\"",
      "123456789012345678901234567890"
    };
    StringBuilder sb = new StringBuilder("{");
    int n = 1 + r.nextInt(5);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append('"')
          .append(i == 0 ? "event" : EVENT_KEYS[r.nextInt(EVENT_KEYS.length)] + i)
          .append("\":")
          .append(values[r.nextInt(values.length)]);
    }
    return sb.append('}').toString();
  }

  /** An injection string in one field; only props values can be accepted (and stored verbatim). */
  private static String injectedEvent(Random r, String idPrefix) {
    String evil = jsonString(INJECTIONS.get(r.nextInt(INJECTIONS.size())));
    switch (r.nextInt(5)) {
      case 0:
        return "{\"event\":" + evil + "}";
      case 1:
        return "{\"event\":\"kpi_click\",\"id\":" + evil + "}";
      case 2:
        return "{\"event\":\"kpi_click\",\"id\":\""
            + idPrefix
            + "-"
            + Long.toHexString(r.nextLong())
            + "\",\"props\":{\"q\":"
            + evil
            + "}}";
      case 3:
        return "{\"event\":\"kpi_click\",\"unit\":" + evil + ",\"variant\":" + evil + "}";
      default:
        return "{\"event\":\"kpi_click\",\"ts\":" + evil + "}";
    }
  }

  // ---- cookies --------------------------------------------------------------------------------

  /** A visitor cookie value an attacker might send: near-valid, forged, or hostile. */
  static String cookieValue(Random r) {
    switch (r.nextInt(6)) {
      case 0:
        return randomFrom(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 21)
            + "B";
      case 1:
        return randomFrom(
            r,
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=",
            22 + r.nextInt(3));
      case 2:
        return "' OR 1=1 --";
      case 3:
        return randomFrom(r, "abcXYZ019\"\\,;=!#$%&'()*+-./:<>?@[]^_`{|}~ ", 1 + r.nextInt(60));
      case 4:
        return "x".repeat(2000 + r.nextInt(2000));
      default:
        return "admin";
    }
  }

  // ---- shared ---------------------------------------------------------------------------------

  private static String json(Random r, int depth, int maxDepth, String[] keys) {
    int kind = depth >= maxDepth ? 2 + r.nextInt(4) : r.nextInt(6);
    switch (kind) {
      case 0:
        StringBuilder o = new StringBuilder("{");
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            o.append(',');
          }
          o.append(
                  jsonString(r.nextInt(4) == 0 ? randomString(r, 8) : keys[r.nextInt(keys.length)]))
              .append(':')
              .append(json(r, depth + 1, maxDepth, keys));
        }
        return o.append('}').toString();
      case 1:
        StringBuilder a = new StringBuilder("[");
        int m = r.nextInt(5);
        for (int i = 0; i < m; i++) {
          if (i > 0) {
            a.append(',');
          }
          a.append(json(r, depth + 1, maxDepth, keys));
        }
        return a.append(']').toString();
      case 2:
        return jsonString(
            r.nextBoolean()
                ? randomString(r, r.nextInt(30))
                : INJECTIONS.get(r.nextInt(INJECTIONS.size())));
      case 3:
        return r.nextBoolean()
            ? Long.toString(r.nextLong())
            : Double.toString(r.nextGaussian() * 1e6);
      case 4:
        return r.nextBoolean() ? "true" : "false";
      default:
        return "null";
    }
  }

  private static String nested(Random r, int depth) {
    boolean arrays = r.nextBoolean();
    StringBuilder sb = new StringBuilder(depth * 6);
    for (int i = 0; i < depth; i++) {
      sb.append(arrays ? "[" : "{\"a\":");
    }
    sb.append("1");
    for (int i = 0; i < depth; i++) {
      sb.append(arrays ? "]" : "}");
    }
    return sb.toString();
  }

  private static String mutate(Random r, String s, int edits) {
    StringBuilder sb = new StringBuilder(s);
    String alphabet = "{}[]\",:0123456789-eE.tfnul \\ab";
    for (int i = 0; i < edits && sb.length() > 0; i++) {
      int at = r.nextInt(sb.length());
      switch (r.nextInt(3)) {
        case 0:
          sb.deleteCharAt(at);
          break;
        case 1:
          sb.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
          break;
        default:
          sb.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
      }
    }
    return sb.toString();
  }

  static String randomString(Random r, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int kind = r.nextInt(10);
      if (kind < 6) {
        sb.append((char) (0x20 + r.nextInt(0x5f)));
      } else if (kind < 8) {
        sb.append((char) r.nextInt(0x20));
      } else {
        sb.appendCodePoint(0x80 + r.nextInt(0x10000 - 0x80 - 0x800)); // may be a lone surrogate
      }
    }
    return sb.toString();
  }

  private static String randomFrom(Random r, String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static byte[] randomBytes(Random r) {
    byte[] b = new byte[r.nextInt(2000)];
    r.nextBytes(b);
    return b;
  }

  /** A JSON string literal of {@code s}, escaping what JSON requires. */
  static String jsonString(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
