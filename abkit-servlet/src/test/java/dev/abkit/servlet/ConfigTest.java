package dev.abkit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  void defaults_eventAndDisabledResultsEndpointsNoExposures() {
    AbKitServlets.Config c = AbKitServlets.Config.builder().build();
    assertThat(c.eventsPath()).isEqualTo("/abkit/events");
    assertThat(c.resultsPath()).isEqualTo("/abkit/results");
    assertThat(c.resultsToken()).isNull();
    assertThat(c.exposures()).isEmpty();
    assertThat(c.maxBodyBytes()).isEqualTo(65536);
    assertThat(c.maxBatchSize()).isEqualTo(100);
    assertThat(c.maxClockSkew()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.maxEventAge()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void exposure_mergesRoutesAndKeepsOrder() {
    AbKitServlets.Config c =
        AbKitServlets.Config.builder()
            .exposure("/api/dashboard", "b", "a")
            .exposure("/api/*", "c")
            .exposure("/api/dashboard", "a", "d")
            .build();
    assertThat(c.exposures())
        .containsExactly(
            java.util.Map.entry("/api/dashboard", List.of("b", "a", "d")),
            java.util.Map.entry("/api/*", List.of("c")));
  }

  @Test
  void setters_rejectBadValuesNamingTheSetting() {
    AbKitServlets.Config.Builder b = AbKitServlets.Config.builder();
    assertThatThrownBy(() -> b.exposure("api/x", "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("exposure: url pattern must be /exact, /prefix/* or *.ext, was \"api/x\"");
    assertThatThrownBy(() -> b.exposure("/a/*/b", "a")).hasMessageStartingWith("exposure: url");
    assertThatThrownBy(() -> b.exposure("/x", "bad id"))
        .hasMessage("exposure: experiment id must match [A-Za-z0-9_.-]{1,64}, was \"bad id\"");
    assertThatThrownBy(() -> b.exposure("/x", List.of()))
        .hasMessage("exposure: route /x needs at least one experiment id");
    assertThatThrownBy(() -> b.eventsPath("/events/*")).hasMessageStartingWith("eventsPath must");
    assertThatThrownBy(() -> b.eventsPath("events")).hasMessageStartingWith("eventsPath must");
    assertThatThrownBy(() -> b.resultsPath("/r.html")).hasMessageStartingWith("resultsPath: give");
    assertThatThrownBy(() -> b.resultsToken("short"))
        .hasMessage("resultsToken: must be at least 16 characters, was 5");
    assertThatThrownBy(() -> b.maxBodyBytes(10)).hasMessageStartingWith("maxBodyBytes must");
    assertThatThrownBy(() -> b.maxBatchSize(0)).hasMessageStartingWith("maxBatchSize must");
    assertThatThrownBy(() -> b.maxClockSkew(Duration.ofDays(2)))
        .hasMessageStartingWith("maxClockSkew must");
    assertThatThrownBy(() -> b.maxEventAge(Duration.ZERO)).hasMessageStartingWith("maxEventAge");
  }

  /** A setting given twice is refused naming the first value; the token is never shown. */
  @Test
  void setters_givenTwice_refusedNamingTheFirstValue() {
    AbKitServlets.Config.Builder b =
        AbKitServlets.Config.builder()
            .eventsPath("/events")
            .maxBatchSize(10)
            .resultsToken("a-secret-token-of-length")
            .exposure("/a", "x")
            .exposure("/a", "y");
    assertThatThrownBy(() -> b.eventsPath("/other"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("eventsPath was already set to /events");
    assertThatThrownBy(() -> b.noEventsEndpoint())
        .hasMessage("eventsPath was already set to /events");
    assertThatThrownBy(() -> b.maxBatchSize(20)).hasMessage("maxBatchSize was already set to 10");
    assertThatThrownBy(() -> b.resultsToken("another-token-of-length"))
        .hasMessage("resultsToken was already set to a token");
    assertThat(b.build().exposures()).containsEntry("/a", List.of("x", "y"));
  }

  @Test
  void build_sameEventAndResultsPath_rejected() {
    assertThatThrownBy(
            () -> AbKitServlets.Config.builder().eventsPath("/x").resultsPath("/x").build())
        .hasMessage("eventsPath and resultsPath must differ, both were /x");
  }
}
