package dev.abkit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SessionCookieTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private final SessionCookie sessions = new SessionCookie("results-token-0123456789abcdef");

  @Test
  void issuedSession_validUntilItsLifetimeEnds() {
    String value = sessions.issue(NOW);
    assertThat(sessions.expiry(value, NOW)).isEqualTo(NOW.plus(SessionCookie.LIFETIME));
    assertThat(sessions.expiry(value, NOW.plus(SessionCookie.LIFETIME).minusSeconds(1)))
        .isNotNull();
    assertThat(sessions.expiry(value, NOW.plus(SessionCookie.LIFETIME))).isNull();
  }

  @Test
  void everySessionIsDifferent() {
    assertThat(sessions.issue(NOW)).isNotEqualTo(sessions.issue(NOW));
  }

  @Test
  void tamperedMalformedOrOtherTokens_sessionsRefused() {
    String value = sessions.issue(NOW);
    byte[] raw = Base64.getUrlDecoder().decode(value);
    raw[3] ^= 1; // a later expiry, say
    String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    assertThat(sessions.expiry(tampered, NOW)).isNull();
    assertThat(sessions.expiry("", NOW)).isNull();
    assertThat(sessions.expiry("not base64 !", NOW)).isNull();
    assertThat(sessions.expiry(value.substring(1), NOW)).isNull();
    assertThat(new SessionCookie("another-token-0123456789abcdef").expiry(value, NOW)).isNull();
  }
}
