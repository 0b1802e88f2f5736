package dev.abkit.analysis;

import java.util.Locale;

/** What a treatment's result means, in the order the analyzer decides it. */
public enum Verdict {
  /** An arm has no units, or the difference has no defined p-value. */
  INSUFFICIENT_DATA,
  /** The exposure split does not match the planned weights: no verdict can be trusted. */
  SRM_MISMATCH,
  /** Significantly higher than control. */
  BETTER,
  /** Significantly lower than control. */
  WORSE,
  /** No significant difference (yet). */
  INCONCLUSIVE;

  /** The JSON spelling, e.g. {@code insufficient_data}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
