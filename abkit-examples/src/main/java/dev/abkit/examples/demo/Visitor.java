package dev.abkit.examples.demo;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One simulated browser: its own cookie jar, used around a shared {@link HttpClient} (a client per
 * visitor would cost a selector thread each). Not thread-safe; one visitor per thread at a time.
 */
final class Visitor {
  private final HttpClient client;
  private final URI base;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final String id;

  /**
   * A visitor whose {@code abkit_vid} cookie is {@code id}, planted in the jar before the first
   * request so that its assignments are reproducible.
   */
  Visitor(HttpClient client, URI base, String id) {
    this.client = client;
    this.base = base;
    this.id = id;
    HttpCookie c = new HttpCookie("abkit_vid", id);
    c.setPath("/");
    c.setVersion(0);
    cookies.getCookieStore().add(base, c);
  }

  /**
   * A canonical visitor id (22 URL-safe base64 characters of 16 random bytes, as abkit-servlet
   * issues them) drawn from {@code random}.
   */
  static String newId(SplittableRandom random) {
    byte[] bytes = new byte[16];
    long a = random.nextLong();
    long b = random.nextLong();
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (a >>> (8 * i));
      bytes[8 + i] = (byte) (b >>> (8 * i));
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  String id() {
    return id;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET(), base.resolve(path));
  }

  HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)),
        base.resolve(path));
  }

  private HttpResponse<String> send(HttpRequest.Builder b, URI uri)
      throws IOException, InterruptedException {
    for (Map.Entry<String, List<String>> h : cookies.get(uri, Map.of()).entrySet()) {
      for (String v : h.getValue()) {
        b.header(h.getKey(), v);
      }
    }
    HttpResponse<String> r =
        client.send(
            b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    cookies.put(uri, r.headers().map());
    return r;
  }
}
