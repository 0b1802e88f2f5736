package dev.abkit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestAttributesTest {
  private static final String IPHONE =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148";
  private static final String IPAD =
      "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148";
  private static final String ANDROID_PHONE =
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36";
  private static final String ANDROID_TABLET =
      "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 Chrome/120 Safari/537.36";
  private static final String WINDOWS =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36";
  private static final String MAC =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari";
  private static final String LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Firefox/120.0";
  private static final String CHROMEOS =
      "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 Chrome/120 Safari/537.36";

  @Test
  void platformAndDevice_commonUserAgents() {
    assertThat(RequestAttributes.platform(IPHONE)).isEqualTo("ios");
    assertThat(RequestAttributes.device(IPHONE)).isEqualTo("mobile");
    assertThat(RequestAttributes.platform(IPAD)).isEqualTo("ios");
    assertThat(RequestAttributes.device(IPAD)).isEqualTo("tablet");
    assertThat(RequestAttributes.platform(ANDROID_PHONE)).isEqualTo("android");
    assertThat(RequestAttributes.device(ANDROID_PHONE)).isEqualTo("mobile");
    assertThat(RequestAttributes.device(ANDROID_TABLET)).isEqualTo("tablet");
    assertThat(RequestAttributes.platform(WINDOWS)).isEqualTo("windows");
    assertThat(RequestAttributes.device(WINDOWS)).isEqualTo("desktop");
    assertThat(RequestAttributes.platform(MAC)).isEqualTo("macos");
    assertThat(RequestAttributes.platform(LINUX)).isEqualTo("linux");
    assertThat(RequestAttributes.platform(CHROMEOS)).isEqualTo("chromeos");
    assertThat(RequestAttributes.platform("curl/8.0")).isEqualTo("other");
    assertThat(RequestAttributes.device("curl/8.0")).isEqualTo("desktop");
  }

  @Test
  void language_firstEntryPrimarySubtag() {
    assertThat(RequestAttributes.language("en-GB,en;q=0.8")).isEqualTo("en");
    assertThat(RequestAttributes.language("DE")).isEqualTo("de");
    assertThat(RequestAttributes.language("fr;q=0.9")).isEqualTo("fr");
    assertThat(RequestAttributes.language(null)).isNull();
    assertThat(RequestAttributes.language("*")).isNull();
    assertThat(RequestAttributes.language("en1")).isNull();
    assertThat(RequestAttributes.language("abcdefghij")).isNull();
  }
}
