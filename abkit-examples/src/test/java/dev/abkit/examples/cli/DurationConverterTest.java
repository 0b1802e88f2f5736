package dev.abkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @Test
  void convert_unitsAndIso_parse() {
    assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(converter.convert("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void convert_garbage_namesTheValueAndTheAcceptedForms() {
    for (String bad : new String[] {"", "s", "30", "30x", "-", "PTx"}) {
      assertThatThrownBy(() -> converter.convert(bad))
          .isInstanceOf(TypeConversionException.class)
          .hasMessageContaining("'" + bad + "' is not a duration: use e.g. 30s");
    }
  }
}
