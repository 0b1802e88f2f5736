package dev.abkit.analysis;

import java.util.Locale;

/** What a treatment's result means, in the order the analyzer decides it. */
public enum Verdict {
  /** An arm has no units, or the difference has no defined p-value. */
  INSUFFICIENT_DATA,
  /** The exposure split does not match the planned weights: no verdict can be trusted. */
  SRM_MISMATCH,
  /** Significantly better than control, in the metric's direction. */
  BETTER,
  /** Significantly worse than control, in the metric's direction. */
  WORSE,
  /** No significant difference (yet). */
  INCONCLUSIVE,
  /**
   * Significantly better on the goal, but a guardrail metric got significantly worse for this
   * treatment: not a win.
   */
  GUARDRAIL_VIOLATION;

  /** The JSON spelling, e.g. {@code insufficient_data}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
