package dev.abkit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class BearerTokenTest {
  private static final String TOKEN = "s3cr3t-token_0123456789";

  @Test
  void matches_sameTokenAnyCaseScheme_true() {
    BearerToken t = new BearerToken(TOKEN);
    assertThat(t.matches("Bearer " + TOKEN)).isTrue();
    assertThat(t.matches("bearer " + TOKEN)).isTrue();
    assertThat(t.matches("BEARER " + TOKEN + " ")).isTrue();
  }

  @Test
  void matches_otherTokensOrSchemes_false() {
    BearerToken t = new BearerToken(TOKEN);
    assertThat(t.matches(null)).isFalse();
    assertThat(t.matches("")).isFalse();
    assertThat(t.matches("Bearer")).isFalse();
    assertThat(t.matches("Bearer ")).isFalse();
    assertThat(t.matches(TOKEN)).isFalse();
    assertThat(t.matches("Basic " + TOKEN)).isFalse();
    assertThat(t.matches("Bearer " + TOKEN + "x")).isFalse();
    assertThat(t.matches("Bearer " + TOKEN.substring(1))).isFalse();
    assertThat(t.matches("Bearer " + TOKEN.toUpperCase(Locale.ROOT))).isFalse();
  }

  @Test
  void constructor_weakOrMalformedToken_rejectedWithReason() {
    assertThatThrownBy(() -> new BearerToken("short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("results token: must be at least 16 characters, was 5");
    assertThatThrownBy(() -> new BearerToken("has a space in it!!"))
        .hasMessageContaining("bad character at index 3");
    assertThat(BearerToken.problem("abcdefghijklmnop==")).isNull();
    assertThat(BearerToken.problem("abcdefghijklmnop=x")).contains("index 17");
  }
}
