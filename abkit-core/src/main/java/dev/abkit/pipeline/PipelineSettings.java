package dev.abkit.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How the recording pipeline queues, batches, retries and spills. Immutable; build with {@link
 * #builder()} or take {@link #defaults()}.
 *
 * <h2>How records flow</h2>
 *
 * Request threads put records on a bounded queue ({@link Builder#queueCapacity}); one writer thread
 * takes batches of up to {@link Builder#batchSize} records, waiting at most {@link
 * Builder#flushInterval} to fill one, and hands them to the {@link dev.abkit.spi.EventStore}. A
 * failed batch is retried with exponential backoff ({@link Builder#retryBackoff}); after {@link
 * Builder#spillAfterFailures} consecutive failures, or once {@link Builder#spillAfter} has passed
 * since the first, the batch and everything after it go to a local append-only journal (JSON lines,
 * fsynced per batch) while the writer keeps probing the store; when the store answers again the
 * journal is replayed (stores are idempotent, so re-sent records are harmless) and deleted. A
 * journal left by a crash is replayed at startup.
 *
 * <h2>The journal directory</h2>
 *
 * Default {@code ./abkit-journal} (relative to the working directory), created only when first
 * needed, so an application whose store never fails never sees it. Each pipeline writes its own
 * locked {@code journal-*.jsonl} files in it, and at startup adopts and replays unlocked ones (left
 * by a crashed process), so several instances of one app may share a directory. Each file names the
 * store it is for ({@link dev.abkit.spi.EventStore#identity()}), and files of another store are
 * left alone (and logged), never replayed into this one; still, give each app its own directory.
 * {@link Builder#noJournal()} disables spilling: a failing batch is then retried until it succeeds
 * (holding the writer, so the queue fills and the overflow policy decides), and on {@code close()}
 * what could not be stored is dropped, counted and logged.
 *
 * <h2>What {@code kill -9} can lose</h2>
 *
 * <ul>
 *   <li>Default mode: at most the records in the queue plus the one batch in flight (up to {@code
 *       queueCapacity + batchSize} records). Everything already journaled survives.
 *   <li>{@link Builder#durable durable} mode: nothing acknowledged. {@code track}/{@code
 *       logExposure} return only once the record is in the journal (written and fsynced with its
 *       batch: group commit), before it goes to the store.
 * </ul>
 *
 * <h2>Validation</h2>
 *
 * The same range checks run in each builder setter (so a bad value fails where it is given) and in
 * the canonical constructor (so no instance holds one); conflicts between settings fail in {@link
 * Builder#build()} and the constructor alike.
 *
 * @param queueCapacity records the queue holds before the overflow policy applies
 * @param batchSize most records handed to the store in one write
 * @param flushInterval longest the writer waits to fill a batch
 * @param retryInitialBackoff first retry delay after a failed write; doubles per failure
 * @param retryMaxBackoff largest retry delay, also the longest interval between store probes while
 *     spilling
 * @param spillAfterFailures consecutive failed attempts of one batch after which it is spilled
 * @param spillAfter time since a batch first failed after which it is spilled, whatever the attempt
 *     count
 * @param journalDir the journal directory, empty when spilling is disabled
 * @param durable whether records are journaled before they are acknowledged
 * @param overflow what a request thread does when the queue is full
 * @param overflowTimeout how long {@link Overflow#BLOCK_THEN_SPILL} waits for room in the queue
 * @param exposureDedupeSize entries of the in-memory exposure dedupe (one per experiment and unit)
 * @param eventIdDedupeSize entries of the in-memory recent-event-id dedupe
 * @param closeTimeout bound on {@code close()}'s flush, and on how long a durable-mode call waits
 *     for its record to be journaled
 */
public record PipelineSettings(
    int queueCapacity,
    int batchSize,
    Duration flushInterval,
    Duration retryInitialBackoff,
    Duration retryMaxBackoff,
    int spillAfterFailures,
    Duration spillAfter,
    Optional<Path> journalDir,
    boolean durable,
    Overflow overflow,
    Duration overflowTimeout,
    long exposureDedupeSize,
    long eventIdDedupeSize,
    Duration closeTimeout) {

  /** What a request thread does when the queue is full. */
  public enum Overflow {
    /**
     * Wait up to {@link Builder#overflowTimeout} for room, then write the record straight to the
     * journal from the calling thread (dropped and counted only if there is no journal). Nothing is
     * lost. The default.
     */
    BLOCK_THEN_SPILL,
    /** Drop the record at once, count it in {@link PipelineMetrics#dropped()} and log (once). */
    DROP
  }

  private static final Duration MILLI = Duration.ofMillis(1);
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
  private static final PipelineSettings DEFAULTS = new Builder().build();

  /**
   * Checks every setting and the conflicts between them.
   *
   * @throws IllegalArgumentException naming the first bad setting
   */
  public PipelineSettings {
    checkQueueCapacity(queueCapacity);
    checkBatchSize(batchSize);
    checkFlushInterval(flushInterval);
    checkRetryBackoff(retryInitialBackoff, retryMaxBackoff);
    checkSpillAfterFailures(spillAfterFailures);
    checkSpillAfter(spillAfter);
    if (journalDir == null) {
      throw new IllegalArgumentException("journalDir must not be null (use Optional.empty())");
    }
    checkOverflow(overflow);
    checkOverflowTimeout(overflowTimeout);
    checkExposureDedupeSize(exposureDedupeSize);
    checkEventIdDedupeSize(eventIdDedupeSize);
    checkCloseTimeout(closeTimeout);
    if (batchSize > queueCapacity) {
      throw new IllegalArgumentException(
          "batchSize (" + batchSize + ") must be <= queueCapacity (" + queueCapacity + ")");
    }
    if (durable && journalDir.isEmpty()) {
      throw new IllegalArgumentException(
          "durable mode needs a journalDir, but noJournal() was set");
    }
  }

  /** The defaults (see each {@link Builder} setter). */
  public static PipelineSettings defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from these settings. Its values are starting points, not settings given:
   * each may be set once more.
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  @Override
  public String toString() {
    return "PipelineSettings{queueCapacity="
        + queueCapacity
        + ", batchSize="
        + batchSize
        + ", flushInterval="
        + flushInterval
        + ", retryBackoff="
        + retryInitialBackoff
        + ".."
        + retryMaxBackoff
        + ", spillAfterFailures="
        + spillAfterFailures
        + ", spillAfter="
        + spillAfter
        + ", journalDir="
        + journalDir.orElse(null)
        + ", durable="
        + durable
        + ", overflow="
        + overflow
        + ", overflowTimeout="
        + overflowTimeout
        + ", exposureDedupeSize="
        + exposureDedupeSize
        + ", eventIdDedupeSize="
        + eventIdDedupeSize
        + ", closeTimeout="
        + closeTimeout
        + "}";
  }

  // ---- range checks shared by the builder's setters and the canonical constructor
  // ----------------

  private static void checkQueueCapacity(int capacity) {
    if (capacity < 1 || capacity > (1 << 28)) {
      throw new IllegalArgumentException("queueCapacity must be in 1..268435456, was " + capacity);
    }
  }

  private static void checkBatchSize(int size) {
    if (size < 1 || size > 1_000_000) {
      throw new IllegalArgumentException("batchSize must be in 1..1000000, was " + size);
    }
  }

  private static void checkFlushInterval(Duration interval) {
    within("flushInterval", interval, MILLI, MINUTE);
  }

  private static void checkRetryBackoff(Duration initial, Duration max) {
    within("retryBackoff initial", initial, MILLI, TEN_MINUTES);
    within("retryBackoff max", max, MILLI, TEN_MINUTES);
    if (initial.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "retryBackoff initial must be <= max, was " + initial + " > " + max);
    }
  }

  private static void checkSpillAfterFailures(int failures) {
    if (failures < 1 || failures > 1000) {
      throw new IllegalArgumentException("spillAfterFailures must be in 1..1000, was " + failures);
    }
  }

  private static void checkSpillAfter(Duration budget) {
    within("spillAfter", budget, Duration.ZERO, TEN_MINUTES);
  }

  private static void checkOverflow(Overflow policy) {
    if (policy == null) {
      throw new IllegalArgumentException("overflow must not be null");
    }
  }

  private static void checkOverflowTimeout(Duration timeout) {
    within("overflowTimeout", timeout, Duration.ZERO, SECOND);
  }

  private static void checkExposureDedupeSize(long size) {
    if (size < 0 || size > 100_000_000L) {
      throw new IllegalArgumentException("exposureDedupeSize must be in 0..100000000, was " + size);
    }
  }

  private static void checkEventIdDedupeSize(long size) {
    if (size < 0 || size > 100_000_000L) {
      throw new IllegalArgumentException("eventIdDedupeSize must be in 0..100000000, was " + size);
    }
  }

  private static void checkCloseTimeout(Duration timeout) {
    within("closeTimeout", timeout, Duration.ZERO, TEN_MINUTES);
  }

  private static void within(String name, Duration d, Duration min, Duration max) {
    if (d == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", was " + d);
    }
  }

  /**
   * Builds {@link PipelineSettings}. Each setter rejects a bad value at once with an {@link
   * IllegalArgumentException} naming the setting, and a setting given a second time with an {@link
   * IllegalStateException} naming the earlier value (as Caffeine's builder does: the second call is
   * almost always a mistake, e.g. a default applied after the user's choice); {@link #build()}
   * rejects conflicting settings. Not thread-safe.
   */
  public static final class Builder {
    private int queueCapacity = 65_536;
    private int batchSize = 1000;
    private Duration flushInterval = Duration.ofMillis(200);
    private Duration retryInitialBackoff = Duration.ofMillis(100);
    private Duration retryMaxBackoff = Duration.ofSeconds(10);
    private int spillAfterFailures = 3;
    private Duration spillAfter = Duration.ofSeconds(5);
    private Optional<Path> journalDir = Optional.of(Path.of("abkit-journal"));
    private boolean durable;
    private Overflow overflow = Overflow.BLOCK_THEN_SPILL;
    private Duration overflowTimeout = Duration.ofMillis(10);
    private long exposureDedupeSize = 1_000_000;
    private long eventIdDedupeSize = 100_000;
    private Duration closeTimeout = Duration.ofSeconds(10);

    /** The settings given on this builder, with the value each was given (for the message). */
    private final Map<String, Object> given = new HashMap<>();

    private Builder() {}

    private Builder(PipelineSettings s) {
      queueCapacity = s.queueCapacity;
      batchSize = s.batchSize;
      flushInterval = s.flushInterval;
      retryInitialBackoff = s.retryInitialBackoff;
      retryMaxBackoff = s.retryMaxBackoff;
      spillAfterFailures = s.spillAfterFailures;
      spillAfter = s.spillAfter;
      journalDir = s.journalDir;
      durable = s.durable;
      overflow = s.overflow;
      overflowTimeout = s.overflowTimeout;
      exposureDedupeSize = s.exposureDedupeSize;
      eventIdDedupeSize = s.eventIdDedupeSize;
      closeTimeout = s.closeTimeout;
    }

    /** Refuses a setting given before on this builder. */
    private void once(String name) {
      if (given.containsKey(name)) {
        throw new IllegalStateException(name + " was already set to " + given.get(name));
      }
    }

    /** Records the queue holds, 1..2^28. Default 65536. */
    public Builder queueCapacity(int capacity) {
      once("queueCapacity");
      checkQueueCapacity(capacity);
      this.queueCapacity = capacity;
      given.put("queueCapacity", capacity);
      return this;
    }

    /** Most records per store write, 1..1000000 (and at most queueCapacity). Default 1000. */
    public Builder batchSize(int size) {
      once("batchSize");
      checkBatchSize(size);
      this.batchSize = size;
      given.put("batchSize", size);
      return this;
    }

    /** Longest wait to fill a batch, 1 ms..1 min. Default 200 ms. */
    public Builder flushInterval(Duration interval) {
      once("flushInterval");
      checkFlushInterval(interval);
      this.flushInterval = interval;
      given.put("flushInterval", interval);
      return this;
    }

    /**
     * Retry delays: {@code initial} after the first failure, doubling up to {@code max}; {@code
     * max} also spaces store probes while spilling. Each 1 ms..10 min, {@code initial <= max}.
     * Default 100 ms..10 s.
     */
    public Builder retryBackoff(Duration initial, Duration max) {
      once("retryBackoff");
      checkRetryBackoff(initial, max);
      this.retryInitialBackoff = initial;
      this.retryMaxBackoff = max;
      given.put("retryBackoff", initial + ".." + max);
      return this;
    }

    /** Consecutive failures of one batch before it spills, 1..1000. Default 3. */
    public Builder spillAfterFailures(int failures) {
      once("spillAfterFailures");
      checkSpillAfterFailures(failures);
      this.spillAfterFailures = failures;
      given.put("spillAfterFailures", failures);
      return this;
    }

    /** Time budget of a failing batch before it spills, 0..10 min. Default 5 s. */
    public Builder spillAfter(Duration budget) {
      once("spillAfter");
      checkSpillAfter(budget);
      this.spillAfter = budget;
      given.put("spillAfter", budget);
      return this;
    }

    /** The journal directory (created when first needed). Default {@code ./abkit-journal}. */
    public Builder journalDir(Path dir) {
      once("journalDir");
      if (dir == null) {
        throw new IllegalArgumentException("journalDir must not be null (use noJournal())");
      }
      this.journalDir = Optional.of(dir);
      given.put("journalDir", dir);
      return this;
    }

    /**
     * Disables the journal: no spilling, no durable mode. A failing batch is retried until it
     * succeeds; what cannot be stored by {@code close()} is dropped, counted and logged. Counts as
     * setting {@code journalDir}.
     */
    public Builder noJournal() {
      once("journalDir");
      this.journalDir = Optional.empty();
      given.put("journalDir", "noJournal()");
      return this;
    }

    /**
     * Durable mode: each record is journaled (fsynced, group commit) before the recording call
     * returns, so {@code kill -9} loses nothing acknowledged. Costs a journal write per batch and
     * makes recording calls wait for it. Default false. Needs a journal.
     */
    public Builder durable(boolean durable) {
      once("durable");
      this.durable = durable;
      given.put("durable", durable);
      return this;
    }

    /**
     * What a request thread does when the queue is full. Default {@link Overflow#BLOCK_THEN_SPILL}.
     */
    public Builder overflow(Overflow policy) {
      once("overflow");
      checkOverflow(policy);
      this.overflow = policy;
      given.put("overflow", policy);
      return this;
    }

    /** How long {@link Overflow#BLOCK_THEN_SPILL} waits for room, 0..1 s. Default 10 ms. */
    public Builder overflowTimeout(Duration timeout) {
      once("overflowTimeout");
      checkOverflowTimeout(timeout);
      this.overflowTimeout = timeout;
      given.put("overflowTimeout", timeout);
      return this;
    }

    /**
     * Entries kept by the in-memory exposure dedupe, 0..100M (0 disables it; the store's unique key
     * still dedupes). Default 1,000,000.
     */
    public Builder exposureDedupeSize(long size) {
      once("exposureDedupeSize");
      checkExposureDedupeSize(size);
      this.exposureDedupeSize = size;
      given.put("exposureDedupeSize", size);
      return this;
    }

    /**
     * Slots of the in-memory recent-event-id dedupe, 0..100M (0 disables it; the store's unique key
     * still dedupes). A lossy memory: an id is forgotten when a later id takes its slot, so repeats
     * within a few thousand events are caught almost surely; a new id is taken for a repeat only on
     * a 64-bit hash collision (about 2^-64). Default 100,000.
     */
    public Builder eventIdDedupeSize(long size) {
      once("eventIdDedupeSize");
      checkEventIdDedupeSize(size);
      this.eventIdDedupeSize = size;
      given.put("eventIdDedupeSize", size);
      return this;
    }

    /** Bound on close()'s flush and on durable-mode waits, 0..10 min. Default 10 s. */
    public Builder closeTimeout(Duration timeout) {
      once("closeTimeout");
      checkCloseTimeout(timeout);
      this.closeTimeout = timeout;
      given.put("closeTimeout", timeout);
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException if batchSize exceeds queueCapacity, or durable mode has no
     *     journal
     */
    public PipelineSettings build() {
      return new PipelineSettings(
          queueCapacity,
          batchSize,
          flushInterval,
          retryInitialBackoff,
          retryMaxBackoff,
          spillAfterFailures,
          spillAfter,
          journalDir,
          durable,
          overflow,
          overflowTimeout,
          exposureDedupeSize,
          eventIdDedupeSize,
          closeTimeout);
    }
  }
}
