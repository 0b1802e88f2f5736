package dev.abkit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaTypesTest {

  @Test
  void isJson_applicationJsonWithOrWithoutUtf8_true() {
    assertThat(MediaTypes.isJson("application/json")).isTrue();
    assertThat(MediaTypes.isJson("Application/JSON")).isTrue();
    assertThat(MediaTypes.isJson("application/json; charset=utf-8")).isTrue();
    assertThat(MediaTypes.isJson("application/json;charset=\"UTF-8\"")).isTrue();
  }

  @Test
  void isJson_otherTypesOrCharsets_false() {
    assertThat(MediaTypes.isJson(null)).isFalse();
    assertThat(MediaTypes.isJson("text/plain")).isFalse();
    assertThat(MediaTypes.isJson("application/x-www-form-urlencoded")).isFalse();
    assertThat(MediaTypes.isJson("application/jsonx")).isFalse();
    assertThat(MediaTypes.isJson("application/json; charset=iso-8859-1")).isFalse();
  }

  @Test
  void prefersHtml_browserAccept_true() {
    assertThat(
            MediaTypes.prefersHtml(
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"))
        .isTrue();
    assertThat(MediaTypes.prefersHtml("text/html")).isTrue();
    assertThat(MediaTypes.prefersHtml("application/json;q=0.5, text/html")).isTrue();
  }

  @Test
  void prefersHtml_apiClients_false() {
    assertThat(MediaTypes.prefersHtml(null)).isFalse();
    assertThat(MediaTypes.prefersHtml("*/*")).isFalse();
    assertThat(MediaTypes.prefersHtml("application/json")).isFalse();
    assertThat(MediaTypes.prefersHtml("text/html;q=0.5, application/json")).isFalse();
    assertThat(MediaTypes.prefersHtml("text/html, application/json")).isFalse();
    assertThat(MediaTypes.prefersHtml("text/html;q=0")).isFalse();
  }

  @Test
  void prefersPlainText_onlyWhenRankedAboveJsonAndHtml() {
    assertThat(MediaTypes.prefersPlainText("text/plain")).isTrue();
    assertThat(MediaTypes.prefersPlainText("text/plain, */*;q=0.1")).isTrue();
    assertThat(MediaTypes.prefersPlainText(null)).isFalse();
    assertThat(MediaTypes.prefersPlainText("*/*")).isFalse();
    assertThat(MediaTypes.prefersPlainText("text/plain, application/json")).isFalse();
    assertThat(MediaTypes.prefersPlainText("text/plain;q=0.5, text/html")).isFalse();
    assertThat(MediaTypes.prefersPlainText("text/plain;q=0")).isFalse();
  }
}
