package dev.abkit.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Reads a running demo's results endpoint: the results table as the in-process run prints it
 * ({@code ResultsFormat.TABLE}, rendered by the server, which holds the store), or JSON.
 */
public final class RemoteResults {
  private RemoteResults() {}

  /**
   * The results table of {@code experiments}, in that order: one {@code GET
   * base/api/experiments/results?experiment=ID} with {@code Accept: text/plain} each, joined as the
   * table format joins experiments (a blank line between), so the text equals {@code
   * ResultsFormat.TABLE.render} of the same results in-process.
   *
   * @throws IOException if a request fails or does not answer 200 (the message says why)
   */
  public static String table(HttpClient client, URI base, String token, List<String> experiments)
      throws IOException, InterruptedException {
    StringBuilder s = new StringBuilder();
    for (String id : experiments) {
      if (s.length() > 0) {
        s.append('\n');
      }
      s.append(
          send(
              client,
              base,
              DemoServer.RESULTS + "?experiment=" + id,
              token,
              "text/plain",
              Duration.ofSeconds(60)));
    }
    return s.toString();
  }

  /**
   * GETs {@code base/path} as JSON with the bearer token.
   *
   * @throws IOException if the request fails or does not answer 200 (the message says why)
   */
  static JsonNode get(HttpClient client, URI base, String path, String token, Duration timeout)
      throws IOException, InterruptedException {
    return DemoServlets.JSON.readTree(send(client, base, path, token, "application/json", timeout));
  }

  private static String send(
      HttpClient client, URI base, String path, String token, String accept, Duration timeout)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", accept)
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
    return r.body();
  }
}
