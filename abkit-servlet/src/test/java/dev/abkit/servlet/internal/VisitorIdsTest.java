package dev.abkit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class VisitorIdsTest {

  @Test
  void next_is22UrlSafeCharactersAndValid() {
    VisitorIds ids = new VisitorIds();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = ids.next();
      assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]{22}");
      assertThat(VisitorIds.isValid(id)).isTrue();
      seen.add(id);
    }
    assertThat(seen).hasSize(1000);
  }

  @Property
  void isValid_acceptsExactlyTheEncodingsOf16Bytes(@ForAll @Size(16) byte[] bytes) {
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    assertThat(VisitorIds.isValid(id)).isTrue();
    assertThat(Base64.getUrlDecoder().decode(id)).isEqualTo(bytes);
  }

  @Property
  void isValid_rejectsEveryNonCanonicalLastCharacter(@ForAll @Size(16) byte[] bytes) {
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (char c : alphabet.toCharArray()) {
      String other = id.substring(0, 21) + c;
      assertThat(VisitorIds.isValid(other)).isEqualTo("AQgw".indexOf(c) >= 0);
    }
  }

  @Test
  void isValid_rejectsMalformedValues() {
    String good = new VisitorIds(new Random(1)).next();
    assertThat(VisitorIds.isValid(good)).isTrue();
    assertThat(VisitorIds.isValid(null)).isFalse();
    assertThat(VisitorIds.isValid("")).isFalse();
    assertThat(VisitorIds.isValid(good.substring(1))).isFalse();
    assertThat(VisitorIds.isValid(good + "A")).isFalse();
    assertThat(VisitorIds.isValid(good + "==")).isFalse();
    assertThat(VisitorIds.isValid(good.substring(0, 10) + "+" + good.substring(11))).isFalse();
    assertThat(VisitorIds.isValid(good.substring(0, 10) + "/" + good.substring(11))).isFalse();
    assertThat(VisitorIds.isValid("<script>alert(1)</scr")).isFalse();
    assertThat(VisitorIds.isValid("\u00e9".repeat(22))).isFalse();
  }
}
