package dev.abkit.analysis;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The goal over time (DESIGN.md section 10, {@code "timeseries"}): for each UTC day from the first
 * exposure on, every variant's exposures and conversions so far (cumulative, units exposed to one
 * variant only) and each treatment's lift on the conversion rate with its interval (the confidence
 * sequence when the experiment is sequential), as they stood at the end of that day.
 *
 * @param days one per UTC day, in order, without gaps
 */
public record Timeseries(List<Day> days) {
  public Timeseries {
    days = List.copyOf(days);
  }

  /**
   * One day.
   *
   * @param date the UTC day
   * @param variants every variant, manifest order, control first: figures as of the day's end
   */
  public record Day(LocalDate date, List<VariantResult> variants) {
    public Day {
      Objects.requireNonNull(date, "date");
      variants = List.copyOf(variants);
    }
  }
}
