package dev.abkit.spi;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One metric to read back: which events count for a unit and what each adds to the unit's value
 * (DESIGN.md section 9). An event of {@code event} counts for an exposed unit when {@code first
 * exposure + delay <= event time < first exposure + window}, and before the query's end.
 *
 * @param name the key of its {@link MetricData} in {@link VariantData#metrics()}
 * @param event the event name
 * @param amount what one counted event adds to its unit's value
 * @param delay zero or positive
 * @param window positive, or {@code null} for no window
 */
public record MetricQuery(
    String name, String event, Amount amount, Duration delay, @Nullable Duration window) {

  public MetricQuery {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + delay);
    }
    if (window != null && (window.isNegative() || window.isZero())) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
  }

  /** Every event of {@code event} from the first exposure on, each adding its value or 1. */
  public static MetricQuery of(String event) {
    return new MetricQuery(event, event, Amount.VALUE_OR_ONE, Duration.ZERO, null);
  }

  /** What one counted event adds to its unit's value. */
  public enum Amount {
    /** Its value, or 1 without one (a plain event counts). */
    VALUE_OR_ONE,
    /** 1, whatever its value. */
    ONE,
    /** Its value, or nothing without one (a missing value is missing). */
    VALUE_OR_ZERO;

    /** The amount of an event with this value ({@code null}: none). */
    public double of(@Nullable Double value) {
      return switch (this) {
        case VALUE_OR_ONE -> value == null ? 1 : value;
        case ONE -> 1;
        case VALUE_OR_ZERO -> value == null ? 0 : value;
      };
    }
  }
}
