package dev.abkit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignInLimiterTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private final SignInLimiter limiter = new SignInLimiter();

  @Test
  void limitsAClientAfterTooManyFailures_untilTheWindowEnds() {
    for (int i = 0; i < SignInLimiter.FAILURES; i++) {
      assertThat(limiter.wait("10.0.0.1", NOW)).isZero();
      limiter.failed("10.0.0.1", NOW.plusSeconds(i));
    }
    assertThat(limiter.wait("10.0.0.1", NOW.plusSeconds(10)))
        .isEqualTo(SignInLimiter.WINDOW.minusSeconds(10));
    assertThat(limiter.wait("10.0.0.2", NOW.plusSeconds(10))).isZero();
    assertThat(limiter.wait("10.0.0.1", NOW.plus(SignInLimiter.WINDOW))).isZero();
  }

  @Test
  void aNewWindowStartsTheCountAgain() {
    for (int i = 0; i < SignInLimiter.FAILURES - 1; i++) {
      limiter.failed("10.0.0.1", NOW);
    }
    Instant later = NOW.plus(SignInLimiter.WINDOW).plus(Duration.ofSeconds(1));
    limiter.failed("10.0.0.1", later);
    assertThat(limiter.wait("10.0.0.1", later)).isZero();
  }
}
