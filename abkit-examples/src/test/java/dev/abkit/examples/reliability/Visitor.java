package dev.abkit.examples.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One browser: a cookie jar ({@link CookieManager}, filled from every response's {@code
 * Set-Cookie}) over a shared {@link HttpClient}. Not thread-safe; one visitor per thread at a time.
 */
final class Visitor {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String COOKIE = "abkit_vid";

  private final HttpClient http;
  private final CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

  Visitor(HttpClient http) {
    this.http = http;
  }

  static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** The visitor cookie the server issued, if any. */
  Optional<String> visitorId(URI base) {
    return jar.getCookieStore().get(base).stream()
        .filter(c -> c.getName().equals(COOKIE))
        .map(HttpCookie::getValue)
        .findFirst();
  }

  /** Puts a cookie into the jar as if the server had set it (for tampering tests). */
  void forceCookie(URI base, String name, String value) {
    HttpCookie c = new HttpCookie(name, value);
    c.setPath("/");
    c.setVersion(0);
    jar.getCookieStore().add(base, c);
  }

  HttpResponse<String> get(URI uri, String... headers) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri).GET(), uri, headers);
  }

  HttpResponse<String> postJson(URI uri, String json) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)),
        uri);
  }

  HttpResponse<String> post(URI uri, String contentType, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b, uri);
  }

  private HttpResponse<String> send(HttpRequest.Builder b, URI uri, String... headers)
      throws IOException, InterruptedException {
    b.timeout(Duration.ofSeconds(20));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    Map<String, List<String>> cookies = jar.get(uri, Map.of());
    cookies.forEach((name, values) -> values.forEach(v -> b.header(name, v)));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    jar.put(uri, r.headers().map());
    return r;
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }
}
