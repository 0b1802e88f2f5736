package dev.abkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AttributeTest {
  @Test
  void parse_scalars_areTypedAsJsonWouldTypeThem() {
    assertThat(Attribute.parse("beta=true").value()).isEqualTo(true);
    assertThat(Attribute.parse("beta=false").value()).isEqualTo(false);
    assertThat(Attribute.parse("gone=null").value()).isNull();
    assertThat(Attribute.parse("age=42").value()).isEqualTo(42L);
    assertThat(Attribute.parse("delta=-7").value()).isEqualTo(-7L);
    assertThat(Attribute.parse("score=1.5").value()).isEqualTo(1.5);
    assertThat(Attribute.parse("big=2e3").value()).isEqualTo(2000.0);
    assertThat(Attribute.parse("huge=123456789012345678901234").value())
        .isEqualTo(1.2345678901234568e23);
  }

  @ParameterizedTest
  @CsvSource({
    "platform=ios,ios",
    "app_version=1.2.0,1.2.0",
    "code=007,007",
    "name=,''",
    "expr=a=b,a=b",
    "flag=True,True"
  })
  void parse_otherText_staysAString(String arg, String expected) {
    assertThat(Attribute.parse(arg).value()).isEqualTo(expected);
  }

  @Test
  void parse_keyIsTextBeforeTheFirstEquals() {
    assertThat(Attribute.parse("expr=a=b").key()).isEqualTo("expr");
  }

  @Test
  void parse_jsonValues_forceStringsAndAllowListsAndObjects() {
    assertThat(Attribute.parse("v=\"1.0\"").value()).isEqualTo("1.0");
    assertThat(Attribute.parse("tags=[\"a\",\"b\"]").value()).isEqualTo(List.of("a", "b"));
    assertThat(Attribute.parse("geo={\"country\":\"FR\"}").value())
        .isEqualTo(Map.of("country", "FR"));
  }

  @Test
  void parse_malformed_namesTheProblem() {
    assertThatThrownBy(() -> Attribute.parse("platform"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected KEY=VALUE, was 'platform'");
    assertThatThrownBy(() -> Attribute.parse("=ios")).hasMessage("expected KEY=VALUE, was '=ios'");
    assertThatThrownBy(() -> Attribute.parse("tags=[1,"))
        .hasMessageStartingWith("value is not valid JSON");
  }
}
