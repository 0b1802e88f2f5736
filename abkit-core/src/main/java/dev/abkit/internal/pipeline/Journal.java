package dev.abkit.internal.pipeline;

import dev.abkit.event.Observation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's local append-only journal: records the store could not take (or, in durable mode,
 * every record before it is acknowledged), as JSON lines in {@code journal-<millis>-<seq>.jsonl}
 * segment files.
 *
 * <p>Each segment is owned by one pipeline through an OS file lock held on its own channel for the
 * segment's whole life (closing another channel on a locked file would release POSIX locks, hence
 * the in-JVM {@link #OWNED} registry that keeps us from even opening segments another pipeline in
 * this JVM owns). At startup, {@link #adoptOrphans()} takes over segments no live process holds
 * (left by a crash). Replay works on whole segments: {@link #rotate()} seals the active segment so
 * that appends during a replay go to a fresh one, and a replayed segment is deleted.
 *
 * <p>Thread-safe: the writer thread and request threads spilling on overflow append concurrently.
 */
final class Journal {
  private static final Logger log = LoggerFactory.getLogger(Journal.class);
  private static final Set<Path> OWNED = ConcurrentHashMap.newKeySet();
  private static final AtomicLong SEQ = new AtomicLong();

  /** A segment file with its channel and lock. */
  static final class Segment {
    final Path path;
    final FileChannel channel;
    final FileLock lock;

    Segment(Path path, FileChannel channel, FileLock lock) {
      this.path = path;
      this.channel = channel;
      this.lock = lock;
    }
  }

  private final Path dir;
  private final Deque<Segment> sealed = new ArrayDeque<>();
  private final StringBuilder buffer = new StringBuilder(1 << 14);
  private final AtomicLong bytes = new AtomicLong();
  private Segment active;
  private long activeEnd;
  private long activeUnstored;
  private boolean dirty;

  Journal(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  Path dir() {
    return dir;
  }

  /** Bytes in all segments (active and sealed). */
  long bytes() {
    return bytes.get();
  }

  /**
   * Takes over every {@code journal-*.jsonl} in the directory that no live pipeline holds, queueing
   * them for replay (oldest name first).
   */
  synchronized int adoptOrphans() throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "journal-*.jsonl")) {
      ds.forEach(files::add);
    }
    files.sort(null);
    int adopted = 0;
    for (Path f : files) {
      Path p = f.toAbsolutePath().normalize();
      if (!OWNED.add(p)) {
        continue; // a live pipeline in this JVM writes or replays it
      }
      FileChannel ch = null;
      try {
        ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock();
        if (lock == null) {
          ch.close(); // another process holds it
          OWNED.remove(p);
          continue;
        }
        sealed.addLast(new Segment(p, ch, lock));
        bytes.addAndGet(ch.size());
        adopted++;
      } catch (OverlappingFileLockException | IOException e) {
        if (ch != null) {
          ch.close();
        }
        OWNED.remove(p);
        if (e instanceof IOException && Files.exists(p)) {
          throw (IOException) e;
        }
      }
    }
    return adopted;
  }

  /**
   * Appends records to the active segment. With {@code sync} they are fsynced before return;
   * without, they reach the OS (surviving a process kill) and are fsynced by the next {@link
   * #syncIfDirty()}. {@code stored} says the caller will report them stored through {@link
   * #markStored} (durable mode), so the segment can be emptied then.
   */
  synchronized void append(List<? extends Observation> records, boolean sync, boolean willBeStored)
      throws IOException {
    if (records.isEmpty()) {
      return;
    }
    buffer.setLength(0);
    for (Observation o : records) {
      JsonLines.append(buffer, o);
    }
    ByteBuffer b = ByteBuffer.wrap(buffer.toString().getBytes(StandardCharsets.UTF_8));
    if (buffer.capacity() > (1 << 20)) {
      buffer.setLength(0);
      buffer.trimToSize();
    }
    Segment s = active();
    int n = b.remaining();
    while (b.hasRemaining()) {
      activeEnd += s.channel.write(b, activeEnd);
    }
    bytes.addAndGet(n);
    if (!willBeStored) {
      activeUnstored += records.size();
    }
    if (sync) {
      s.channel.force(false);
      dirty = false;
    } else {
      dirty = true;
    }
  }

  /** Fsyncs the active segment if an unsynced append happened. */
  synchronized void syncIfDirty() throws IOException {
    if (dirty && active != null) {
      active.channel.force(false);
    }
    dirty = false;
  }

  /**
   * Durable mode: records appended with {@code willBeStored} are now in the store. When the active
   * segment holds nothing else, it is emptied (a crash before that only causes re-sends).
   */
  synchronized void markStored() throws IOException {
    if (active != null && activeUnstored == 0 && activeEnd > 0) {
      active.channel.truncate(0);
      bytes.addAndGet(-activeEnd);
      activeEnd = 0;
    }
  }

  /** Durable mode: records appended with {@code willBeStored} did not reach the store after all. */
  synchronized void keepUnstored(int n) {
    activeUnstored += n;
  }

  /** Whether any segment holds records that may not be in the store. */
  synchronized boolean hasPending() {
    return !sealed.isEmpty() || activeEnd > 0;
  }

  /** Seals the active segment (if not empty) so it can be replayed; appends go to a new one. */
  synchronized void rotate() throws IOException {
    if (active != null && activeEnd > 0) {
      if (dirty) {
        active.channel.force(false);
        dirty = false;
      }
      sealed.addLast(active);
      active = null;
      activeEnd = 0;
      activeUnstored = 0;
    }
  }

  /** The oldest sealed segment, or null. */
  synchronized Segment nextSealed() {
    return sealed.peekFirst();
  }

  /** Deletes a replayed sealed segment. */
  void delete(Segment s) throws IOException {
    long size = s.channel.size();
    Files.deleteIfExists(s.path);
    synchronized (this) {
      sealed.remove(s);
      bytes.addAndGet(-size);
    }
    release(s);
  }

  /**
   * Reads a segment's records in order, passing them to {@code sink}; malformed lines (a torn last
   * line after a crash) are skipped with a warning. Returns the number of records read.
   */
  static long read(Segment s, Consumer<Observation> sink) throws IOException {
    s.channel.position(0);
    // not closed: closing would close the channel and release the lock; delete() closes it
    InputStream in = Channels.newInputStream(s.channel);
    BufferedReader r =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    long n = 0;
    int bad = 0;
    String line;
    while ((line = r.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      Observation o;
      try {
        o = JsonLines.decode(line);
      } catch (IllegalArgumentException e) {
        bad++;
        continue;
      }
      sink.accept(o);
      n++;
    }
    if (bad > 0) {
      log.warn(
          "journal {}: skipped {} malformed line(s) (a torn last line is expected after a crash)",
          s.path,
          bad);
    }
    return n;
  }

  /** Releases every segment's lock and channel, keeping the files for a later start. */
  synchronized void close() {
    if (active != null) {
      try {
        if (dirty) {
          active.channel.force(false);
        }
        if (activeEnd == 0) {
          Files.deleteIfExists(active.path);
        }
      } catch (IOException e) {
        log.warn("closing journal segment {} failed", active.path, e);
      }
      release(active);
      active = null;
    }
    for (Segment s : sealed) {
      release(s);
    }
    sealed.clear();
  }

  private Segment active() throws IOException {
    if (active == null) {
      Files.createDirectories(dir);
      Path p =
          dir.resolve(
              String.format(
                  "journal-%013d-%06d-%04x.jsonl",
                  System.currentTimeMillis(),
                  SEQ.incrementAndGet() % 1_000_000,
                  ThreadLocalRandom.current().nextInt(1 << 16)));
      OWNED.add(p);
      FileChannel ch =
          FileChannel.open(
              p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = ch.tryLock();
      active = new Segment(p, ch, lock);
      activeEnd = 0;
      activeUnstored = 0;
    }
    return active;
  }

  private static void release(Segment s) {
    try {
      s.channel.close(); // releases the lock
    } catch (IOException e) {
      log.warn("closing journal segment {} failed", s.path, e);
    } finally {
      OWNED.remove(s.path);
    }
  }
}
