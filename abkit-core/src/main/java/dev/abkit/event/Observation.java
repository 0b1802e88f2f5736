package dev.abkit.event;

import java.time.Instant;

/** A record the pipeline carries to a store: an {@link Exposure} or an {@link Event}. */
public sealed interface Observation permits Exposure, Event {
  /** The unit it is about. */
  String unit();

  /** When it happened. */
  Instant time();
}
