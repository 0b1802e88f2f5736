package dev.abkit.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
 * by a crashed process), so several instances may share a directory. {@link Builder#noJournal()}
 * disables spilling: a failing batch is then retried until it succeeds (holding the writer, so the
 * queue fills and the overflow policy decides), and on {@code close()} what could not be stored is
 * dropped, counted and logged.
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
 */
public final class PipelineSettings {

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

  private static final PipelineSettings DEFAULTS = new Builder().build();

  private final int queueCapacity;
  private final int batchSize;
  private final Duration flushInterval;
  private final Duration retryInitialBackoff;
  private final Duration retryMaxBackoff;
  private final int spillAfterFailures;
  private final Duration spillAfter;
  private final @Nullable Path journalDir;
  private final boolean durable;
  private final Overflow overflow;
  private final Duration overflowTimeout;
  private final long exposureDedupeSize;
  private final long eventIdDedupeSize;
  private final Duration closeTimeout;

  private PipelineSettings(Builder b) {
    this.queueCapacity = b.queueCapacity;
    this.batchSize = b.batchSize;
    this.flushInterval = b.flushInterval;
    this.retryInitialBackoff = b.retryInitialBackoff;
    this.retryMaxBackoff = b.retryMaxBackoff;
    this.spillAfterFailures = b.spillAfterFailures;
    this.spillAfter = b.spillAfter;
    this.journalDir = b.journalDir;
    this.durable = b.durable;
    this.overflow = b.overflow;
    this.overflowTimeout = b.overflowTimeout;
    this.exposureDedupeSize = b.exposureDedupeSize;
    this.eventIdDedupeSize = b.eventIdDedupeSize;
    this.closeTimeout = b.closeTimeout;
  }

  /** The defaults (see each {@link Builder} setter). */
  public static PipelineSettings defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Records the queue holds before the overflow policy applies. */
  public int queueCapacity() {
    return queueCapacity;
  }

  /** Most records handed to the store in one write. */
  public int batchSize() {
    return batchSize;
  }

  /** Longest the writer waits to fill a batch. */
  public Duration flushInterval() {
    return flushInterval;
  }

  /** First retry delay after a failed write; doubles per failure. */
  public Duration retryInitialBackoff() {
    return retryInitialBackoff;
  }

  /** Largest retry delay, also the longest interval between store probes while spilling. */
  public Duration retryMaxBackoff() {
    return retryMaxBackoff;
  }

  /** Consecutive failed attempts of one batch after which it is spilled to the journal. */
  public int spillAfterFailures() {
    return spillAfterFailures;
  }

  /** Time since a batch first failed after which it is spilled, whatever the attempt count. */
  public Duration spillAfter() {
    return spillAfter;
  }

  /** The journal directory, empty when spilling is disabled. */
  public Optional<Path> journalDir() {
    return Optional.ofNullable(journalDir);
  }

  /** Whether records are journaled before they are acknowledged. */
  public boolean durable() {
    return durable;
  }

  /** What a request thread does when the queue is full. */
  public Overflow overflow() {
    return overflow;
  }

  /** How long {@link Overflow#BLOCK_THEN_SPILL} waits for room in the queue. */
  public Duration overflowTimeout() {
    return overflowTimeout;
  }

  /** Entries of the in-memory exposure dedupe (one per experiment and unit). */
  public long exposureDedupeSize() {
    return exposureDedupeSize;
  }

  /** Entries of the in-memory recent-event-id dedupe. */
  public long eventIdDedupeSize() {
    return eventIdDedupeSize;
  }

  /**
   * Bound on {@code close()}'s flush, and on how long a durable-mode call waits for its record to
   * be journaled.
   */
  public Duration closeTimeout() {
    return closeTimeout;
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
        + journalDir
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

  /**
   * Builds {@link PipelineSettings}. Each setter rejects a bad value at once with an {@link
   * IllegalArgumentException} naming the setting; {@link #build()} rejects conflicting settings.
   * Not thread-safe.
   */
  public static final class Builder {
    private int queueCapacity = 65_536;
    private int batchSize = 1000;
    private Duration flushInterval = Duration.ofMillis(200);
    private Duration retryInitialBackoff = Duration.ofMillis(100);
    private Duration retryMaxBackoff = Duration.ofSeconds(10);
    private int spillAfterFailures = 3;
    private Duration spillAfter = Duration.ofSeconds(5);
    private @Nullable Path journalDir = Path.of("abkit-journal");
    private boolean durable;
    private Overflow overflow = Overflow.BLOCK_THEN_SPILL;
    private Duration overflowTimeout = Duration.ofMillis(10);
    private long exposureDedupeSize = 1_000_000;
    private long eventIdDedupeSize = 100_000;
    private Duration closeTimeout = Duration.ofSeconds(10);

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

    /** Records the queue holds, 1..2^28. Default 65536. */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1 || capacity > (1 << 28)) {
        throw new IllegalArgumentException(
            "queueCapacity must be in 1..268435456, was " + capacity);
      }
      this.queueCapacity = capacity;
      return this;
    }

    /** Most records per store write, 1..1000000 (and at most queueCapacity). Default 1000. */
    public Builder batchSize(int size) {
      if (size < 1 || size > 1_000_000) {
        throw new IllegalArgumentException("batchSize must be in 1..1000000, was " + size);
      }
      this.batchSize = size;
      return this;
    }

    /** Longest wait to fill a batch, 1 ms..1 min. Default 200 ms. */
    public Builder flushInterval(Duration interval) {
      this.flushInterval = within("flushInterval", interval, Duration.ofMillis(1), MINUTE);
      return this;
    }

    /**
     * Retry delays: {@code initial} after the first failure, doubling up to {@code max}; {@code
     * max} also spaces store probes while spilling. Each 1 ms..10 min, initial <= max. Default 100
     * ms..10 s.
     */
    public Builder retryBackoff(Duration initial, Duration max) {
      Duration i = within("retryBackoff initial", initial, Duration.ofMillis(1), TEN_MINUTES);
      Duration m = within("retryBackoff max", max, Duration.ofMillis(1), TEN_MINUTES);
      if (i.compareTo(m) > 0) {
        throw new IllegalArgumentException(
            "retryBackoff initial must be <= max, was " + i + " > " + m);
      }
      this.retryInitialBackoff = i;
      this.retryMaxBackoff = m;
      return this;
    }

    /** Consecutive failures of one batch before it spills, 1..1000. Default 3. */
    public Builder spillAfterFailures(int failures) {
      if (failures < 1 || failures > 1000) {
        throw new IllegalArgumentException(
            "spillAfterFailures must be in 1..1000, was " + failures);
      }
      this.spillAfterFailures = failures;
      return this;
    }

    /** Time budget of a failing batch before it spills, 0..10 min. Default 5 s. */
    public Builder spillAfter(Duration budget) {
      this.spillAfter = within("spillAfter", budget, Duration.ZERO, TEN_MINUTES);
      return this;
    }

    /** The journal directory (created when first needed). Default {@code ./abkit-journal}. */
    public Builder journalDir(Path dir) {
      if (dir == null) {
        throw new IllegalArgumentException("journalDir must not be null (use noJournal())");
      }
      this.journalDir = dir;
      return this;
    }

    /**
     * Disables the journal: no spilling, no durable mode. A failing batch is retried until it
     * succeeds; what cannot be stored by {@code close()} is dropped, counted and logged.
     */
    public Builder noJournal() {
      this.journalDir = null;
      return this;
    }

    /**
     * Durable mode: each record is journaled (fsynced, group commit) before the recording call
     * returns, so {@code kill -9} loses nothing acknowledged. Costs a journal write per batch and
     * makes recording calls wait for it. Default false. Needs a journal.
     */
    public Builder durable(boolean durable) {
      this.durable = durable;
      return this;
    }

    /**
     * What a request thread does when the queue is full. Default {@link Overflow#BLOCK_THEN_SPILL}.
     */
    public Builder overflow(Overflow policy) {
      if (policy == null) {
        throw new IllegalArgumentException("overflow must not be null");
      }
      this.overflow = policy;
      return this;
    }

    /** How long {@link Overflow#BLOCK_THEN_SPILL} waits for room, 0..1 s. Default 10 ms. */
    public Builder overflowTimeout(Duration timeout) {
      this.overflowTimeout =
          within("overflowTimeout", timeout, Duration.ZERO, Duration.ofSeconds(1));
      return this;
    }

    /**
     * Entries kept by the in-memory exposure dedupe, 0..100M (0 disables it; the store's unique key
     * still dedupes). Default 1,000,000.
     */
    public Builder exposureDedupeSize(long size) {
      if (size < 0 || size > 100_000_000L) {
        throw new IllegalArgumentException(
            "exposureDedupeSize must be in 0..100000000, was " + size);
      }
      this.exposureDedupeSize = size;
      return this;
    }

    /**
     * Slots of the in-memory recent-event-id dedupe, 0..100M (0 disables it; the store's unique key
     * still dedupes). A lossy memory: an id is forgotten when a later id takes its slot, so repeats
     * within a few thousand events are caught almost surely; a new id is taken for a repeat only on
     * a 64-bit hash collision (about 2^-64). Default 100,000.
     */
    public Builder eventIdDedupeSize(long size) {
      if (size < 0 || size > 100_000_000L) {
        throw new IllegalArgumentException(
            "eventIdDedupeSize must be in 0..100000000, was " + size);
      }
      this.eventIdDedupeSize = size;
      return this;
    }

    /** Bound on close()'s flush and on durable-mode waits, 0..10 min. Default 10 s. */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = within("closeTimeout", timeout, Duration.ZERO, TEN_MINUTES);
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException if batchSize exceeds queueCapacity, or durable mode has no
     *     journal
     */
    public PipelineSettings build() {
      if (batchSize > queueCapacity) {
        throw new IllegalArgumentException(
            "batchSize (" + batchSize + ") must be <= queueCapacity (" + queueCapacity + ")");
      }
      if (durable && journalDir == null) {
        throw new IllegalArgumentException(
            "durable mode needs a journalDir, but noJournal() was set");
      }
      return new PipelineSettings(this);
    }

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    private static Duration within(String name, Duration d, Duration min, Duration max) {
      if (d == null) {
        throw new IllegalArgumentException(name + " must not be null");
      }
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", was " + d);
      }
      return d;
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PipelineSettings)) {
      return false;
    }
    PipelineSettings s = (PipelineSettings) o;
    return queueCapacity == s.queueCapacity
        && batchSize == s.batchSize
        && flushInterval.equals(s.flushInterval)
        && retryInitialBackoff.equals(s.retryInitialBackoff)
        && retryMaxBackoff.equals(s.retryMaxBackoff)
        && spillAfterFailures == s.spillAfterFailures
        && spillAfter.equals(s.spillAfter)
        && Objects.equals(journalDir, s.journalDir)
        && durable == s.durable
        && overflow == s.overflow
        && overflowTimeout.equals(s.overflowTimeout)
        && exposureDedupeSize == s.exposureDedupeSize
        && eventIdDedupeSize == s.eventIdDedupeSize
        && closeTimeout.equals(s.closeTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        queueCapacity, batchSize, flushInterval, spillAfterFailures, journalDir, durable, overflow);
  }
}
