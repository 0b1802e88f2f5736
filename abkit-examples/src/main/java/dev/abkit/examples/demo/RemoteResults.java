package dev.abkit.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * Reads a running demo's results endpoint and prints a compact table of the results JSON (the table
 * format proper needs the analysis objects, which only the process holding the store has).
 */
public final class RemoteResults {
  private RemoteResults() {}

  /**
   * GETs {@code base/api/experiments/results} with the bearer token.
   *
   * @throws IOException if the request fails or does not answer 200 (the message says why)
   */
  public static JsonNode fetch(HttpClient client, URI base, String token)
      throws IOException, InterruptedException {
    return get(client, base, DemoServer.RESULTS, token, Duration.ofSeconds(60));
  }

  /**
   * GETs {@code base/path} as JSON with the bearer token.
   *
   * @throws IOException if the request fails or does not answer 200 (the message says why)
   */
  static JsonNode get(HttpClient client, URI base, String path, String token, Duration timeout)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .timeout(timeout)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(
          "GET "
              + path
              + " answered "
              + r.statusCode()
              + (r.statusCode() == 401 ? " (wrong or missing --token)" : "")
              + ": "
              + r.body());
    }
    return DemoServlets.JSON.readTree(r.body());
  }

  /** One line per variant: exposures, conversions, rate, lift, p-value, verdict. */
  public static String table(JsonNode results) {
    StringBuilder s = new StringBuilder();
    for (JsonNode e : results.path("experiments")) {
      s.append(e.path("id").asText())
          .append("  (target ")
          .append(e.path("target_event").asText())
          .append(", control ")
          .append(e.path("control").asText())
          .append(e.path("srm").path("mismatch").asBoolean() ? ", SRM MISMATCH" : "")
          .append(")\n");
      s.append(
          String.format(
              Locale.ROOT,
              "  %-8s %9s %11s %8s %9s %10s  %s%n",
              "variant",
              "exposures",
              "conversions",
              "rate",
              "abs lift",
              "p-value",
              "verdict"));
      for (JsonNode v : e.path("variants")) {
        s.append(
            String.format(
                Locale.ROOT,
                "  %-8s %9d %11d %8s %9s %10s  %s%n",
                v.path("key").asText(),
                v.path("exposures").asLong(),
                v.path("conversions").asLong(),
                number(v.path("conversion_rate"), "%.4f"),
                number(v.path("lift").path("absolute"), "%+.4f"),
                number(v.path("p_value"), "%.3g"),
                v.path("verdict").asText("control")));
      }
      s.append('\n');
    }
    return s.toString();
  }

  private static String number(JsonNode n, String format) {
    return n.isNumber() ? String.format(Locale.ROOT, format, n.asDouble()) : "-";
  }
}
