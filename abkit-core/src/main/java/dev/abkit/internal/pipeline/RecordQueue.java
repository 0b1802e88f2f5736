package dev.abkit.internal.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;

/**
 * The bounded hand-off from request threads (many producers) to the writer thread (the one
 * consumer): a lock-free JCTools {@link MpscArrayQueue}, so an offer is a CAS and a store rather
 * than a lock, a condition signal and an unlock as with {@code ArrayBlockingQueue}.
 *
 * <p>{@code MpscArrayQueue} rounds its capacity up to a power of two; the configured capacity is
 * still enforced exactly ({@code offerIfBelowThreshold}), since the overflow policy and the
 * documented {@code kill -9} bound ({@code queueCapacity + batchSize}) rest on it.
 *
 * <p>Waking the writer: it parks only when it has nothing to do and raises {@link #writerParked}
 * first; a producer unparks it only when it sees that flag, so the hot path pays one plain read of
 * a volatile field while the writer is busy. The flag is raised before the writer's last emptiness
 * check and read after the producer's CAS (a full fence), so a record is never left unseen by a
 * sleeping writer. While it fills a partial batch the writer naps in short slices instead ({@link
 * #nap}), so a stream of records does not pay an unpark per record.
 *
 * <p>Only the writer thread may take items, or any one thread once the writer has exited.
 */
final class RecordQueue {
  /** Longest nap while a partial batch fills: bounds how late the writer sees a full batch. */
  static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** Pause between attempts of a producer waiting for room (the overflow slow path). */
  private static final long ROOM_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

  private final MpscArrayQueue<QueueItem> queue;
  private final int capacity;
  private volatile Thread writer;
  private volatile boolean writerParked;

  RecordQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("queue capacity must be >= 1, was " + capacity);
    }
    this.capacity = capacity;
    this.queue = new MpscArrayQueue<>(Math.max(2, capacity));
  }

  /** The configured capacity (enforced exactly). */
  int capacity() {
    return capacity;
  }

  /** Names the consumer thread that {@link #wake} unparks. */
  void consumer(Thread writer) {
    this.writer = writer;
  }

  /** Adds the item if fewer than {@link #capacity()} are queued; never blocks. */
  boolean offer(QueueItem item) {
    if (!queue.offerIfBelowThreshold(item, capacity)) {
      return false;
    }
    if (writerParked) {
      wake();
    }
    return true;
  }

  /** Like {@link #offer(QueueItem)}, waiting up to {@code timeoutNanos} for room. */
  boolean offer(QueueItem item, long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (!offer(item)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wake(); // the writer may be napping over a partial batch while the queue is full
      LockSupport.parkNanos(this, Math.min(left, ROOM_POLL_NANOS));
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
    return true;
  }

  /** Unparks the writer (flush and close use it so as not to wait for its nap to end). */
  void wake() {
    Thread w = writer;
    if (w != null) {
      LockSupport.unpark(w);
    }
  }

  /** The next item, or null if none; consumer only. */
  QueueItem poll() {
    return queue.poll();
  }

  /** Moves up to {@code limit} items into the batch; returns how many. Consumer only. */
  int drainTo(Batch batch, int limit) {
    int n = 0;
    QueueItem item;
    while (n < limit && (item = queue.poll()) != null) {
      item.addTo(batch);
      n++;
    }
    return n;
  }

  /**
   * Parks the writer until an item arrives, {@link #wake} is called, or {@code nanos} pass; returns
   * at once if items are queued. Consumer only.
   */
  void awaitItem(long nanos) {
    writerParked = true;
    try {
      if (queue.isEmpty() && nanos > 0) {
        LockSupport.parkNanos(this, nanos);
      }
    } finally {
      writerParked = false;
    }
  }

  /**
   * Parks the writer for at most {@code nanos} and {@link #NAP_NANOS}, without asking for a wake.
   */
  void nap(long nanos) {
    LockSupport.parkNanos(this, Math.min(nanos, NAP_NANOS));
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  /** Items queued now (approximate while producers are active). */
  int size() {
    return queue.size();
  }
}
