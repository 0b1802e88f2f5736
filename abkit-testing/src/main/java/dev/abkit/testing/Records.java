package dev.abkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.VariantData;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The records the event store contract writes, and the checks on what it reads back. */
final class Records {
  static final String EXP = "exp";
  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private Records() {}

  /** An exposure to {@link #EXP}, {@code second}s after {@link #T0}. */
  static Exposure exposure(String unit, String variant, int second) {
    return new Exposure(unit, EXP, variant, T0.plusSeconds(second));
  }

  /**
   * An exposure to {@link #EXP}, {@code second}s after {@link #T0}, with attribute {@code platform}
   * (none when {@code null}).
   */
  static Exposure exposure(String unit, String variant, int second, String platform) {
    return new Exposure(
        unit,
        EXP,
        variant,
        T0.plusSeconds(second),
        platform == null ? Map.of() : Map.of("platform", platform));
  }

  /** An event without properties, {@code second}s after {@link #T0}. */
  static Event event(String id, String unit, String name, int second, Double value) {
    return new Event(id, unit, name, T0.plusSeconds(second), value, Map.of());
  }

  /** The variant {@code key} of {@code data}, failing the test (showing the data) when absent. */
  static VariantData variant(ExperimentData data, String key) {
    Optional<VariantData> v = data.variant(key);
    assertThat(v).as("variant %s of %s in %s", key, data.experiment(), data).isPresent();
    return v.orElseThrow();
  }

  /** Sums may come from SQL or another language: equal to the last bits is not required. */
  static void assertMetric(MetricData m, long units, double sum, double squares) {
    assertThat(m.units()).as("units in %s", m).isEqualTo(units);
    assertThat(m.sum())
        .as("sum in %s", m)
        .isCloseTo(sum, within(1e-9 * Math.max(1, Math.abs(sum))));
    assertThat(m.sumSquares())
        .as("sum of squares in %s", m)
        .isCloseTo(squares, within(1e-9 * Math.max(1, squares)));
  }
}
