package dev.abkit.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abkit.pipeline.PipelineMetrics;
import dev.abkit.pipeline.PipelineSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md sections 3, 5 and 8 from an attacker's side, against the embedded demo on PostgreSQL:
 * results only with the token (and nothing leaked without it); the unit always comes from the
 * cookie, never the body, and events carry no variant; forged or malformed visitor cookies are
 * replaced, never echoed; cookie values cannot inject headers; SQL metacharacters in every field
 * are stored verbatim or rejected, and the tables survive.
 */
@Tag("reliability")
class AttacksTest {
  private static final Pattern SET_COOKIE =
      Pattern.compile(
          "abkit_vid=[A-Za-z0-9_-]{21}[AQgw]; Path=/; Max-Age=\\d+; HttpOnly; SameSite=Lax");

  @TempDir static Path journal;
  private static DemoApp app;
  private static String prefix;
  private static HttpClient http;
  private static final AtomicLong requests = new AtomicLong();
  private static final AtomicLong acknowledged = new AtomicLong();
  private static final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void startApp() throws Exception {
    Postgres.requireReachable();
    prefix = Postgres.freshPrefix("at");
    app =
        DemoApp.start(
            Postgres.url(Postgres.PORT),
            prefix,
            PipelineSettings.builder()
                .journalDir(journal)
                .flushInterval(Duration.ofMillis(20))
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .build(),
            0);
    http = Visitor.newClient();
  }

  @AfterAll
  static void stopApp() throws Exception {
    if (app == null) {
      return;
    }
    try {
      PipelineMetrics m = Drain.drained(app.abkit(), Duration.ofSeconds(30));
      long stored = Postgres.count(prefix + "events");
      System.out.printf(
          java.util.Locale.ROOT,
          "[reliability] attacks: requests=%d acknowledged=%d stored=%d lost=%d duplicates=%d"
              + " p99=%.1fms dropped=%d%n",
          requests.get(),
          acknowledged.get(),
          stored,
          Math.max(0, acknowledged.get() - stored),
          Math.max(0, stored - acknowledged.get()),
          Load.percentile(new ArrayList<>(latencies), 0.99),
          m.dropped());
    } finally {
      app.close();
      Postgres.dropTables(prefix);
    }
  }

  // ---- results endpoint -----------------------------------------------------------------------

  @Test
  void resultsEndpoint_withoutOrWithWrongToken_401WithoutData_rightToken200() throws Exception {
    Visitor v = new Visitor(http);
    assertThat(timed(() -> v.get(app.uri(DemoApp.DASHBOARD))).statusCode()).isEqualTo(200);
    postEvent(v, "{\"event\":\"kpi_click\"}", 202);
    app.abkit().flush();
    URI results = app.uri(DemoApp.RESULTS);
    String[][] wrong = {
      {},
      {"Authorization", "Bearer wrong-token-0123456789abcdef"},
      {"Authorization", "Bearer " + DemoApp.TOKEN + "x"},
      {"Authorization", "Bearer " + DemoApp.TOKEN.substring(0, DemoApp.TOKEN.length() - 1)},
      {"Authorization", "Basic " + DemoApp.TOKEN},
      {"Authorization", DemoApp.TOKEN},
      {"Authorization", "Bearer "},
      {"Authorization", "Bearer ' OR 1=1 --"},
      {"X-Token", DemoApp.TOKEN},
    };
    for (String[] headers : wrong) {
      for (URI uri :
          List.of(
              results,
              URI.create(results + ".html"),
              URI.create(results + "?experiment=kpi_scorecard_layout"))) {
        HttpResponse<String> r = timed(() -> new Visitor(http).get(uri, headers));
        assertThat(r.statusCode()).as("%s with %s", uri, List.of(headers)).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
            .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
        assertThat(r.body())
            .as("no results data in a 401")
            .doesNotContain(
                "kpi_scorecard_layout",
                "guided_onboarding",
                "conversion",
                "exposures",
                "p_value",
                DemoApp.TOKEN);
      }
    }
    HttpResponse<String> ok =
        timed(() -> new Visitor(http).get(results, "Authorization", "Bearer " + DemoApp.TOKEN));
    assertThat(ok.statusCode()).isEqualTo(200);
    JsonNode kpi = null;
    for (JsonNode e : Visitor.json(ok).path("experiments")) {
      if (e.path("id").asText().equals(DemoApp.KPI)) {
        kpi = e;
      }
    }
    assertThat(kpi).as("the results hold kpi_scorecard_layout").isNotNull();
    long exposed = 0;
    for (JsonNode variant : kpi.path("variants")) {
      exposed += variant.path("exposures").asLong();
    }
    assertThat(exposed).isPositive();
  }

  // ---- identity and variants ------------------------------------------------------------------

  @Test
  void eventClaimingAnotherUnitOrVariant_storedUnderCookieUnit_noVariantStored() throws Exception {
    Visitor attacker = new Visitor(http);
    timed(() -> attacker.get(app.uri(DemoApp.DASHBOARD)));
    String unit = attacker.visitorId(app.uri("/")).orElseThrow();
    Visitor victim = new Visitor(http);
    timed(() -> victim.get(app.uri(DemoApp.DASHBOARD)));
    String victimUnit = victim.visitorId(app.uri("/")).orElseThrow();
    String id = "claim-" + UUID.randomUUID();
    postEvent(
        attacker,
        "{\"event\":\"kpi_click\",\"id\":\""
            + id
            + "\",\"unit\":\""
            + victimUnit
            + "\",\"variant\":\"B\",\"experiment\":\"kpi_scorecard_layout\",\"test_id\":\"kpi_scorecard_layout\"}",
        202);
    app.abkit().flush();
    String[] row = eventRow(id);
    assertThat(row[1])
        .as("stored under the cookie's unit")
        .isEqualTo(unit)
        .isNotEqualTo(victimUnit);
    assertThat(row[3]).as("no variant smuggled into props").isNull();
    assertThat(columns(prefix + "events")).doesNotContain("variant", "experiment");
    assertThat(Postgres.exposureRows(prefix)).doesNotContainKey(DemoApp.KPI + "/B");
  }

  // ---- cookies --------------------------------------------------------------------------------

  @Test
  void forgedOrMalformedVisitorCookie_replacedNeverEchoed() throws Exception {
    List<String> forged =
        List.of(
            "admin",
            "' OR 1=1 --",
            "AAAAAAAAAAAAAAAAAAAAAB", // right length, non-canonical last character
            "AAAAAAAAAAAAAAAAAAAA+A", // standard, not URL-safe, base64
            "AAAAAAAAAAAAAAAAAAAAAAA", // 23 characters
            "AAAAAAAAAAAAAAAAAAAAA", // 21 characters
            "<script>alert(1)</script>",
            "x".repeat(3000),
            "%0d%0aSet-Cookie:%20evil=1");
    for (String value : forged) {
      Visitor v = new Visitor(http);
      HttpResponse<String> r =
          timed(() -> v.get(app.uri(DemoApp.DASHBOARD), "Cookie", Visitor.COOKIE + "=" + value));
      assertThat(r.statusCode()).as("cookie %s", value).isEqualTo(200);
      List<String> setCookies = r.headers().allValues("Set-Cookie");
      assertThat(setCookies).as("a fresh id replaces %s", value).hasSize(1);
      assertThat(setCookies.get(0)).matches(SET_COOKIE).doesNotContain(value);
      assertThat(r.body()).doesNotContain(value);
      String issued = setCookies.get(0).substring(10, 32);
      app.abkit().flush();
      Map<String, Integer> exposures = Postgres.exposureRows(prefix);
      assertThat(exposures)
          .containsKey(DemoApp.KPI + "/" + issued)
          .doesNotContainKey(DemoApp.KPI + "/" + value);
    }
  }

  @Test
  void cookieValuesWithHeaderSyntax_injectNoHeaders_responseHeadersClean() throws Exception {
    List<String> lines =
        List.of(
            "Cookie: abkit_vid=abc\r\nX-Injected: 1",
            "Cookie: abkit_vid=abc\rSet-Cookie: evil=1",
            "Cookie: abkit_vid=abc\nSet-Cookie: evil=1",
            "Cookie: abkit_vid=abc; Path=/evil; evil=1",
            "Cookie: abkit_vid=\"AAAAAAAAAAAAAAAAAAAAAA\"",
            "Cookie: abkit_vid=abc%0d%0aSet-Cookie:%20evil=1",
            "Cookie: abkit_vid=a\u0000b",
            "Cookie: abkit_vid=\\\"; evil=1",
            "Cookie: abkit_vid=abc, evil=1");
    for (String line : lines) {
      RawHttp.Response r = RawHttp.exchange(app.port(), RawHttp.get(DemoApp.DASHBOARD, line));
      requests.incrementAndGet();
      assertThat(r.status()).as("status for %s", line).isIn(200, 400);
      for (String h : r.headers()) {
        String name =
            h.substring(0, Math.max(0, h.indexOf(':'))).trim().toLowerCase(java.util.Locale.ROOT);
        assertThat(name).as("header line %s for %s", h, line).isNotIn("x-injected", "evil");
        assertThat(h).doesNotContain("evil", "\r", "\n");
      }
      for (String c : r.values("Set-Cookie")) {
        assertThat(c).as("Set-Cookie for %s", line).matches(SET_COOKIE);
      }
      assertThat(r.body()).doesNotContain("evil");
    }
    assertThat(timed(() -> new Visitor(http).get(app.uri(DemoApp.HEALTH))).statusCode())
        .isEqualTo(200);
  }

  // ---- SQL metacharacters ---------------------------------------------------------------------

  @Test
  void sqlMetacharactersInEveryField_storedVerbatimOrRejected_tablesIntact() throws Exception {
    long before = Postgres.count(prefix + "events");
    List<String> storedIds = new ArrayList<>();
    for (String evil : FuzzData.INJECTIONS) {
      if (evil.indexOf('\u0000') >= 0) {
        continue; // NUL has its own test below
      }
      String s = FuzzData.jsonString(evil);
      Visitor v = new Visitor(http);
      timed(() -> v.get(app.uri(DemoApp.DASHBOARD)));
      // the event name is pattern-checked; so is the id
      postEvent(v, "{\"event\":" + s + "}", 400);
      postEvent(v, "{\"event\":\"kpi_click\",\"id\":" + s + "}", 400);
      // props values and keys are free text: stored verbatim
      String id = "sql-" + UUID.randomUUID();
      postEvent(
          v,
          "{\"event\":\"kpi_click\",\"id\":\""
              + id
              + "\",\"props\":{\"q\":"
              + s
              + ",\"k\":{\"nested\":["
              + s
              + "]}}}",
          202);
      storedIds.add(id);
      // the body's unit is ignored; a hostile cookie is replaced
      postEvent(v, "{\"event\":\"kpi_click\",\"unit\":" + s + "}", 202);
      // a hostile cookie (sent raw: HttpClient refuses non-ASCII header values) is replaced
      RawHttp.Response r =
          RawHttp.exchange(
              app.port(),
              RawHttp.get(
                  DemoApp.DASHBOARD,
                  "Cookie: " + Visitor.COOKIE + "=" + evil.replaceAll("[\\r\\n]", "")));
      requests.incrementAndGet();
      assertThat(r.status()).as("cookie %s", evil).isIn(200, 400);
      for (String c : r.values("Set-Cookie")) {
        assertThat(c).matches(SET_COOKIE);
      }
      app.abkit().flush();
      String[] row = eventRow(id);
      JsonNode props = Visitor.JSON.readTree(row[3]);
      assertThat(props.path("q").asText()).as("stored verbatim").isEqualTo(evil);
      assertThat(props.path("k").path("nested").path(0).asText()).isEqualTo(evil);
    }
    for (String t :
        new String[] {
          "exposures", "exposure_attributes", "events", "assignments", "schema_version"
        }) {
      assertThat(Postgres.tableExists(prefix + t)).as("table %s intact", t).isTrue();
    }
    assertThat(Postgres.count(prefix + "events")).isEqualTo(before + 2L * storedIds.size());
    assertThat(Postgres.count(prefix + "schema_version")).isPositive();
  }

  @Test
  void sameEventIdResent_storedOnce_answerSaysSo() throws Exception {
    Visitor v = new Visitor(http);
    timed(() -> v.get(app.uri(DemoApp.DASHBOARD)));
    String id = "again-" + UUID.randomUUID();
    String body = "{\"event\":\"kpi_click\",\"id\":\"" + id + "\"}";
    postEvent(v, body, 202);
    HttpResponse<String> again = timed(() -> v.postJson(app.uri(DemoApp.EVENTS), body));
    app.abkit().flush();
    assertThat(Postgres.eventRows(prefix)).containsEntry(id, 1);
    assertThat(again.statusCode())
        .as("a resent id is idempotent, not a failure to retry: %s", again.body())
        .isIn(200, 202);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static HttpResponse<String> postEvent(Visitor v, String json, int expected)
      throws Exception {
    HttpResponse<String> r = timed(() -> v.postJson(app.uri(DemoApp.EVENTS), json));
    assertThat(r.statusCode()).as("POST %s -> %s", json, r.body()).isEqualTo(expected);
    if (expected == 202) {
      acknowledged.addAndGet(Visitor.json(r).path("accepted").asLong());
    } else {
      assertThat(Visitor.json(r).path("error").isTextual()).isTrue();
    }
    return r;
  }

  private interface Call {
    HttpResponse<String> send() throws Exception;
  }

  private static HttpResponse<String> timed(Call call) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r = call.send();
    latencies.add(System.nanoTime() - start);
    requests.incrementAndGet();
    return r;
  }

  private static String[] eventRow(String id) throws Exception {
    for (String[] row : Postgres.events(prefix)) {
      if (row[0].equals(id)) {
        return row;
      }
    }
    throw new AssertionError("event " + id + " is not stored");
  }

  private static List<String> columns(String table) throws Exception {
    List<String> out = new ArrayList<>();
    try (var c = Postgres.connect();
        var rs = c.getMetaData().getColumns(null, null, table, null)) {
      while (rs.next()) {
        out.add(rs.getString("COLUMN_NAME"));
      }
    }
    return out;
  }
}
