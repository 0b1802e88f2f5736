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
  private final String userAgent;

  /**
   * Browsers of three platforms, so the demo's results can be broken down by {@code platform} (the
   * servlet's default attribute extractor reads it from {@code User-Agent}).
   */
  private static final List<String> USER_AGENTS =
      List.of(
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile",
          "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Mobile Safari/537.36",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36");

  /**
   * A visitor whose {@code abkit_vid} cookie is {@code id}, planted in the jar before the first
   * request so that its assignments are reproducible; its browser follows from the id (half iOS,
   * three in ten Android, the rest Windows), drawing nothing from the simulation's random stream.
   */
  Visitor(HttpClient client, URI base, String id) {
    this.client = client;
    this.base = base;
    this.id = id;
    int bucket = Math.floorMod(id.hashCode(), 10);
    this.userAgent = USER_AGENTS.get(bucket < 5 ? 0 : bucket < 8 ? 1 : 2);
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
    b.header("User-Agent", userAgent);
    for (Map.Entry<String, List<String>> h : cookies.get(uri, Map.of()).entrySet()) {
      for (String v : h.getValue()) {
        b.header(h.getKey(), v);
      }
    }
    HttpResponse<String> r =
        Resend.onFailure(client, b.timeout(Duration.ofSeconds(30)).build(), () -> {});
    cookies.put(uri, r.headers().map());
    return r;
  }
}
