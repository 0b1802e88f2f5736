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
 * @param pairing a second per-unit value to sum with this one ({@link PairedData}), or {@code null}
 * @param cap a cap on each unit's value (and on the paired value), or {@code null}
 */
public record MetricQuery(
    String name,
    String event,
    Amount amount,
    Duration delay,
    @Nullable Duration window,
    @Nullable Pairing pairing,
    @Nullable Cap cap) {

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

  /** A metric without pairing or cap. */
  public MetricQuery(
      String name, String event, Amount amount, Duration delay, @Nullable Duration window) {
    this(name, event, amount, delay, window, null, null);
  }

  /** A metric without cap. */
  public MetricQuery(
      String name,
      String event,
      Amount amount,
      Duration delay,
      @Nullable Duration window,
      @Nullable Pairing pairing) {
    this(name, event, amount, delay, window, pairing, null);
  }

  /**
   * A cap on each unit's value (winsorization): every unit's value above it counts as the cap. The
   * store reports the cap it applied in {@link ExperimentData#cappedAt()}.
   */
  public sealed interface Cap {}

  /**
   * A fixed cap.
   *
   * @param value the largest value a unit counts with
   */
  public record CapAt(double value) implements Cap {
    public CapAt {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("cap must be a finite number, was " + value);
      }
    }
  }

  /**
   * A cap at a percentile of the values of all units exposed to the experiment (a unit without a
   * counted event has value 0), interpolated linearly between ranks as SQL's {@code
   * percentile_cont}.
   *
   * @param percentile in (0, 1)
   */
  public record CapPercentile(double percentile) implements Cap {
    public CapPercentile {
      if (!(percentile > 0 && percentile < 1)) {
        throw new IllegalArgumentException("cap percentile must be in (0,1), was " + percentile);
      }
    }
  }

  /** Every event of {@code event} from the first exposure on, each adding its value or 1. */
  public static MetricQuery of(String event) {
    return new MetricQuery(event, event, Amount.VALUE_OR_ONE, Duration.ZERO, null);
  }

  /** The second per-unit value a metric's value is summed with ({@link PairedData}'s {@code x}). */
  public sealed interface Pairing {}

  /**
   * A ratio's denominator: the unit's events of {@code event} that count under the same delay,
   * window and end as the metric's own, each adding its {@code amount}.
   *
   * @param event the denominator's event name
   * @param amount what one of its events adds
   */
  public record Denominator(String event, Amount amount) implements Pairing {
    public Denominator {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(amount, "amount");
    }
  }

  /**
   * CUPED's covariate: the unit's events of the metric's own event in {@code [first exposure −
   * length, first exposure)}, each adding the metric's amount (without its delay or window).
   *
   * @param length the pre-period, positive
   * @param indicator whether both values are 0/1 per unit (did it at least once), for a conversion
   *     metric, instead of the sums of the events' amounts
   */
  public record PrePeriod(Duration length, boolean indicator) implements Pairing {
    public PrePeriod {
      if (length.isNegative() || length.isZero()) {
        throw new IllegalArgumentException("pre-period must be positive, was " + length);
      }
    }
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
