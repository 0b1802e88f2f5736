package dev.abkit.servlet;

import static dev.abkit.servlet.Fixtures.JSON;
import static dev.abkit.servlet.Fixtures.KPI;
import static dev.abkit.servlet.Fixtures.ONBOARDING;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abkit.AbKit;
import dev.abkit.servlet.internal.VisitorIds;
import dev.abkit.store.memory.InMemoryEventStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AssignmentFilterTest {
  private static final String COOKIE_ATTRIBUTES =
      "; Path=/; Max-Age=34560000; HttpOnly; SameSite=Lax";

  private final InMemoryEventStore store = new InMemoryEventStore();
  private AbKit abkit = Fixtures.abkit(store);
  private TestServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    abkit.close();
  }

  private TestServer start(AbKit kit) throws Exception {
    return TestServer.start(ctx -> install(ctx, kit, Fixtures.config().build()));
  }

  static void install(ServletContextHandler ctx, AbKit kit, AbKitServlets.Config config) {
    ctx.addServletContainerInitializer(
        (classes, servletContext) -> AbKitServlets.register(servletContext, kit, config));
    ctx.addServlet(new ServletHolder(new Fixtures.AppServlet()), "/app/*");
  }

  private static List<String> setCookies(HttpResponse<?> r) {
    return r.headers().allValues("Set-Cookie");
  }

  @Test
  void firstRequest_noCookie_issuesHttpOnlyLaxLongLivedVisitorCookie() throws Exception {
    server = start(abkit);
    HttpResponse<String> r = new TestServer.Browser().get(server.uri("/app/dashboard"));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(setCookies(r)).hasSize(1);
    String header = setCookies(r).get(0);
    assertThat(header).matches("abkit_vid=[A-Za-z0-9_-]{21}[AQgw]" + "; Path=/.*");
    assertThat(header.substring(10 + 22)).isEqualTo(COOKIE_ATTRIBUTES);
    String id = header.substring(10, 32);
    assertThat(JSON.readTree(r.body()).get("unit").asText()).isEqualTo(id);
  }

  @Test
  void secureRequest_cookieIsMarkedSecure() throws Exception {
    server = start(abkit);
    HttpResponse<String> r =
        new TestServer.Browser().get(server.uri("/app/dashboard"), "X-Forwarded-Proto", "https");

    assertThat(setCookies(r)).singleElement().asString().endsWith(COOKIE_ATTRIBUTES + "; Secure");
  }

  @Test
  void sameBrowser_manyRequests_keepsUnitAndVariantsAndSetsCookieOnce() throws Exception {
    server = start(abkit);
    TestServer.Browser browser = new TestServer.Browser();
    HttpResponse<String> first = browser.get(server.uri("/app/dashboard"));
    JsonNode firstBody = JSON.readTree(first.body());
    assertThat(firstBody.get("variants").get(KPI).asText()).isIn("A", "B");

    for (int i = 0; i < 25; i++) {
      HttpResponse<String> r = browser.get(server.uri("/app/dashboard"));
      assertThat(setCookies(r)).as("request %d sets no cookie", i).isEmpty();
      assertThat(JSON.readTree(r.body())).isEqualTo(firstBody);
    }
    assertThat(browser.visitorId()).isEqualTo(firstBody.get("unit").asText());
  }

  @Test
  void sameCookie_acrossServerRestart_getsSameVariants() throws Exception {
    server = start(abkit);
    TestServer.Browser browser = new TestServer.Browser();
    JsonNode before = JSON.readTree(browser.get(server.uri("/app/dashboard")).body());
    String id = browser.visitorId();
    server.close();
    abkit.close();

    abkit = Fixtures.abkit(store);
    server = start(abkit);
    HttpResponse<String> after =
        new TestServer.Browser().get(server.uri("/app/dashboard"), "Cookie", "abkit_vid=" + id);

    assertThat(setCookies(after)).isEmpty();
    assertThat(JSON.readTree(after.body())).isEqualTo(before);
  }

  @Test
  void manyVisitors_getDistinctIdsAndBothVariants() throws Exception {
    server = start(abkit);
    Set<String> ids = new HashSet<>();
    Set<String> kpiVariants = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      JsonNode body =
          JSON.readTree(new TestServer.Browser().get(server.uri("/app/dashboard")).body());
      ids.add(body.get("unit").asText());
      kpiVariants.add(body.get("variants").get(KPI).asText());
    }
    assertThat(ids).hasSize(40);
    assertThat(kpiVariants).containsExactlyInAnyOrder("A", "B");
  }

  @Test
  void malformedCookie_isReplacedAndNeverEchoed() throws Exception {
    server = start(abkit);
    String valid = new VisitorIds().next();
    List<String> tampered =
        List.of(
            "short",
            valid.substring(0, 21) + "B", // right alphabet and length, non-canonical last char
            valid + "A",
            valid + "==",
            "alice",
            "PHNjcmlwdD5hbGVydCgx",
            "../../etc/passwd00000A");
    for (String bad : tampered) {
      HttpResponse<String> r =
          new TestServer.Browser().get(server.uri("/app/dashboard"), "Cookie", "abkit_vid=" + bad);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(setCookies(r)).as("cookie %s is replaced", bad).hasSize(1);
      String fresh = setCookies(r).get(0).substring(10, 32);
      assertThat(VisitorIds.isValid(fresh)).isTrue();
      assertThat(fresh).isNotEqualTo(bad);
      assertThat(String.join("\n", setCookies(r))).doesNotContain(bad);
      assertThat(r.body()).doesNotContain(bad);
      assertThat(JSON.readTree(r.body()).get("unit").asText()).isEqualTo(fresh);
    }
  }

  @Test
  void authenticatedPrincipal_winsOverCookie() throws Exception {
    server =
        TestServer.start(
            ctx -> {
              ctx.addFilter(
                  new FilterHolder(principalFromHeader()),
                  "/*",
                  EnumSet.of(DispatcherType.REQUEST));
              install(ctx, abkit, Fixtures.config().build());
            });
    TestServer.Browser browser = new TestServer.Browser();
    browser.get(server.uri("/app/dashboard"));
    String visitor = browser.visitorId();
    assertThat(visitor).isNotNull();

    HttpResponse<String> r = browser.get(server.uri("/app/dashboard"), "X-Test-User", "alice");

    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("unit").asText()).isEqualTo("alice");
    assertThat(body.get("variants").get(KPI).asText())
        .isEqualTo(abkit.assign(KPI, "alice").served());
    assertThat(body.get("variants").get(ONBOARDING).asText())
        .isEqualTo(abkit.assign(ONBOARDING, "alice").served());
    assertThat(setCookies(r)).isEmpty();
  }

  @Test
  void resolverThatThrows_requestStillSucceedsWithControl() throws Exception {
    AbKitServlets.Config config =
        Fixtures.config()
            .unitResolver(
                (req, res) -> {
                  throw new IllegalStateException("resolver bug");
                })
            .build();
    server = TestServer.start(ctx -> install(ctx, abkit, config));

    HttpResponse<String> r = new TestServer.Browser().get(server.uri("/app/dashboard"));

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("unit").isNull()).isTrue();
    assertThat(body.get("variants").get(KPI).asText()).isEqualTo("A");
    assertThat(body.get("variants").get(ONBOARDING).asText()).isEqualTo("A");
  }

  @Test
  void defaultAttributes_fromUserAgent_driveTargeting() throws Exception {
    AbKit targeted =
        AbKit.builder()
            .manifestJson(
                """
                {"experiments": [
                  {"id": "mobile_only", "variants": [{"key": "A"}, {"key": "B"}],
                   "target_event": "kpi_click",
                   "targeting": {"platform": {"$in": ["ios", "android"]}}}
                ]}
                """)
            .eventStore(new InMemoryEventStore())
            .build();
    try {
      server =
          TestServer.start(
              ctx -> {
                ctx.addServletContainerInitializer(
                    (c, sc) ->
                        AbKitServlets.register(
                            sc, targeted, AbKitServlets.Config.builder().build()));
                ctx.addServlet(
                    new ServletHolder(
                        new jakarta.servlet.http.HttpServlet() {
                          private static final long serialVersionUID = 1L;

                          @Override
                          protected void doGet(
                              HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res)
                              throws java.io.IOException {
                            res.getWriter()
                                .write(
                                    String.valueOf(
                                        Experiments.of(req).assignment("mobile_only").reason()));
                          }
                        }),
                    "/reason");
              });
      String iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148";
      String windows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120 Safari/537.36";

      assertThat(new TestServer.Browser().get(server.uri("/reason"), "User-Agent", iphone).body())
          .isIn("HASHED", "STICKY");
      assertThat(new TestServer.Browser().get(server.uri("/reason"), "User-Agent", windows).body())
          .isEqualTo("TARGETING_MISMATCH");
    } finally {
      server.close();
      server = null;
      targeted.close();
    }
  }

  /** Stands in for container authentication: the header names the principal. */
  private static Filter principalFromHeader() {
    return (req, res, chain) -> {
      HttpServletRequest http = (HttpServletRequest) req;
      String user = http.getHeader("X-Test-User");
      if (user == null) {
        chain.doFilter(req, res);
        return;
      }
      Principal p = () -> user;
      chain.doFilter(
          new HttpServletRequestWrapper(http) {
            @Override
            public Principal getUserPrincipal() {
              return p;
            }
          },
          res);
    };
  }
}
