package dev.abkit.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abkit.examples.demo.DemoManifest;
import dev.abkit.examples.demo.DemoOptions;
import dev.abkit.examples.demo.DemoServer;
import dev.abkit.examples.demo.Simulation;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The results pages (DESIGN.md section 11) in a real headless Chromium, after 500 simulated
 * visitors went through the demo over HTTP: the overview and an experiment's page at 1280 and 400
 * px wide, with their charts, no horizontal scrolling and no console errors. Screenshots land in
 * {@code target/screenshots/} ({@code overview-1280.png}, {@code overview-400.png}, {@code
 * experiment-1280.png}, {@code experiment-400.png}).
 *
 * <p>One demo and one Chromium for the class; signed in once through the form, as a person would.
 * Skipped without Chromium outside CI, as {@link DemoBrowserTest} is.
 */
class DemoBrowserResultsPagesTest {
  static final String KPI = "kpi_scorecard_layout";

  @TempDir static Path dataDir;
  static DemoServer demo;
  static Chromium browser;
  static URI overview;

  /** Why the tests are skipped (no Chromium, outside CI), or null when they run. */
  private static String skipped;

  @BeforeAll
  static void start() throws Exception {
    Optional<Path> binary = Chromium.binary();
    if (binary.isEmpty()) {
      String why = "no Chromium found (set ABKIT_CHROMIUM, or install Debian's chromium package)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why + "; the browser test must run under CI=true");
      }
      // Not assumeTrue here: an assumption failing in @BeforeAll reports "Tests run: 0" and no
      // reason; skipped in @BeforeEach, each test counts as skipped, and this line says why.
      skipped = why + ": browser test skipped (CI=true makes it fail instead)";
      System.err.println("DemoBrowserResultsPagesTest: " + skipped);
      return;
    }
    demo = DemoServer.start(DemoOptions.embedded(dataDir).withToken(DemoBrowserTest.TOKEN));
    Simulation.Outcome o =
        new Simulation(
                new Simulation.Settings(500, Map.of("A", 0.15, "B", 0.35), 20261123, 0.2, 4),
                demo.baseUri(),
                DemoManifest.load(null))
            .run(n -> {});
    assertThat(o.failures()).as("simulated visitors' failed requests").isZero();
    browser = Chromium.start(binary.get());
    overview = demo.uri(DemoServer.RESULTS + ".html");
    assertThat(browser.navigate(overview)).isEqualTo(401);
    browser.eval(
        "(() => { document.querySelector('input[type=password]').value = '"
            + demo.token()
            + "'; document.querySelector('form').requestSubmit(); return true; })()");
    assertThat(browser.waitFor("document.querySelector('main.cards') !== null"))
        .as("signed in, the overview opened")
        .isTrue();
  }

  @BeforeEach
  void chromiumPresent() {
    assumeTrue(skipped == null, skipped);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (demo != null) {
      demo.close();
    }
  }

  @AfterEach
  void wholeWindow() throws Exception {
    if (browser != null) {
      browser.clearViewport();
    }
  }

  @Test
  void overview_everyExperimentWithStatusBadgesProgressChartAndLink() throws Exception {
    browser.viewport(1280, 900);
    assertThat(browser.navigate(overview)).isEqualTo(200);
    int cards = browser.eval("document.querySelectorAll('section.card').length").asInt();
    assertThat(cards)
        .as("one card per experiment of the demo manifest")
        .isEqualTo(DemoManifest.load(null).experiments().size());
    assertThat(count("section.card h2 a[href^='?experiment=']")).isEqualTo(cards);
    assertThat(count("section.card svg[data-chart='rates']")).isEqualTo(cards);
    assertThat(count("section.card .badge")).isGreaterThanOrEqualTo(2 * cards);
    assertThat(browser.eval("document.querySelector('time').getAttribute('datetime')").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    String kpiCard = cardText(KPI);
    assertThat(kpiCard)
        .contains("running")
        .contains("An expanded KPI scorecard (B) leads to more KPI clicks")
        .contains("A (compact)")
        .contains("B (expanded)")
        .containsPattern("\\d+ units exposed");
    assertThat(browser.consoleErrors()).isEmpty();
    assertNoHorizontalScroll();
    // Reported, not asserted (a shared 2-core machine): request sent to first byte, which is the
    // server's analysis and rendering of every experiment plus the loopback round trip.
    System.out.printf(
        "overview: first byte after %.1f ms%n",
        browser
            .eval(
                "(() => { const n = performance.getEntriesByType('navigation')[0];"
                    + " return n.responseStart - n.requestStart; })()")
            .asDouble());
    shot("overview-1280.png");
  }

  @Test
  void overview_at400px_fitsWithoutHorizontalScroll() throws Exception {
    browser.viewport(400, 900);
    assertThat(browser.navigate(overview)).isEqualTo(200);
    assertThat(browser.eval("window.innerWidth").asInt()).isEqualTo(400);
    assertNoHorizontalScroll();
    // Each chart is drawn, narrower than the window, not shrunk to nothing.
    JsonNode widths =
        browser.eval(
            "[...document.querySelectorAll(\"svg[data-chart='rates']\")]"
                + ".map(s => s.getBoundingClientRect().width)");
    assertThat(widths).isNotEmpty();
    for (JsonNode w : widths) {
      assertThat(w.asDouble()).isBetween(250.0, 400.0);
    }
    assertThat(browser.consoleErrors()).isEmpty();
    shot("overview-400.png");
  }

  @Test
  void experimentPage_fromTheOverviewLink_readsTheResultWithEveryMetricChartAndPower()
      throws Exception {
    browser.viewport(1280, 900);
    assertThat(browser.navigate(overview)).isEqualTo(200);
    browser.click("section.card h2 a[href='?experiment=" + KPI + "']");
    assertThat(
            browser.waitFor(
                "location.search === '?experiment="
                    + KPI
                    + "'"
                    + " && document.querySelector('h1') && document.querySelector('h1').textContent === '"
                    + KPI
                    + "'"))
        .as("the link opened the experiment's page")
        .isTrue();
    String summary = browser.text("p.summary");
    assertThat(summary)
        .as("the reading in words")
        .matches(
            "B raised kpi_click by \\+\\d+\\.\\d pp \\(95% CI \\+\\d+\\.\\d to \\+\\d+\\.\\d\\)"
                + " compared with A; .*");
    assertThat(count("svg[data-chart='rates'] > title")).isEqualTo(1);
    // An SVG element has no innerText: read the text alternative as a screen reader does.
    assertThat(
            browser
                .eval("document.querySelector(\"svg[data-chart='rates'] > title\").textContent")
                .asText())
        .startsWith("Conversion rate to kpi_click per variant; A: ");
    String describedBy =
        browser
            .eval(
                "document.querySelector(\"svg[data-chart='rates']\").getAttribute('aria-describedby')")
            .asText();
    assertThat(count("table#" + describedBy + " th[scope='col']")).isGreaterThanOrEqualTo(5);
    assertThat(browser.text("body"))
        .contains("Hypothesis: An expanded KPI scorecard (B)")
        .contains("Goal: kpi_click")
        .contains("Power")
        .contains("detects a change of")
        .contains("All experiments");
    // Over time: the simulation ran today, so each chart has one day, said in its title.
    assertThat(count("svg[data-chart='exposures-over-time'] > title")).isEqualTo(1);
    assertThat(count("svg[data-chart='lift-over-time'] > title")).isEqualTo(1);
    assertThat(
            browser
                .eval(
                    "document.querySelector(\"svg[data-chart='lift-over-time'] > title\")"
                        + ".textContent")
                .asText())
        .contains("B");
    // Breakdowns by the experiment's dimension, platform: the visitors' three user agents.
    assertThat(browser.text("body")).contains("Breakdowns", "exploratory");
    assertThat(
            browser
                .eval("[...document.querySelectorAll('h3')].map(e => e.textContent).join('|')")
                .asText())
        .contains("platform = android", "platform = ios", "platform = windows");
    assertThat(browser.consoleErrors()).isEmpty();
    assertNoHorizontalScroll();
    shot("experiment-1280.png");
  }

  @Test
  void experimentPage_at400px_fitsWithoutHorizontalScroll() throws Exception {
    browser.viewport(400, 900);
    assertThat(browser.navigate(demo.uri(DemoServer.RESULTS + ".html?experiment=" + KPI)))
        .isEqualTo(200);
    assertThat(browser.text("h1")).isEqualTo(KPI);
    for (String chart : new String[] {"rates", "exposures-over-time", "lift-over-time"}) {
      JsonNode width =
          browser.eval(
              "document.querySelector(\"svg[data-chart='"
                  + chart
                  + "']\").getBoundingClientRect().width");
      assertThat(width.asDouble()).as("%s chart's width", chart).isBetween(250.0, 400.0);
    }
    assertNoHorizontalScroll();
    assertThat(browser.consoleErrors()).isEmpty();
    shot("experiment-400.png");
  }

  private static int count(String css) throws Exception {
    return browser
        .eval(
            "document.querySelectorAll("
                + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(css)
                + ").length")
        .asInt();
  }

  private static String cardText(String id) throws Exception {
    return browser
        .eval(
            "[...document.querySelectorAll('section.card')]"
                + ".find(c => c.querySelector('h2').textContent === '"
                + id
                + "').innerText")
        .asText();
  }

  private static void assertNoHorizontalScroll() throws Exception {
    JsonNode w =
        browser.eval("({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})");
    assertThat(w.get("scroll").asInt())
        .as("page width %s against the window's", w)
        .isLessThanOrEqualTo(w.get("inner").asInt());
  }

  private static void shot(String name) throws Exception {
    Path file = browser.screenshot(DemoBrowserTest.SCREENSHOTS.resolve(name));
    assertThat(Files.size(file)).isGreaterThan(10_000);
  }
}
