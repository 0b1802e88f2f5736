package dev.abkit.internal.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BoundedRegexTest {
  /** Catastrophic backtracking: about 2^n steps on n a's followed by a mismatch. */
  private static final Pattern EVIL = Pattern.compile("^(a+)+$");

  private static final String CRAFTED = "a".repeat(40) + "!";

  @Test
  void matchesAsJavaRegexDoes_withinTheBudget() {
    BoundedRegex r =
        new BoundedRegex(Pattern.compile("^Mozilla/.*Mobile"), "ua", Duration.ofMillis(10));
    assertThat(r.test("Mozilla/5.0 (iPhone) Mobile/15E148")).isTrue();
    assertThat(r.test("curl/8.0")).isFalse();
    assertThat(new BoundedRegex(EVIL, "x", Duration.ofSeconds(1)).test("aaaa")).isTrue();
  }

  @Test
  @Timeout(10)
  void backtrackingPastTheBudget_isNoMatch_andReturns() {
    BoundedRegex r = new BoundedRegex(EVIL, "attributes.name", Duration.ofMillis(10));
    // Unbounded, this input takes minutes; bounded, each call ends after its budget.
    for (int i = 0; i < 3; i++) {
      assertThat(r.test(CRAFTED)).isFalse();
    }
  }

  @Test
  @Timeout(10)
  void aManifestRegex_onAClientControlledAttribute_isBounded() {
    Condition c = Condition.compile(Map.of("name", Map.of("$regex", "^(a+)+$")));
    assertThat(c.test(Map.of("name", CRAFTED))).isFalse();
    assertThat(c.test(Map.of("name", "aaa"))).isTrue();
  }
}
