package dev.abkit.manifest;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One metric of an experiment: its {@code target_event} or a {@code metrics} entry (DESIGN.md
 * section 10). A manifest string is shorthand for a {@link Type#CONVERSION} of that event that
 * keeps 0.1's meaning ({@link #shorthand()}).
 *
 * @param name the metric's id in results (the event name unless set)
 * @param event the event name; {@code null} only for {@link Type#RATIO}
 * @param type what is measured per unit
 * @param numerator for {@link Type#RATIO}: the numerator's event name, else {@code null}
 * @param denominator for {@link Type#RATIO}: the denominator's event name, else {@code null}
 * @param delay events count from {@code first exposure + delay} (zero or positive)
 * @param window events count until {@code first exposure + window} (exclusive; positive), or {@code
 *     null} for no window: until the experiment's end
 * @param cap how each unit's value is capped, or {@code null}
 * @param direction which way is better
 * @param role goal, secondary or guardrail
 * @param shorthand given as a plain event name: a secondary one is compared on the mean of its
 *     per-unit value sums (an event without value counting 1), as abkit 0.1 did, the goal on its
 *     conversion rate
 */
public record Metric(
    String name,
    @Nullable String event,
    Type type,
    @Nullable String numerator,
    @Nullable String denominator,
    Duration delay,
    @Nullable Duration window,
    @Nullable Cap cap,
    Direction direction,
    Role role,
    boolean shorthand) {

  public Metric {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(role, "role");
    if (type == Type.RATIO) {
      if (numerator == null || denominator == null) {
        throw new IllegalArgumentException(
            "ratio metric " + name + " needs numerator and denominator");
      }
    } else if (event == null) {
      throw new IllegalArgumentException(type.jsonName() + " metric " + name + " needs an event");
    }
    if (delay.isNegative()) {
      throw new IllegalArgumentException(
          "delay of " + name + " must not be negative, was " + delay);
    }
    if (window != null && (window.isNegative() || window.isZero())) {
      throw new IllegalArgumentException("window of " + name + " must be positive, was " + window);
    }
  }

  /** The shorthand of a manifest string: this event's conversion, with 0.1's meaning. */
  public static Metric of(String event, Role role) {
    return new Metric(
        event,
        event,
        Type.CONVERSION,
        null,
        null,
        Duration.ZERO,
        null,
        null,
        Direction.INCREASE,
        role,
        true);
  }

  /** What is measured per unit (DESIGN.md section 10). */
  public enum Type {
    /** Did it at least once: a proportion. */
    CONVERSION("conversion"),
    /** Events per unit, whatever their values. */
    COUNT("count"),
    /** The sum of {@code value} per unit; an event without value adds 0. */
    SUM("sum"),
    /** The numerator's per-unit sum over the denominator's (delta method). */
    RATIO("ratio");

    private final String jsonName;

    Type(String jsonName) {
      this.jsonName = jsonName;
    }

    /** The manifest and results spelling. */
    public String jsonName() {
      return jsonName;
    }
  }

  /** Which way is better. */
  public enum Direction {
    INCREASE("increase"),
    DECREASE("decrease");

    private final String jsonName;

    Direction(String jsonName) {
      this.jsonName = jsonName;
    }

    /** The manifest and results spelling. */
    public String jsonName() {
      return jsonName;
    }
  }

  /** The metric's part in the decision. */
  public enum Role {
    /** The target event: its verdict is the experiment's. */
    GOAL("goal"),
    SECONDARY("secondary"),
    /** Must not get significantly worse; not corrected for multiple testing. */
    GUARDRAIL("guardrail");

    private final String jsonName;

    Role(String jsonName) {
      this.jsonName = jsonName;
    }

    /** The manifest and results spelling. */
    public String jsonName() {
      return jsonName;
    }
  }

  /**
   * A cap on each unit's value: a fixed {@code value}, or the {@code percentile} (in (0,1)) of all
   * exposed units' values. Exactly one is set.
   */
  public record Cap(@Nullable Double value, @Nullable Double percentile) {
    public Cap {
      if ((value == null) == (percentile == null)) {
        throw new IllegalArgumentException("a cap has exactly one of value and percentile");
      }
      if (value != null && !(value > 0 && Double.isFinite(value))) {
        throw new IllegalArgumentException("cap value must be a positive number, was " + value);
      }
      if (percentile != null && !(percentile > 0 && percentile < 1)) {
        throw new IllegalArgumentException("cap percentile must be in (0,1), was " + percentile);
      }
    }
  }
}
