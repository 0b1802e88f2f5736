package dev.abkit.analysis;

/**
 * What the counting left out of an experiment's results (DESIGN.md sections 9 and 10): nothing is
 * skipped silently.
 *
 * @param multipleExposures units exposed to more than one variant, excluded from every metric and
 *     the SRM check
 * @param skippedRecords records the store's reader skipped (malformed lines, values of the wrong
 *     type), counted over the whole store, so the same number can appear in each experiment
 * @param unknownVariantExposures units exposed to a variant the manifest does not have
 */
public record DataQuality(
    long multipleExposures, long skippedRecords, long unknownVariantExposures) {
  /** Nothing left out. */
  public static final DataQuality CLEAN = new DataQuality(0, 0, 0);

  public DataQuality {
    if (multipleExposures < 0 || skippedRecords < 0 || unknownVariantExposures < 0) {
      throw new IllegalArgumentException("counts must be >= 0");
    }
  }

  /** Whether anything was left out: the table and the page then show a warning. */
  public boolean anyLeftOut() {
    return multipleExposures > 0 || skippedRecords > 0 || unknownVariantExposures > 0;
  }
}
