package dev.abkit.servlet;

import static dev.abkit.servlet.Fixtures.JSON;
import static dev.abkit.servlet.Fixtures.KPI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AbKitContextListenerTest {
  private static final String TOKEN = "listener-token-0123456789";
  private static final String MANIFEST =
      """
      {"experiments": [
        {"id": "kpi_scorecard_layout", "variants": [{"key": "A"}, {"key": "B"}],
         "target_event": "kpi_click"},
        {"id": "guided_onboarding", "variants": [{"key": "A"}, {"key": "B"}],
         "target_event": "tooltip_open"}
      ]}
      """;

  @TempDir Path dir;

  private static void params(ServletContextHandler ctx, Map<String, String> params) {
    params.forEach(ctx::setInitParameter);
  }

  @Test
  void listener_buildsFromContextParams_servesAndFlushesOnStop() throws Exception {
    Path manifest = Files.writeString(dir.resolve("tests.json"), MANIFEST);
    Path data = dir.resolve("data");
    AbKitContextListener listener = new AbKitContextListener();
    TestServer server =
        TestServer.start(
            ctx -> {
              params(
                  ctx,
                  Map.of(
                      "abkit.manifest",
                      manifest.toString(),
                      "abkit.store",
                      "file:" + data,
                      "abkit.results.token",
                      TOKEN,
                      "abkit.events.path",
                      "/api/events",
                      "abkit.results.path",
                      "/api/results",
                      "abkit.exposure./app/dashboard",
                      "kpi_scorecard_layout, guided_onboarding"));
              ctx.addEventListener(listener);
              ctx.addServlet(new ServletHolder(new Fixtures.AppServlet()), "/app/*");
            });
    TestServer.Browser browser = new TestServer.Browser();
    try {
      assertThat(server.context.getServletContext().getAttribute(AbKitServlets.ABKIT_ATTRIBUTE))
          .isSameAs(listener.abkit());
      HttpResponse<String> page = browser.get(server.uri("/app/dashboard"));
      assertThat(page.statusCode()).isEqualTo(200);
      JsonNode variants = JSON.readTree(page.body()).get("variants");
      assertThat(variants.get(KPI).asText()).isIn("A", "B");
      assertThat(
              browser.postJson(server.uri("/api/events"), "{\"event\":\"kpi_click\"}").statusCode())
          .isEqualTo(202);
      assertThat(browser.get(server.uri("/api/results")).statusCode()).isEqualTo(401);
    } finally {
      server.close();
    }

    assertThat(listener.abkit()).isNull();
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(data)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      }
    }
    String unit = browser.visitorId();
    List<JsonNode> records = new ArrayList<>();
    for (String line : lines) {
      records.add(JSON.readTree(line));
    }
    assertThat(records)
        .filteredOn(r -> r.get("type").asText().equals("exposure"))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.get("unit").asText()).isEqualTo(unit));
    assertThat(records)
        .filteredOn(r -> r.get("type").asText().equals("event"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("unit").asText()).isEqualTo(unit);
              assertThat(r.get("name").asText()).isEqualTo("kpi_click");
            });
  }

  @Test
  void listener_visitorSecretAndPerVisitorLimit_fromContextParams() throws Exception {
    Path manifest = Files.writeString(dir.resolve("tests.json"), MANIFEST);
    TestServer server =
        TestServer.start(
            ctx -> {
              params(
                  ctx,
                  Map.of(
                      "abkit.manifest", manifest.toString(),
                      "abkit.store", "file:" + dir.resolve("data"),
                      "abkit.events.path", "/api/events",
                      "abkit.visitor.secret", "current-secret-0123456789abcdefghij",
                      "abkit.visitor.previous-secrets", " old-secret-0123456789abcdefghijklmn ,",
                      "abkit.events.max-per-visitor-per-minute", "1"));
              ctx.addEventListener(new AbKitContextListener());
            });
    try {
      TestServer.Browser browser = new TestServer.Browser();
      assertThat(
              browser.postJson(server.uri("/api/events"), "{\"event\":\"kpi_click\"}").statusCode())
          .isEqualTo(202);
      assertThat(browser.visitorId()).matches("[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{22}");
      assertThat(
              browser.postJson(server.uri("/api/events"), "{\"event\":\"kpi_click\"}").statusCode())
          .isEqualTo(429);
    } finally {
      server.close();
    }
  }

  @Test
  void listener_missingManifestParam_failsStartupNamingIt() {
    assertThatThrownBy(
            () ->
                TestServer.start(
                    ctx -> {
                      ctx.setInitParameter("abkit.store", "none");
                      ctx.addEventListener(new AbKitContextListener());
                    }))
        .hasStackTraceContaining("context parameter abkit.manifest is required");
  }

  @Test
  void listener_badStoreSpec_failsStartupNamingIt() throws Exception {
    Path manifest = Files.writeString(dir.resolve("tests.json"), MANIFEST);
    assertThatThrownBy(
            () ->
                TestServer.start(
                    ctx -> {
                      ctx.setInitParameter("abkit.manifest", manifest.toString());
                      ctx.setInitParameter("abkit.store", "ftp://elsewhere");
                      ctx.addEventListener(new AbKitContextListener());
                    }))
        .hasStackTraceContaining("context parameter abkit.store");
  }

  @Test
  void listener_badExposureParam_failsStartupNamingIt() throws Exception {
    Path manifest = Files.writeString(dir.resolve("tests.json"), MANIFEST);
    assertThatThrownBy(
            () ->
                TestServer.start(
                    ctx -> {
                      ctx.setInitParameter("abkit.manifest", manifest.toString());
                      ctx.setInitParameter("abkit.store", "none");
                      ctx.setInitParameter("abkit.exposure./x", "bad id!");
                      ctx.addEventListener(new AbKitContextListener());
                    }))
        .hasStackTraceContaining("exposure: experiment id must match");
  }

  @Test
  void webXmlStyle_filtersDeclaredOneByOne_useTheContextAttribute() throws Exception {
    Path manifest = Files.writeString(dir.resolve("tests.json"), MANIFEST);
    AbKitContextListener listener = new AbKitContextListener();
    TestServer server =
        TestServer.start(
            ctx -> {
              ctx.setInitParameter("abkit.manifest", manifest.toString());
              ctx.setInitParameter("abkit.store", "file:" + dir.resolve("data"));
              ctx.setInitParameter("abkit.register", "false");
              ctx.setInitParameter("abkit.events.max-batch", "2");
              ctx.addEventListener(listener);
              ctx.addFilter(
                  AssignmentFilter.class,
                  "/*",
                  java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
              org.eclipse.jetty.ee10.servlet.FilterHolder exposure =
                  ctx.addFilter(
                      ExposureFilter.class,
                      "/app/dashboard",
                      java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
              exposure.setInitParameter("experiments", KPI);
              ctx.addServlet(new ServletHolder(new Fixtures.AppServlet()), "/app/*");
              ctx.addServlet(EventServlet.class, "/events");
            });
    try {
      TestServer.Browser browser = new TestServer.Browser();
      HttpResponse<String> page = browser.get(server.uri("/app/dashboard"));
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(page.body()).get("unit").asText()).isEqualTo(browser.visitorId());
      assertThat(browser.postJson(server.uri("/events"), "{\"event\":\"kpi_click\"}").statusCode())
          .isEqualTo(202);
      HttpResponse<String> tooMany =
          browser.postJson(
              server.uri("/events"),
              "{\"events\":[{\"event\":\"a\"},{\"event\":\"b\"},{\"event\":\"c\"}]}");
      assertThat(tooMany.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(tooMany.body()).get("error").asText())
          .isEqualTo("events: at most 2 events per request, was 3");
    } finally {
      server.close();
    }
  }

  @Test
  void listener_jdbcStoreWithoutAbkitJdbcStore_failsStartupNamingTheArtifact() throws Exception {
    // This module does not depend on abkit-jdbc-store, so no provider answers jdbc: here. (The
    // listener on a real database is tested in abkit-examples, which has every module.)
    Path manifest = Files.writeString(dir.resolve("tests.json"), MANIFEST);
    assertThatThrownBy(
            () ->
                TestServer.start(
                    ctx -> {
                      ctx.setInitParameter("abkit.manifest", manifest.toString());
                      ctx.setInitParameter("abkit.store", "jdbc:h2:mem:absent");
                      ctx.addEventListener(new AbKitContextListener());
                    }))
        .hasStackTraceContaining(
            "context parameter abkit.store: a jdbc: store needs dev.abkit:abkit-jdbc-store (and"
                + " the database's JDBC driver) on the class path");
  }

  @Test
  void defaultJournalDir_isPerApplication_underTheTempDir() {
    Path tmp = Path.of("/var/tmp");
    Path shop = AbKitContextListener.defaultJournalDir(tmp, "Catalina/localhost", "/shop");
    Path blog = AbKitContextListener.defaultJournalDir(tmp, "Catalina/localhost", "/blog");
    Path root = AbKitContextListener.defaultJournalDir(tmp, "Catalina/localhost", "");
    Path otherHost = AbKitContextListener.defaultJournalDir(tmp, "Catalina/example.org", "/shop");
    assertThat(shop).isEqualTo(Path.of("/var/tmp/abkit-journal/Catalina%2Flocalhost/shop"));
    assertThat(root).isEqualTo(Path.of("/var/tmp/abkit-journal/Catalina%2Flocalhost/ROOT"));
    assertThat(List.of(shop, blog, root, otherHost)).doesNotHaveDuplicates();
    // paths that a naive mapping would merge stay apart, and nothing escapes the base
    assertThat(AbKitContextListener.defaultJournalDir(tmp, "", "/a/b"))
        .isNotEqualTo(AbKitContextListener.defaultJournalDir(tmp, "", "/a_b"))
        .isEqualTo(Path.of("/var/tmp/abkit-journal/a%2Fb"));
    assertThat(AbKitContextListener.defaultJournalDir(tmp, "", "/.."))
        .isEqualTo(Path.of("/var/tmp/abkit-journal/%2E%2E"));
  }

  /** Starts the listener in a context at {@code contextPath}; returns its journal directory. */
  private Optional<Path> journalOfAppAt(String contextPath, Map<String, String> extra)
      throws Exception {
    Path manifest = Files.writeString(dir.resolve("tests.json"), MANIFEST);
    AbKitContextListener listener = new AbKitContextListener();
    Map<String, String> all = new java.util.HashMap<>(extra);
    all.put("abkit.manifest", manifest.toString());
    all.put("abkit.store", "file:" + dir.resolve("data" + contextPath.replace('/', '-')));
    TestServer server =
        TestServer.start(
            ctx -> {
              ctx.setContextPath(contextPath);
              params(ctx, all);
              ctx.addEventListener(listener);
            });
    try {
      return listener.journalDir();
    } finally {
      server.close();
    }
  }

  @Test
  void listener_journalDir_defaultDiffersPerContextPath_andTheParameterSetsIt() throws Exception {
    Path shop = journalOfAppAt("/shop", Map.of()).orElseThrow();
    Path blog = journalOfAppAt("/blog", Map.of()).orElseThrow();
    assertThat(shop).isNotEqualTo(blog);
    assertThat(shop.startsWith(Path.of(System.getProperty("java.io.tmpdir"), "abkit-journal")))
        .as("%s is under java.io.tmpdir/abkit-journal", shop)
        .isTrue();
    assertThat(shop.getFileName().toString()).isEqualTo("shop");
    assertThat(blog.getFileName().toString()).isEqualTo("blog");

    Path chosen = dir.resolve("my-journal");
    assertThat(journalOfAppAt("/shop", Map.of("abkit.journal.dir", chosen.toString())))
        .contains(chosen);
    assertThat(journalOfAppAt("/shop", Map.of("abkit.journal.dir", "none"))).isEmpty();
  }
}
