package dev.abkit.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.event.Exposure;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The benchmark measures what it says: the same body on both routes, abkit's filters on one. */
class ServletBenchmarkTest {
  ServletBenchmark.Site site;
  ServletBenchmark.Visitor visitor;

  @BeforeEach
  void start() throws Exception {
    site = new ServletBenchmark.Site();
    site.start();
    visitor = new ServletBenchmark.Visitor();
    visitor.connect(site);
  }

  @AfterEach
  void stop() throws Exception {
    visitor.disconnect();
    site.stop();
  }

  @Test
  void setUp_issuesDistinctReturningVisitorsWithExposuresForBothExperiments() {
    Set<String> distinct = new HashSet<>(Arrays.asList(site.cookies));
    assertThat(distinct).hasSize(ServletBenchmark.VISITORS);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(site.store.exposures()).hasSize(2 * ServletBenchmark.VISITORS));
    assertThat(site.store.exposures())
        .extracting(Exposure::experiment)
        .containsOnly(ServletBenchmark.KPI, ServletBenchmark.ONBOARDING);
  }

  @Test
  void routes_answerTheSameShapeAndOnlyTheAbkitRouteAssigns() throws Exception {
    String cookie = site.cookies[7];
    String plain = visitor.client.get("/plain/dashboard", cookie);
    String abkit = visitor.client.get("/ab/dashboard", cookie);

    assertThat(plain).startsWith("HTTP/1.1 200").doesNotContain("Set-Cookie");
    assertThat(abkit).startsWith("HTTP/1.1 200").doesNotContain("Set-Cookie");
    String plainBody = plain.substring(plain.indexOf("\r\n\r\n") + 4);
    String abkitBody = abkit.substring(abkit.indexOf("\r\n\r\n") + 4);
    assertThat(plainBody)
        .isEqualTo("{\"variants\":{\"kpi_scorecard_layout\":\"A\",\"guided_onboarding\":\"A\"}}");
    assertThat(abkitBody)
        .hasSameSizeAs(plainBody)
        .matches(
            "\\{\"variants\":\\{\"kpi_scorecard_layout\":\"[AB]\",\"guided_onboarding\":\"[AB]\"}}");
    // Sticky: the same visitor gets the same answer again.
    assertThat(visitor.client.get("/ab/dashboard", cookie)).endsWith(abkitBody);
  }

  @Test
  void paired_recordsOneTimePerRouteAndRequest() throws Exception {
    ServletBenchmark bench = new ServletBenchmark();
    ServletBenchmark.Pairs pairs = new ServletBenchmark.Pairs();
    for (int i = 0; i < 10; i++) {
      assertThat(bench.pairedRoutes(site, visitor, pairs)).isEqualTo(400);
      assertThat(bench.pairedLocal(site, visitor, pairs)).isPositive();
    }
    assertThat(pairs.n).isEqualTo(20);
    for (int i = 0; i < pairs.n; i++) {
      assertThat(pairs.plain[i]).isPositive();
      assertThat(pairs.abkit[i]).isPositive();
    }
  }
}
