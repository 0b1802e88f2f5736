package dev.abkit.servlet.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes JSON response bodies, with the headers every abkit endpoint sets. */
public final class JsonResponses {
  /** Shared, thread-safe mapper for response bodies. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonResponses() {}

  /** A new empty JSON object. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** {@code {"error": message, "field": field?}} */
  public static ObjectNode error(String message, String field) {
    ObjectNode n = object().put("error", message);
    if (field != null) {
      n.put("field", field);
    }
    return n;
  }

  /** Sends {@code body} with {@code status}, as uncacheable, unsniffable UTF-8 JSON. */
  public static void send(HttpServletResponse response, int status, ObjectNode body)
      throws IOException {
    byte[] bytes = MAPPER.writeValueAsBytes(body);
    response.setStatus(status);
    response.setContentType("application/json;charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
