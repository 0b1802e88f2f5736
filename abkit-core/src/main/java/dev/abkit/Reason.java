package dev.abkit;

/**
 * Why an {@link Assignment} came out the way it did. {@link #enrolled()} tells whether the unit is
 * in the experiment; every other reason means "not enrolled, serve control".
 */
public enum Reason {
  /** Enrolled: the hash fell in a variant's range. */
  HASHED(true),
  /** Enrolled: a sticky assignment stored earlier was reused. */
  STICKY(true),
  /** Enrolled: forced by the manifest's {@code overrides} or a test's forced variant. */
  OVERRIDE(true),
  /** No experiment with that id in the manifest. */
  UNKNOWN_EXPERIMENT(false),
  /** The experiment's status is draft, paused or stopped. */
  NOT_RUNNING(false),
  /** Now is before {@code start_at} or at/after {@code end_at}. */
  OUTSIDE_WINDOW(false),
  /** The unit's attributes do not match the experiment's {@code targeting}. */
  TARGETING_MISMATCH(false),
  /** Another experiment of the unit's exclusion group owns this unit. */
  EXCLUSION_GROUP(false),
  /** The hash fell outside every variant's range ({@code traffic} below 1, or explicit ranges). */
  NOT_IN_TRAFFIC(false),
  /** The unit id was unusable (null or blank). */
  INVALID_UNIT(false),
  /** Something failed inside abkit; the failure was logged and control is served. */
  ERROR(false);

  private final boolean enrolled;

  Reason(boolean enrolled) {
    this.enrolled = enrolled;
  }

  /** Whether a unit with this reason is in the experiment. */
  public boolean enrolled() {
    return enrolled;
  }
}
