package dev.abkit.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abkit.manifest.Manifest;
import dev.abkit.manifest.ManifestException;
import dev.abkit.manifest.ManifestParser;
import dev.abkit.pipeline.PipelineSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * DESIGN.md section 8, "Fuzzed manifests and payloads: clear errors, no crash, nothing stored".
 * Properties with fixed seeds and bounded tries (see {@link FuzzData} for the inputs):
 *
 * <ul>
 *   <li>{@link ManifestParser#parse} on any text or bytes returns a manifest or throws {@link
 *       ManifestException}, nothing else;
 *   <li>the live event endpoint (the embedded demo on PostgreSQL) answers any method, content type,
 *       body and visitor cookie with a documented status (202/400/405/413/415; never 500), a JSON
 *       error when rejecting, stores exactly the events it accepted (none for a rejected request),
 *       never echoes a forged cookie, and serves a normal event right after.
 * </ul>
 */
@Tag("reliability")
class FuzzInputsTest {
  private static final Set<Integer> DOCUMENTED = Set.of(202, 400, 405, 413, 415);
  private static final int MAX_BODY = 64 * 1024; // AbKitServlets.Config's default maxBodyBytes

  private static DemoApp app;
  private static String prefix;
  private static Path journal;
  private static HttpClient http;
  private static final AtomicLong requests = new AtomicLong();
  private static final AtomicLong rejected = new AtomicLong();
  private static final AtomicLong acceptedEvents = new AtomicLong();
  private static final AtomicLong storedFromRejected = new AtomicLong();
  private static final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
  private static final Map<Integer, AtomicLong> statuses = new ConcurrentSkipListMap<>();
  private static final AtomicLong manifestsParsed = new AtomicLong();
  private static final AtomicLong manifestsRejected = new AtomicLong();

  @BeforeContainer
  static void startApp() throws Exception {
    Postgres.requireReachable();
    prefix = Postgres.freshPrefix("fz");
    journal = Files.createTempDirectory("abkit-fuzz-journal");
    app =
        DemoApp.start(
            Postgres.url(Postgres.PORT),
            prefix,
            PipelineSettings.builder()
                .journalDir(journal)
                .flushInterval(Duration.ofMillis(20))
                .build(),
            0);
    http = Visitor.newClient();
  }

  @AfterContainer
  static void stopApp() throws Exception {
    if (app == null) {
      return;
    }
    try {
      app.abkit().flush();
      long stored = Postgres.count(prefix + "events");
      List<Long> nanos = new ArrayList<>(latencies);
      long acknowledged = acceptedEvents.get();
      System.out.printf(
          java.util.Locale.ROOT,
          "[reliability] fuzz-event-endpoint: requests=%d acknowledged=%d stored=%d lost=%d"
              + " duplicates=%d p99=%.1fms statuses=%s(0=reset) storedFromRejected=%d"
              + " manifests(parsed=%d,ManifestException=%d,other=0)%n",
          requests.get(),
          acknowledged,
          stored,
          Math.max(0, acknowledged - stored),
          Math.max(0, stored - acknowledged),
          Load.percentile(nanos, 0.99),
          statuses,
          storedFromRejected.get(),
          manifestsParsed.get(),
          manifestsRejected.get());
    } finally {
      app.close();
      Postgres.dropTables(prefix);
      try (Stream<Path> files = Files.walk(journal)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  // ---- manifests ------------------------------------------------------------------------------

  @Provide
  Arbitrary<String> manifests() {
    String valid = validManifest();
    return Arbitraries.randomValue(r -> FuzzData.manifest(r, valid));
  }

  @Property(tries = 200, seed = "20261123")
  void manifestParser_anyText_returnsManifestOrThrowsManifestException(
      @ForAll("manifests") String text) {
    try {
      Manifest m = ManifestParser.parse(text);
      assertThat(m).isNotNull();
      manifestsParsed.incrementAndGet();
    } catch (ManifestException e) {
      assertThat(e.problems()).as("a ManifestException names its problems").isNotEmpty();
      assertThat(e.getCause() instanceof RuntimeException)
          .as("a bug hidden in %s: %s", e, e.getCause())
          .isFalse();
      manifestsRejected.incrementAndGet();
    }
  }

  @Provide
  Arbitrary<byte[]> manifestBytes() {
    String valid = validManifest();
    return Arbitraries.randomValue(r -> FuzzData.invalidUtf8(r, valid));
  }

  @Property(tries = 100, seed = "20261123")
  void manifestParser_invalidUtf8_returnsManifestOrThrowsManifestException(
      @ForAll("manifestBytes") byte[] bytes) {
    try {
      assertThat(ManifestParser.parse(new ByteArrayInputStream(bytes))).isNotNull();
      manifestsParsed.incrementAndGet();
    } catch (ManifestException e) {
      assertThat(e.problems()).isNotEmpty();
      assertThat(e.getCause() instanceof RuntimeException)
          .as("a bug hidden in %s: %s", e, e.getCause())
          .isFalse();
      manifestsRejected.incrementAndGet();
    }
  }

  private static String validManifest() {
    try {
      return Files.readString(DemoApp.manifest());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- the live event endpoint ----------------------------------------------------------------

  /** One hostile request. */
  record Attempt(String method, String contentType, byte[] body, String cookie) {
    @Override
    public String toString() {
      String b = new String(body, java.nio.charset.StandardCharsets.UTF_8);
      return method
          + " type="
          + contentType
          + " cookie="
          + (cookie == null ? null : cookie.length() > 40 ? cookie.substring(0, 40) + "…" : cookie)
          + " body("
          + body.length
          + ")="
          + (b.length() > 200 ? b.substring(0, 200) + "…" : b);
    }
  }

  @Provide
  Arbitrary<Attempt> attempts() {
    String[] methods = {"POST", "POST", "POST", "POST", "POST", "POST", "GET", "PUT", "DELETE"};
    String[] types = {
      "application/json",
      "application/json",
      "application/json",
      "application/json; charset=utf-8",
      "application/JSON",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data",
      null,
      "application/json; charset=latin1",
      "application/jsonx"
    };
    return Arbitraries.randomValue(
        r ->
            new Attempt(
                methods[r.nextInt(methods.length)],
                types[r.nextInt(types.length)],
                FuzzData.eventBody(r, "fz"),
                r.nextInt(3) == 0 ? FuzzData.cookieValue(r) : null));
  }

  @Property(tries = 150, seed = "20261123")
  void eventEndpoint_anyRequest_documentedStatus_storesExactlyWhatItAccepted(
      @ForAll("attempts") Attempt attempt) throws Exception {
    URI events = app.uri(DemoApp.EVENTS);
    app.abkit().flush();
    long eventsBefore = Postgres.count(prefix + "events");
    long exposuresBefore = Postgres.count(prefix + "exposures");

    HttpRequest.Builder b =
        HttpRequest.newBuilder(events)
            .timeout(Duration.ofSeconds(20))
            .method(attempt.method(), HttpRequest.BodyPublishers.ofByteArray(attempt.body()));
    if (attempt.contentType() != null) {
      b.header("Content-Type", attempt.contentType());
    }
    if (attempt.cookie() != null) {
      b.header("Cookie", Visitor.COOKIE + "=" + attempt.cookie());
    }
    // Oversized bodies are pushed whole, as a browser would. (Not with "Expect: 100-continue":
    // JDK 17's HttpClient then hangs past its timeout when the answer is final, JDK-8286171.)
    boolean oversized = attempt.body().length > MAX_BODY;
    long start = System.nanoTime();
    HttpResponse<String> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      // The server answers a body it will not read (405/413) at once and closes; a client still
      // pushing the rest of that body can get a TCP reset before reading the answer. Only that
      // case is tolerated, and it must still store nothing.
      assertThat(oversized).as("%s failed for %s", e, attempt).isTrue();
      requests.incrementAndGet();
      statuses.computeIfAbsent(0, k -> new AtomicLong()).incrementAndGet();
      app.abkit().flush();
      assertThat(Postgres.count(prefix + "events")).isEqualTo(eventsBefore);
      assertHealthy(events, attempt);
      return;
    }
    latencies.add(System.nanoTime() - start);
    requests.incrementAndGet();
    statuses.computeIfAbsent(r.statusCode(), k -> new AtomicLong()).incrementAndGet();

    assertThat(r.statusCode()).as("status for %s", attempt).isIn(DOCUMENTED);
    JsonNode body = Visitor.JSON.readTree(r.body());
    if (attempt.cookie() != null && attempt.cookie().length() >= 6) {
      assertThat(r.body()).as("a forged cookie is never echoed").doesNotContain(attempt.cookie());
    }
    for (String setCookie : r.headers().allValues("Set-Cookie")) {
      assertThat(setCookie).startsWith(Visitor.COOKIE + "=");
      String issued = setCookie.substring(Visitor.COOKIE.length() + 1, setCookie.indexOf(';'));
      assertThat(issued).hasSize(22).matches("[A-Za-z0-9_-]{21}[AQgw]");
      if (attempt.cookie() != null) {
        assertThat(issued).isNotEqualTo(attempt.cookie());
      }
    }

    app.abkit().flush();
    long eventsAfter = Postgres.count(prefix + "events");
    assertThat(Postgres.count(prefix + "exposures"))
        .as("the event endpoint never stores exposures")
        .isEqualTo(exposuresBefore);
    if (r.statusCode() == 202) {
      int accepted = body.path("accepted").asInt();
      assertThat(accepted).isPositive();
      acceptedEvents.addAndGet(accepted);
      assertThat(eventsAfter - eventsBefore)
          .as("stored exactly the %d accepted events of %s", accepted, attempt)
          .isEqualTo(accepted);
    } else {
      rejected.incrementAndGet();
      assertThat(body.path("error").isTextual()).as("a JSON error for %s", attempt).isTrue();
      storedFromRejected.addAndGet(eventsAfter - eventsBefore);
      assertThat(eventsAfter)
          .as("nothing stored from rejected %s", attempt)
          .isEqualTo(eventsBefore);
    }

    assertHealthy(events, attempt);
  }

  private static void assertHealthy(URI events, Attempt attempt) throws Exception {
    HttpResponse<String> normal = new Visitor(http).postJson(events, "{\"event\":\"kpi_click\"}");
    assertThat(normal.statusCode()).as("healthy after %s", attempt).isEqualTo(202);
    acceptedEvents.incrementAndGet();
  }
}
