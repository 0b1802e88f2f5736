package dev.abkit.examples.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abkit.examples.demo.DemoOptions;
import dev.abkit.examples.demo.DemoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo ({@link DemoServer}, in process, embedded H2 in a temp directory) in a real headless
 * Chromium: what a person sees on the demo page and on the results page. Screenshots of each step
 * land in {@code target/screenshots/} as test artifacts.
 *
 * <p>Needs a Chromium binary ({@link Chromium#binary()}): without one the test fails when {@code
 * CI=true} and is skipped (with a message) otherwise.
 */
class DemoBrowserTest {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  static final String TOKEN = "browser-test-token-0123456789";

  /** Wrong tokens one client may send per minute before the form refuses them all (README). */
  private static final int WRONG_TOKENS_PER_MINUTE = 5;

  @TempDir static Path dataDir;
  static DemoServer demo;
  static Chromium browser;

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
      System.err.println("DemoBrowserTest: " + skipped);
      return;
    }
    demo = DemoServer.start(DemoOptions.embedded(dataDir).withToken(TOKEN));
    browser = Chromium.start(binary.get());
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

  @Test
  void demoAndResultsPages_visitorSeesVariantsClickAndResults() throws Exception {
    // The demo page: a variant per experiment, the same after a reload (the cookie is sticky).
    assertThat(browser.navigate(demo.uri("/"))).isEqualTo(200);
    assertThat(
            browser.waitFor("!document.querySelector('#variants').innerText.includes('loading')"))
        .as("the variants table filled in")
        .isTrue();
    String variants = browser.text("#variants");
    assertThat(variants)
        .containsPattern("(?m)^kpi_scorecard_layout\t[AB]\\b")
        .containsPattern("(?m)^guided_onboarding\t[AB]\\b")
        .containsPattern("(?m)^pricing_cta_upgrade\t[AB]\\b");
    browser.screenshot(SCREENSHOTS.resolve("demo-page.png"));

    browser.navigate(demo.uri("/"));
    browser.waitFor("!document.querySelector('#variants').innerText.includes('loading')");
    assertThat(browser.text("#variants")).as("variants after a reload").isEqualTo(variants);

    // A click on the button is reported and the page shows the endpoint's answer.
    browser.click("button[data-event='kpi_click']");
    assertThat(browser.waitFor("document.querySelector('#response').innerText.startsWith('HTTP')"))
        .as("the page showed the event endpoint's answer")
        .isTrue();
    assertThat(browser.text("#response")).startsWith("HTTP 202").contains("\"accepted\": 1");
    browser.screenshot(SCREENSHOTS.resolve("demo-page-clicked.png"));

    // The results page: a sign-in form without the token; a wrong one is refused, the right one
    // opens the page (a session cookie, no header needed).
    assertThat(browser.navigate(demo.uri("/api/experiments/results.html"))).isEqualTo(401);
    assertThat(browser.eval("document.querySelector('input[type=password]') !== null").asBoolean())
        .as("a password field")
        .isTrue();
    browser.screenshot(SCREENSHOTS.resolve("sign-in.png"));
    signIn("wrong-token-0123456789");
    assertThat(browser.waitFor("document.querySelector('p.error') !== null"))
        .as("the form said the token was wrong")
        .isTrue();
    assertThat(browser.text("p.error")).isEqualTo("That is not the results token.");
    signIn(demo.token());
    assertThat(browser.waitFor("document.title === 'abkit results'"))
        .as("signed in, the results page opened")
        .isTrue();
    JsonNode kpi = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      assertThat(browser.navigate(demo.uri("/api/experiments/results.html"))).isEqualTo(200);
      kpi = browser.eval(KPI_TABLE);
      if (kpi.path("exposures").asLong() == 1 && kpi.path("conversions").asLong() == 1) {
        break;
      }
      Thread.sleep(200);
    }
    Path shot = browser.screenshot(SCREENSHOTS.resolve("results-page.png"));
    assertThat(kpi.path("exposures").asLong())
        .as("kpi_scorecard_layout exposures in %s", kpi)
        .isEqualTo(1);
    assertThat(kpi.path("conversions").asLong())
        .as("kpi_scorecard_layout conversions")
        .isEqualTo(1);
    assertThat(browser.text("h1")).isEqualTo("Experiment results");
    String page = browser.text("body");
    assertThat(page)
        .contains("kpi_scorecard_layout", "guided_onboarding", "pricing_cta_upgrade")
        .contains("verdict")
        .contains("control");
    int sections = browser.eval("document.querySelectorAll('section').length").asInt();
    assertThat(sections).as("one section per experiment").isGreaterThanOrEqualTo(3);
    assertThat(
            browser
                .eval(
                    "[...document.querySelectorAll('section svg')]"
                        + ".filter(s => s.getBoundingClientRect().width > 100"
                        + " && s.querySelector('text')).length")
                .asInt())
        .as("a visible SVG chart in every section")
        .isEqualTo(sections);
    assertThat(Files.size(shot)).isGreaterThan(10_000);

    // Signed in with a session, the page offers "Sign out"; pressing it ends the session, and the
    // page asks for the token again.
    browser.eval(
        "(() => { [...document.querySelectorAll('form button')]"
            + ".find(b => b.textContent === 'Sign out').form.requestSubmit(); return true; })()");
    assertThat(browser.waitFor("document.querySelector('input[type=password]') !== null"))
        .as("signed out, the sign-in form is back")
        .isTrue();
    assertThat(browser.navigate(demo.uri("/api/experiments/results.html"))).isEqualTo(401);

    // Guessing is rate-limited per client: with the wrong token above, four more wrong ones use up
    // the minute's five; then the form refuses every token, the right one too, and says how long
    // to wait.
    for (int wrong = 2; wrong <= WRONG_TOKENS_PER_MINUTE; wrong++) {
      assertThat(signInAndRead("wrong-token-" + wrong + "-0123456789"))
          .isEqualTo("That is not the results token.");
    }
    assertThat(signInAndRead(demo.token()))
        .matches("Too many wrong tokens; try again in \\d+ seconds\\.");
    browser.screenshot(SCREENSHOTS.resolve("sign-in-rate-limited.png"));
    assertThat(browser.navigate(demo.uri("/api/experiments/results.html"))).isEqualTo(401);
  }

  /** Types {@code token} into the sign-in form and submits it, as a person would. */
  private static void signIn(String token) throws Exception {
    browser.eval(
        "(() => { document.querySelector('input[type=password]').value = '"
            + token
            + "'; document.querySelector('form').requestSubmit(); return true; })()");
  }

  /**
   * Submits {@code token} through the form and returns the error line of the page that answers: the
   * current page is marked first, so the wait ends on the new page, not on the same line left by an
   * earlier try.
   */
  private static String signInAndRead(String token) throws Exception {
    browser.eval("(() => { document.body.dataset.answered = 'yes'; return true; })()");
    signIn(token);
    assertThat(
            browser.waitFor(
                "document.body && !document.body.dataset.answered"
                    + " && document.querySelector('p.error') !== null"))
        .as("the form answered %s", token)
        .isTrue();
    return browser.text("p.error");
  }

  /** Sums the exposures and conversions columns of the kpi_scorecard_layout section's table. */
  private static final String KPI_TABLE =
      "(() => { const s = [...document.querySelectorAll('section')]"
          + ".find(x => x.querySelector('h2').textContent === 'kpi_scorecard_layout');"
          + " if (!s) return {}; let exposures = 0, conversions = 0;"
          + " for (const r of s.querySelectorAll('tbody tr')) {"
          + " exposures += Number(r.cells[1].textContent);"
          + " conversions += Number(r.cells[2].textContent); }"
          + " return {exposures, conversions}; })()";
}
