package dev.abkit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VisitorIdSignerTest {
  private static final String OLD = "old-secret-0123456789abcdefghijklmnop";
  private static final String NEW = "new-secret-0123456789abcdefghijklmnop";
  private final String id = new VisitorIds().next();

  @Test
  void signedIds_verifyWithTheirSecret() {
    VisitorIdSigner signer = new VisitorIdSigner(NEW, List.of());
    String value = signer.sign(id);
    assertThat(value).hasSize(VisitorIdSigner.SIGNED_LENGTH).startsWith(id + ".");
    assertThat(signer.verify(value)).isEqualTo(VisitorIdSigner.Verdict.CURRENT);
  }

  @Test
  void idsSignedWithAPreviousSecret_stillValid_untilItIsDropped() {
    String old = new VisitorIdSigner(OLD, List.of()).sign(id);
    assertThat(new VisitorIdSigner(NEW, List.of(OLD)).verify(old))
        .isEqualTo(VisitorIdSigner.Verdict.PREVIOUS);
    assertThat(new VisitorIdSigner(NEW, List.of()).verify(old))
        .isEqualTo(VisitorIdSigner.Verdict.INVALID);
  }

  @Test
  void unsignedChosenOrTamperedValues_invalid() {
    VisitorIdSigner signer = new VisitorIdSigner(NEW, List.of());
    String value = signer.sign(id);
    String otherId = new VisitorIds().next();
    assertThat(signer.verify(id)).isEqualTo(VisitorIdSigner.Verdict.INVALID);
    assertThat(signer.verify(otherId + value.substring(VisitorIds.LENGTH)))
        .isEqualTo(VisitorIdSigner.Verdict.INVALID);
    char last = value.charAt(value.length() - 1);
    assertThat(signer.verify(value.substring(0, value.length() - 1) + (last == 'A' ? 'B' : 'A')))
        .isEqualTo(VisitorIdSigner.Verdict.INVALID);
    assertThat(signer.verify(value + "A")).isEqualTo(VisitorIdSigner.Verdict.INVALID);
    assertThat(signer.verify(null)).isEqualTo(VisitorIdSigner.Verdict.INVALID);
  }

  @Test
  void shortSecrets_refusedNamingWhich() {
    assertThatThrownBy(() -> new VisitorIdSigner("short", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("visitor secret must be at least 32 characters, was 5");
    assertThatThrownBy(() -> new VisitorIdSigner(NEW, List.of("tiny")))
        .hasMessage("previous visitor secret 1 must be at least 32 characters, was 4");
  }
}
