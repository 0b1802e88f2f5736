package dev.abkit.analysis;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One experiment's results broken down by the values of a dimension (the results JSON's {@code
 * "by_dimension"}, DESIGN.md section 10): every metric analysed again over the units of each value
 * alone. Exploratory: no correction for testing many segments, so a significant segment is a lead
 * to follow, not a finding.
 *
 * @param dimension the unit attribute, one of the experiment's {@code dimensions}
 * @param segments one per value among the exposed units, ordered by value, units without the
 *     attribute last (value {@code null})
 */
public record Breakdown(String dimension, List<Segment> segments) {
  public Breakdown {
    Objects.requireNonNull(dimension, "dimension");
    segments = List.copyOf(segments);
  }

  /**
   * The results of the units with one value.
   *
   * @param value the attribute's value, or {@code null} for units exposed without it
   * @param variants the goal's results per variant, as {@link ExperimentResult#variants()}
   * @param metrics the further metrics, as {@link ExperimentResult#metrics()}
   */
  public record Segment(
      @Nullable String value, List<VariantResult> variants, List<MetricResult> metrics) {
    public Segment {
      variants = List.copyOf(variants);
      metrics = List.copyOf(metrics);
    }
  }
}
