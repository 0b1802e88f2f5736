package dev.abkit.servlet;

import static dev.abkit.servlet.Fixtures.JSON;
import static dev.abkit.servlet.Fixtures.KPI;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abkit.AbKit;
import dev.abkit.servlet.internal.SessionCookie;
import dev.abkit.servlet.internal.SignInLimiter;
import dev.abkit.store.memory.InMemoryEventStore;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResultsServletTest {
  private static final String TOKEN = "results-token-0123456789abcdef";

  private final InMemoryEventStore store = new InMemoryEventStore();
  private final AbKit abkit = Fixtures.abkit(store);
  private TestServer server;

  @AfterEach
  void stop() throws Exception {
    server.close();
    abkit.close();
  }

  private void start(String token) throws Exception {
    AbKitServlets.Config config =
        AbKitServlets.Config.builder().resultsPath("/api/results").resultsToken(token).build();
    server =
        TestServer.start(
            ctx ->
                ctx.addServletContainerInitializer(
                    (c, sc) -> AbKitServlets.register(sc, abkit, config)));
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    return new TestServer.Browser().get(server.uri(path), headers);
  }

  @Test
  void noTokenConfigured_404EvenWithAToken() throws Exception {
    start(null);
    assertThat(get("/api/results").statusCode()).isEqualTo(404);
    assertThat(get("/api/results", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
    assertThat(get("/api/results.html").statusCode()).isEqualTo(404);
  }

  @Test
  void missingToken_401WithBearerChallenge() throws Exception {
    start(TOKEN);
    HttpResponse<String> r = get("/api/results");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"abkit\"");
    assertThat(JSON.readTree(r.body()).get("error").asText())
        .isEqualTo("missing Authorization: Bearer <token>");
  }

  @Test
  void wrongToken_401() throws Exception {
    start(TOKEN);
    for (String auth :
        new String[] {
          "Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1), "Basic " + TOKEN, "Bearer "
        }) {
      HttpResponse<String> r = get("/api/results", "Authorization", auth);
      assertThat(r.statusCode()).as(auth).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"abkit\", error=\"invalid_token\"");
      assertThat(r.body()).doesNotContain(TOKEN);
    }
  }

  @Test
  void rightToken_200ResultsJson() throws Exception {
    start(TOKEN);
    TestServer.Browser visitor = new TestServer.Browser();
    visitor.postJson(server.uri("/abkit/events"), "{\"event\":\"kpi_click\"}");

    HttpResponse<String> r = get("/api/results", "Authorization", "Bearer " + TOKEN);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("experiments")).hasSize(3);
    assertThat(body.get("experiments").get(0).get("id").asText()).isEqualTo(KPI);
  }

  /** {@code Accept: text/plain} answers the table {@code abkit results} prints, byte for byte. */
  @Test
  void acceptPlainText_200TheResultsTable() throws Exception {
    start(TOKEN);

    HttpResponse<String> r =
        get(
            "/api/results?experiment=" + KPI,
            "Authorization",
            "Bearer " + TOKEN,
            "Accept",
            "text/plain");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
    assertThat(r.body())
        .startsWith("Experiment " + KPI + " (")
        .isEqualTo(
            dev.abkit.analysis.ResultsFormat.TABLE.render(
                new dev.abkit.analysis.Results(java.util.List.of(abkit.results(KPI)))));
    // a browser's Accept still gets HTML, an API client's JSON
    assertThat(
            get("/api/results", "Authorization", "Bearer " + TOKEN, "Accept", "*/*")
                .headers()
                .firstValue("Content-Type"))
        .hasValue("application/json;charset=utf-8");
  }

  /** {@code ?timeseries=true} adds each experiment's goal per UTC day; without it, none. */
  @Test
  void timeseriesParameter_addsTheGoalPerDay() throws Exception {
    start(TOKEN);
    store.write(
        java.util.List.of(
            new dev.abkit.event.Exposure("visitor-1", KPI, "A", java.time.Instant.now())));

    JsonNode with =
        JSON.readTree(
            get(
                    "/api/results?timeseries=true&experiment=" + KPI,
                    "Authorization",
                    "Bearer " + TOKEN)
                .body());
    JsonNode without =
        JSON.readTree(
            get("/api/results?experiment=" + KPI, "Authorization", "Bearer " + TOKEN).body());

    JsonNode series = with.get("experiments").get(0).get("timeseries");
    assertThat(series).isNotEmpty();
    assertThat(series.get(0).has("date")).isTrue();
    long exposures = 0;
    for (JsonNode v : series.get(series.size() - 1).get("variants")) {
      exposures += v.get("exposures").asLong();
    }
    assertThat(exposures).isEqualTo(1);
    assertThat(without.get("experiments").get(0).has("timeseries")).isFalse();
  }

  @Test
  void oneExperiment_byQueryParameter() throws Exception {
    start(TOKEN);
    HttpResponse<String> r =
        get("/api/results?experiment=" + KPI, "Authorization", "Bearer " + TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("experiments")).hasSize(1);
    assertThat(body.get("experiments").get(0).get("id").asText()).isEqualTo(KPI);
  }

  @Test
  void unknownOrMalformedExperiment_404or400() throws Exception {
    start(TOKEN);
    HttpResponse<String> unknown =
        get("/api/results?experiment=nope", "Authorization", "Bearer " + TOKEN);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).get("field").asText()).isEqualTo("experiment");
    HttpResponse<String> bad =
        get("/api/results?experiment=%3Cscript%3E", "Authorization", "Bearer " + TOKEN);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).doesNotContain("<script>");
  }

  @Test
  void htmlPage_byPathSuffixOrAcceptHeader() throws Exception {
    start(TOKEN);
    HttpResponse<String> bySuffix = get("/api/results.html", "Authorization", "Bearer " + TOKEN);
    HttpResponse<String> byAccept =
        get(
            "/api/results",
            "Authorization",
            "Bearer " + TOKEN,
            "Accept",
            "text/html,application/xhtml+xml,*/*;q=0.8");
    for (HttpResponse<String> r : java.util.List.of(bySuffix, byAccept)) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
      assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
      assertThat(r.body()).contains("<html").contains(KPI);
    }
    HttpResponse<String> locked = get("/api/results.html");
    assertThat(locked.statusCode()).isEqualTo(401);
  }

  @Test
  void htmlOverviewLinksToEachExperimentsPage_withItsChartAndAsOfTime() throws Exception {
    start(TOKEN);
    HttpResponse<String> overview = get("/api/results.html", "Authorization", "Bearer " + TOKEN);
    assertThat(overview.body())
        .contains("<a href=\"?experiment=" + KPI + "\">")
        .contains("<time datetime=\"")
        .doesNotContain("<script");
    HttpResponse<String> page =
        get("/api/results.html?experiment=" + KPI, "Authorization", "Bearer " + TOKEN);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("<h1 id=\"h-" + KPI + "\">" + KPI + "</h1>")
        .contains("data-chart=\"rates\"")
        .contains("<a href=\"?\">All experiments</a>")
        .contains("<body>");
  }

  @Test
  void jsonPost_415_otherMethods_405() throws Exception {
    start(TOKEN);
    HttpResponse<String> json =
        new TestServer.Browser()
            .post(
                server.uri("/api/results"),
                "application/json",
                "{}",
                "Authorization",
                "Bearer " + TOKEN);
    assertThat(json.statusCode()).isEqualTo(415);
    HttpResponse<String> put =
        new TestServer.Browser()
            .client.send(
                java.net.http.HttpRequest.newBuilder(server.uri("/api/results"))
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
  }

  @Test
  void browserWithoutCredentials_getsTheSignInForm_machinesTheJson401() throws Exception {
    start(TOKEN);
    HttpResponse<String> page = get("/api/results.html");
    assertThat(page.statusCode()).isEqualTo(401);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'")
        .doesNotContain("script-src");
    assertThat(page.body())
        .contains("<form method=\"post\" action=\"/api/results.html\"")
        .contains("type=\"password\"");
    HttpResponse<String> byAccept = get("/api/results", "Accept", "text/html");
    assertThat(byAccept.body()).contains("type=\"password\"");
    HttpResponse<String> json = get("/api/results", "Accept", "application/json");
    assertThat(json.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(json.body()).get("error").asText())
        .isEqualTo("missing Authorization: Bearer <token>");
  }

  @Test
  void rightToken_setsAScopedSessionCookie_andOpensPageAndJson() throws Exception {
    start(TOKEN);
    TestServer.Browser browser = new TestServer.Browser();
    HttpResponse<String> signIn = signIn(browser, "/api/results.html?experiment=" + KPI, TOKEN);

    assertThat(signIn.statusCode()).isEqualTo(303);
    assertThat(signIn.headers().firstValue("Location"))
        .hasValue("/api/results.html?experiment=" + KPI);
    List<String> cookies = sessionCookies(signIn);
    assertThat(cookies).hasSize(2);
    assertThat(cookies)
        .allSatisfy(
            c ->
                assertThat(c)
                    .startsWith(SessionCookie.NAME + "=")
                    .contains("; Max-Age=3600; HttpOnly; SameSite=Strict"));
    assertThat(cookies)
        .anySatisfy(c -> assertThat(c).contains("; Path=/api/results;"))
        .anySatisfy(c -> assertThat(c).contains("; Path=/api/results.html;"));

    HttpResponse<String> page = browser.get(server.uri("/api/results.html?experiment=" + KPI));
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.body())
        .contains(KPI)
        .contains(
            "<form method=\"post\" action=\"/api/results.html?experiment="
                + KPI
                + "\" style=\"float:right\"><input type=\"hidden\" name=\"sign_out\"");
    // with the bearer token there is no session to end: no button
    assertThat(
            get("/api/results.html?experiment=" + KPI, "Authorization", "Bearer " + TOKEN).body())
        .contains(KPI)
        .doesNotContain("Sign out");
    HttpResponse<String> json = browser.get(server.uri("/api/results"));
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(json.body()).get("experiments")).hasSize(3);
    // The cookie's paths cover the results endpoints only.
    assertThat(browser.cookies.get(server.uri("/abkit/events"), java.util.Map.of()).get("Cookie"))
        .noneMatch(c -> c.contains(SessionCookie.NAME));
    assertThat(browser.cookies.get(server.uri("/api/results"), java.util.Map.of()).get("Cookie"))
        .anyMatch(c -> c.contains(SessionCookie.NAME));
  }

  @Test
  void signOut_endsTheSession() throws Exception {
    start(TOKEN);
    TestServer.Browser browser = new TestServer.Browser();
    signIn(browser, "/api/results.html", TOKEN);
    assertThat(browser.get(server.uri("/api/results.html")).statusCode()).isEqualTo(200);

    HttpResponse<String> out =
        browser.post(
            server.uri("/api/results.html"), "application/x-www-form-urlencoded", "sign_out=1");

    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(sessionCookies(out)).hasSize(2).allSatisfy(c -> assertThat(c).contains("Max-Age=0"));
    assertThat(browser.get(server.uri("/api/results.html")).statusCode()).isEqualTo(401);
  }

  @Test
  void wrongTokens_areRateLimitedPerClient() throws Exception {
    start(TOKEN);
    TestServer.Browser browser = new TestServer.Browser();
    for (int i = 0; i < SignInLimiter.FAILURES; i++) {
      HttpResponse<String> wrong = signIn(browser, "/api/results.html", TOKEN + "x");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.body()).contains("not the results token").doesNotContain(TOKEN);
      assertThat(sessionCookies(wrong)).isEmpty();
    }
    HttpResponse<String> limited = signIn(browser, "/api/results.html", TOKEN);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, SignInLimiter.WINDOW.toSeconds());
    assertThat(sessionCookies(limited)).isEmpty();
    // Bearer tokens are not sign-ins: machines keep working.
    assertThat(get("/api/results", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void forgedOrRevokedCookies_areIgnored() throws Exception {
    start(TOKEN);
    TestServer.Browser browser = new TestServer.Browser();
    signIn(browser, "/api/results.html", TOKEN);
    String value =
        browser.cookies.getCookieStore().get(server.uri("/api/results.html")).stream()
            .filter(c -> c.getName().equals(SessionCookie.NAME))
            .findFirst()
            .orElseThrow()
            .getValue();
    String forged = (value.charAt(0) == 'A' ? 'B' : 'A') + value.substring(1);
    assertThat(get("/api/results.html", "Cookie", SessionCookie.NAME + "=" + forged).statusCode())
        .isEqualTo(401);
    assertThat(get("/api/results.html", "Cookie", SessionCookie.NAME + "=" + value).statusCode())
        .isEqualTo(200);

    // A new token revokes every session signed with the old one.
    server.close();
    start("another-token-0123456789abcdef");
    assertThat(get("/api/results.html", "Cookie", SessionCookie.NAME + "=" + value).statusCode())
        .isEqualTo(401);
  }

  @Test
  void crossOriginSignIn_refused() throws Exception {
    start(TOKEN);
    HttpResponse<String> r =
        new TestServer.Browser()
            .post(
                server.uri("/api/results.html"),
                "application/x-www-form-urlencoded",
                "token=" + TOKEN,
                "Origin",
                "https://evil.example");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(sessionCookies(r)).isEmpty();
  }

  private static List<String> sessionCookies(HttpResponse<String> r) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(SessionCookie.NAME + "="))
        .toList();
  }

  private HttpResponse<String> signIn(TestServer.Browser browser, String path, String token)
      throws Exception {
    return browser.post(
        server.uri(path),
        "application/x-www-form-urlencoded",
        "token=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8));
  }
}
