package dev.abkit.spi;

import dev.abkit.event.Observation;
import java.util.List;
import java.util.Optional;

/**
 * Where exposures and events end up. {@link #write} is called only from abkit's single writer
 * thread, never from a request thread, so it may block on I/O. The other methods run elsewhere:
 * {@link #ping} on a background probe thread, {@link #read} on whatever thread asks for results
 * ({@code AbKit.results}, which may well be a request thread, as in the servlet module's results
 * page), and {@link #close} on the thread that closes abkit. So {@code read} and {@code ping} may
 * run concurrently with {@code write}, and an implementation must allow that.
 *
 * <p>Writes must be idempotent and keep DESIGN.md section 9: per (experiment, unit) the earliest
 * exposure, and whether the unit was exposed to another variant too (such units are left out of
 * every read); an event is unique on (unit, id), the first one kept. An exposure's {@link
 * dev.abkit.event.Exposure#attributes() attributes} are kept per (experiment, unit, attribute
 * name), the first value received kept whatever the exposures' times (so a later write never
 * changes a unit's segment), for {@link ExperimentQuery#dimension() breakdowns}. The pipeline may
 * hand the same record over more than once (after a failed batch, or when replaying its journal),
 * and the store must keep exactly one.
 */
public interface EventStore extends AutoCloseable {

  /**
   * Durably stores a batch. Returns normally only when every record is stored (or was already);
   * throws if any may not be, and the pipeline retries the whole batch.
   */
  void write(List<Observation> batch) throws Exception;

  /**
   * Reads back the sufficient statistics for analysing one experiment. Stores that cannot be read
   * back (write-only sinks) keep the default, which throws {@link UnsupportedOperationException}.
   */
  default ExperimentData read(ExperimentQuery query) throws Exception {
    throw new UnsupportedOperationException(getClass().getName() + " cannot be read back");
  }

  /**
   * Reads one metric's timeline for the experiment of {@code query}: per variant, UTC day of first
   * exposure and UTC day of the first event that counts ({@code null} for none), the number of
   * units, in one pass (not one read per day). Units exposed to several variants are left out, as
   * in {@link #read}. {@code metric} names one of the query's metrics; the query's dimension, if
   * any, does not divide the timeline. Stores that cannot keep the default, which throws {@link
   * UnsupportedOperationException}.
   */
  default List<DailyData> readDaily(ExperimentQuery query, String metric) throws Exception {
    throw new UnsupportedOperationException(getClass().getName() + " cannot read a timeline");
  }

  /**
   * Checks that the store can take writes again, after failures. Called on a background thread,
   * never the writer's, so that a store that hangs until a timeout while it is down (a connection
   * pool, say) does not hold up the journaling of new records; the pipeline replays its journal
   * only once this returns. Throws if the store is still unavailable. The default returns at once,
   * and the replay itself is the probe.
   */
  default void ping() throws Exception {}

  /**
   * Which data this store writes to, stable across restarts: equal for two stores that hold the
   * same records and different otherwise, e.g. {@code file:/var/lib/app/abkit}, or a JDBC URL with
   * its table prefix. It must not contain credentials. The pipeline writes it into its journal
   * files and, at start, replays only files of the same identity, so that apps sharing a journal
   * directory by mistake never replay each other's records into the wrong store (the others' files
   * are left in place and logged). Empty, the default, for a store that cannot say; its journal
   * files are then replayed only by stores that cannot say either.
   */
  default Optional<String> identity() {
    return Optional.empty();
  }

  /** Releases resources; called once, after the last {@link #write}. */
  @Override
  default void close() throws Exception {}
}
