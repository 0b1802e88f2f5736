package dev.abkit.servlet;

import static dev.abkit.servlet.Fixtures.JSON;
import static dev.abkit.servlet.Fixtures.KPI;
import static dev.abkit.servlet.Fixtures.ONBOARDING;
import static dev.abkit.servlet.Fixtures.PRICING;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abkit.AbKit;
import dev.abkit.event.Exposure;
import dev.abkit.store.memory.InMemoryEventStore;
import jakarta.servlet.DispatcherType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExposureFilterTest {
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final AbKit abkit = Fixtures.abkit(store);
  private TestServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    abkit.close();
  }

  private void start() throws Exception {
    server =
        TestServer.start(
            ctx -> AssignmentFilterTest.install(ctx, abkit, Fixtures.config().build()));
  }

  private List<Exposure> exposures() {
    abkit.flush();
    return store.exposures();
  }

  @Test
  void exposure_loggedOncePerVisitorAndRouteExperiment() throws Exception {
    start();
    List<TestServer.Browser> visitors = new ArrayList<>();
    Map<String, JsonNode> served = new java.util.HashMap<>();
    for (int v = 0; v < 3; v++) {
      TestServer.Browser b = new TestServer.Browser();
      visitors.add(b);
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> r = b.get(server.uri("/app/dashboard"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        served.put(body.get("unit").asText(), body.get("variants"));
      }
    }

    List<Exposure> exposures = exposures();
    assertThat(exposures).hasSize(6);
    // 3 visitors x 5 loads x 2 experiments: 6 queued once, the 24 repeats stopped in memory
    assertThat(abkit.metrics().queued()).isEqualTo(6);
    assertThat(abkit.metrics().duplicates()).isEqualTo(24);
    assertThat(exposures).extracting(Exposure::experiment).containsOnly(KPI, ONBOARDING);
    assertThat(exposures.stream().map(e -> e.unit() + "/" + e.experiment()).distinct()).hasSize(6);
    assertThat(exposures.stream().map(Exposure::unit).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(
            visitors.stream().map(TestServer.Browser::visitorId).toList());
    for (Exposure e : exposures) {
      assertThat(e.variant()).isEqualTo(served.get(e.unit()).get(e.experiment()).asText());
    }
  }

  @Test
  void exposure_onlyTheRoutesConfiguredExperiments() throws Exception {
    start();
    TestServer.Browser b = new TestServer.Browser();
    b.get(server.uri("/app/pricing"));
    b.get(server.uri("/app/pricing"));
    b.get(server.uri("/app/other"));

    assertThat(exposures())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.experiment()).isEqualTo(PRICING);
              assertThat(e.unit()).isEqualTo(b.visitorId());
            });
  }

  @Test
  void noExposure_onClientOrServerErrorsExceptionsOrHead() throws Exception {
    start();
    TestServer.Browser b = new TestServer.Browser();
    assertThat(b.get(server.uri("/app/missing")).statusCode()).isEqualTo(404);
    assertThat(b.get(server.uri("/app/broken")).statusCode()).isEqualTo(500);
    assertThat(b.get(server.uri("/app/throws")).statusCode()).isEqualTo(500);
    java.net.http.HttpRequest head =
        java.net.http.HttpRequest.newBuilder(server.uri("/app/dashboard"))
            .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
            .build();
    assertThat(b.client.send(head, HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(200);

    assertThat(exposures()).isEmpty();
  }

  @Test
  void missingAssignmentFilter_requestsSucceedAndTheMistakeIsLoggedOnce() throws Exception {
    ExposureFilter misplaced = new ExposureFilter(abkit, List.of(KPI));
    server =
        TestServer.start(
            ctx -> {
              ctx.addFilter(
                  new FilterHolder(misplaced), "/plain/*", EnumSet.of(DispatcherType.REQUEST));
              ctx.addServlet(
                  new ServletHolder(
                      new jakarta.servlet.http.HttpServlet() {
                        private static final long serialVersionUID = 1L;

                        @Override
                        protected void doGet(
                            jakarta.servlet.http.HttpServletRequest req,
                            jakarta.servlet.http.HttpServletResponse res)
                            throws java.io.IOException {
                          res.getWriter().write("ok");
                        }
                      }),
                  "/plain/*");
            });

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r = new TestServer.Browser().get(server.uri("/plain/page"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok");
      }
    } finally {
      System.setErr(original);
    }

    assertThat(misplaced.misorderedRequests()).isEqualTo(3);
    String log = err.toString(StandardCharsets.UTF_8);
    assertThat(log.split("ExposureFilter ran without AssignmentFilter", -1)).hasSize(2);
    assertThat(log).contains("ERROR").contains("Map dev.abkit.servlet.AssignmentFilter to /*");
    assertThat(exposures()).isEmpty();
  }

  @Test
  void asyncRoute_exposedWhenItCompletesSuccessfully_notWhenItFails() throws Exception {
    AbKitServlets.Config config =
        AbKitServlets.Config.builder()
            .exposure("/async/ok", KPI)
            .exposure("/async/fail", PRICING)
            .build();
    server =
        TestServer.start(
            ctx -> {
              ctx.addServletContainerInitializer(
                  (c, sc) -> AbKitServlets.register(sc, abkit, config));
              ServletHolder holder =
                  new ServletHolder(
                      new jakarta.servlet.http.HttpServlet() {
                        private static final long serialVersionUID = 1L;

                        @Override
                        protected void doGet(
                            jakarta.servlet.http.HttpServletRequest req,
                            jakarta.servlet.http.HttpServletResponse res) {
                          boolean fail = req.getRequestURI().endsWith("/fail");
                          jakarta.servlet.AsyncContext async = req.startAsync();
                          async.start(
                              () -> {
                                try {
                                  Thread.sleep(20);
                                  ((jakarta.servlet.http.HttpServletResponse) async.getResponse())
                                      .setStatus(fail ? 503 : 200);
                                  async.getResponse().getWriter().write(fail ? "down" : "ok");
                                } catch (Exception e) {
                                  throw new IllegalStateException(e);
                                } finally {
                                  async.complete();
                                }
                              });
                        }
                      });
              holder.setAsyncSupported(true);
              ctx.addServlet(holder, "/async/*");
            });
    TestServer.Browser b = new TestServer.Browser();
    assertThat(b.get(server.uri("/async/ok")).statusCode()).isEqualTo(200);
    assertThat(b.get(server.uri("/async/fail")).statusCode()).isEqualTo(503);

    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(exposures()).hasSize(1));
    assertThat(exposures())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.experiment()).isEqualTo(KPI);
              assertThat(e.unit()).isEqualTo(b.visitorId());
            });
  }
}
