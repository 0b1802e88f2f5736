package dev.abkit.manifest;

import java.util.Locale;

/** An experiment's lifecycle state. Only {@link #RUNNING} enrolls units. */
public enum Status {
  DRAFT,
  RUNNING,
  PAUSED,
  STOPPED;

  /** The manifest spelling: {@code draft}, {@code running}, {@code paused}, {@code stopped}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
