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
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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
 * (left by a crash) if they are for this pipeline's store: each segment begins with a {@link
 * JournalHeader} naming the store ({@link dev.abkit.spi.EventStore#identity()}), and segments of
 * another store are left in place for their own app, and logged. Replay works on whole segments:
 * {@link #rotate()} seals the active segment so that appends during a replay go to a fresh one, and
 * a replayed segment is deleted.
 *
 * <p>A failed append (a full disk, a failed fsync) is taken back: the segment is truncated to its
 * length before the append, so that no fragment of a line is left for the next append to be glued
 * to. If the truncation fails as well, the next append starts with a newline, so the fragment stays
 * a malformed line of its own that the replay skips and counts, and no good record is lost with it.
 *
 * <p>Thread-safe: the writer thread and request threads spilling on overflow append concurrently.
 */
final class Journal {
  private static final Logger log = LoggerFactory.getLogger(Journal.class);
  private static final Set<Path> OWNED = ConcurrentHashMap.newKeySet();
  private static final AtomicLong SEQ = new AtomicLong();

  /** Opens the segments' channels: {@code FileChannel::open}, or a test's faulty one. */
  interface ChannelOpener {
    FileChannel open(Path file, OpenOption... options) throws IOException;
  }

  /** A segment file with its channel and lock. */
  static final class Segment {
    final Path path;
    final FileChannel channel;
    final FileLock lock;

    /**
     * Records at the start of this (sealed, so unchanging) segment that a replay already stored: a
     * replay cut off by a store failure resumes after them rather than re-sending and re-counting
     * them. Writer thread only.
     */
    long replayed;

    Segment(Path path, FileChannel channel, FileLock lock) {
      this.path = path;
      this.channel = channel;
      this.lock = lock;
    }
  }

  private final Path dir;
  private final JournalHeader header;
  private final ChannelOpener opener;
  private final Deque<Segment> sealed = new ArrayDeque<>();
  private final StringBuilder buffer = new StringBuilder(1 << 14);
  private final AtomicLong bytes = new AtomicLong();
  private Segment active;
  private long activeEnd;
  private long activeUnstored;
  private boolean dirty;
  private boolean headerWritten; // the active segment begins with its complete header
  private boolean torn; // a failed append left a fragment that could not be truncated away

  /** A journal in {@code dir} for the store of identity {@code store} (empty if unknown). */
  Journal(Path dir, Optional<String> store) {
    this(dir, store, FileChannel::open);
  }

  Journal(Path dir, Optional<String> store, ChannelOpener opener) {
    this.dir = dir.toAbsolutePath().normalize();
    this.header = new JournalHeader(store);
    this.opener = opener;
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
    Map<String, Integer> foreign = new TreeMap<>();
    for (Path f : files) {
      Path p = f.toAbsolutePath().normalize();
      if (!OWNED.add(p)) {
        continue; // a live pipeline in this JVM writes or replays it
      }
      FileChannel ch = null;
      try {
        ch = opener.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock();
        if (lock == null) {
          ch.close(); // another process holds it
          OWNED.remove(p);
          continue;
        }
        Optional<JournalHeader> h = readHeader(ch);
        if (h.isPresent() && !h.get().belongsTo(header.store())) {
          ch.close(); // another store's: left for its own app
          OWNED.remove(p);
          foreign.merge(h.get().toString(), 1, Integer::sum);
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
    for (var e : foreign.entrySet()) {
      log.error(
          "abkit journal {} holds {} file(s) of another store ({}), not of this one ({}): they"
              + " are left in place for the app that wrote them. Give each app its own journal"
              + " directory",
          dir,
          e.getValue(),
          e.getKey(),
          header);
    }
    return adopted;
  }

  /**
   * The header of a segment: the first well-formed header line (a torn one, left by a failed first
   * append, is followed by a newline and a complete one); empty for a segment without one.
   */
  private static Optional<JournalHeader> readHeader(FileChannel ch) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(1 << 13);
    while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
      // read up to 8 KiB: headers are short
    }
    String text = new String(head.array(), 0, head.position(), StandardCharsets.UTF_8);
    int from = 0;
    int nl;
    while ((nl = text.indexOf('\n', from)) >= 0) {
      String line = text.substring(from, nl);
      if (!JournalHeader.isHeader(line)) {
        return Optional.empty();
      }
      Optional<JournalHeader> h = JournalHeader.parse(line);
      if (h.isPresent()) {
        return h;
      }
      from = nl + 1;
    }
    return Optional.empty();
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
    Segment s = active();
    buffer.setLength(0);
    if (torn) {
      buffer.append('\n'); // ends the fragment a failed append left
    }
    boolean withHeader = !headerWritten;
    if (withHeader) {
      buffer.append(header.line());
    }
    for (Observation o : records) {
      JsonLines.append(buffer, o);
    }
    ByteBuffer b = ByteBuffer.wrap(buffer.toString().getBytes(StandardCharsets.UTF_8));
    if (buffer.capacity() > (1 << 20)) {
      buffer.setLength(0);
      buffer.trimToSize();
    }
    long start = activeEnd;
    try {
      while (b.hasRemaining()) {
        activeEnd += s.channel.write(b, activeEnd);
      }
      if (sync) {
        s.channel.force(false);
      }
    } catch (IOException | RuntimeException e) {
      takeBack(s, start, e);
      throw e;
    }
    bytes.addAndGet(activeEnd - start);
    torn = false;
    headerWritten = true;
    if (!willBeStored) {
      activeUnstored += records.size();
    }
    if (sync) {
      dirty = false;
    } else {
      dirty = true;
    }
  }

  /**
   * Truncates the active segment back to {@code start}, where a failed append began. If that fails
   * too, what was written stays (counted in {@link #bytes()}) and the next append starts with a
   * newline.
   */
  private void takeBack(Segment s, long start, Exception failure) {
    if (activeEnd == start) {
      return; // nothing of it was written
    }
    try {
      s.channel.truncate(start);
      activeEnd = start;
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
      bytes.addAndGet(activeEnd - start);
      torn = true;
      dirty = true;
      log.warn(
          "abkit could not take back a failed journal write in {} ({}); the next write starts on"
              + " a new line",
          s.path,
          e.toString());
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
      headerWritten = false;
      torn = false;
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
      headerWritten = false;
      torn = false;
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
   * Reads a segment's records in order, passing them to {@code sink}; its header is passed over,
   * and malformed lines (a torn last line after a crash, the fragment of a failed write) are
   * skipped with a warning. Returns the number of lines skipped.
   */
  static long read(Segment s, Consumer<Observation> sink) throws IOException {
    s.channel.position(0);
    // not closed: closing would close the channel and release the lock; delete() closes it
    InputStream in = Channels.newInputStream(s.channel);
    BufferedReader r =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    int bad = 0;
    String line;
    while ((line = r.readLine()) != null) {
      if (line.isBlank() || JournalHeader.isHeader(line)) {
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
    }
    if (bad > 0) {
      log.warn(
          "journal {}: skipped {} malformed line(s) (a torn last line is expected after a crash)",
          s.path,
          bad);
    }
    return bad;
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
      FileChannel ch;
      try {
        ch =
            opener.open(
                p,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
      } catch (IOException | RuntimeException e) {
        OWNED.remove(p);
        throw e;
      }
      FileLock lock = ch.tryLock();
      active = new Segment(p, ch, lock);
      activeEnd = 0;
      activeUnstored = 0;
      headerWritten = false;
      torn = false;
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
