package dev.abkit.spi;

import java.time.LocalDate;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One cell of an experiment's timeline ({@link EventStore#readDaily}): how many units of a variant
 * were first exposed on one UTC day and first did the metric (an event that counts, DESIGN.md
 * section 9) on another, or never. Summing cells gives the cumulative exposures and conversions of
 * every day.
 *
 * @param variant the variant key
 * @param exposureDay the UTC day of the units' first exposure
 * @param conversionDay the UTC day of their first counted event, or {@code null} for none
 * @param units how many units
 */
public record DailyData(
    String variant, LocalDate exposureDay, @Nullable LocalDate conversionDay, long units) {
  public DailyData {
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(exposureDay, "exposureDay");
    if (units < 0) {
      throw new IllegalArgumentException("units must be >= 0, was " + units);
    }
  }
}
