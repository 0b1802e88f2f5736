package dev.abkit.store.file;

import dev.abkit.event.Observation;
import dev.abkit.internal.pipeline.JsonLines;
import dev.abkit.internal.store.ExperimentAggregator;
import dev.abkit.spi.DailyData;
import dev.abkit.spi.EventStore;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * abkit's embedded event store: a directory of JSON-lines files, one record a line, in the shapes
 * of DESIGN.md section 3.
 *
 * <p><b>Writing.</b> Records go to daily files named by the record's own UTC date, {@code
 * abkit-YYYY-MM-DD.jsonl} (so a late or replayed record lands in the file of the day it happened).
 * Files are append-only; each {@link #write} appends its records to each file with one {@code
 * write(2)} call on an {@code O_APPEND} channel and then fsyncs, so a batch is durable when the
 * call returns and a crash can tear at most the last line. One process should write a directory at
 * a time (concurrent appenders interleave whole batches, never parts of lines). A write or fsync
 * that fails (a full disk, say) is undone: the file is truncated back to its length before the
 * write, so the batch, which the pipeline re-sends, starts on a clean line again instead of being
 * glued to a fragment of itself. Should the truncation fail too, the file is closed and, as with a
 * torn line left by a crash, a missing final newline is completed before the file is appended to
 * again, so a fragment is never joined to a good record (it stays one malformed line, skipped and
 * counted on read).
 *
 * <p><b>Idempotency is applied on read.</b> Re-sent records (after a retried batch or a journal
 * replay) are simply appended again; readers apply DESIGN.md section 9: a unit's first exposure is
 * its earliest, a unit exposed to more than one variant is excluded, and one event per {@code
 * (unit, id)} counts, the first read.
 *
 * <p><b>Reading</b> takes every {@code *.jsonl} file in the directory in name order (each record
 * names its type, so files written by other tools can be dropped in). Malformed lines, such as a
 * torn last line after a crash or a {@code value} that is not a number, are skipped with one
 * warning per file and counted in the result's {@code skippedRecords} (a read running concurrently
 * with a write may likewise skip the line being written, which the next read sees).
 *
 * <p>Thread-safe: writes are serialized; reads may run concurrently with writes.
 */
public final class FileEventStore implements EventStore {
  private static final Logger log = LoggerFactory.getLogger(FileEventStore.class);
  private static final String PREFIX = "abkit-";
  private static final String SUFFIX = ".jsonl";
  private static final int MAX_OPEN_FILES = 4;

  /** Opens the channels the store appends to: {@code FileChannel::open}, or a test's faulty one. */
  interface ChannelOpener {
    FileChannel open(Path file, OpenOption... options) throws IOException;
  }

  private final Path dir;
  private final String identity;
  private final ChannelOpener opener;
  private final Map<LocalDate, FileChannel> open = new LinkedHashMap<>(8, 0.75f, true);
  private final StringBuilder buffer = new StringBuilder(1 << 16);
  private boolean closed;

  private FileEventStore(Path dir, ChannelOpener opener) {
    this.dir = dir;
    this.opener = opener;
    this.identity = "file:" + canonical(dir);
  }

  /**
   * Opens (creating if needed) the store in {@code dir}.
   *
   * @throws IOException if the directory cannot be created
   * @throws IllegalArgumentException if {@code dir} exists and is not a directory
   */
  public static FileEventStore open(Path dir) throws IOException {
    return open(dir, FileChannel::open);
  }

  /** Like {@link #open(Path)}, opening the files through {@code opener} (fault injection). */
  static FileEventStore open(Path dir, ChannelOpener opener) throws IOException {
    Objects.requireNonNull(dir, "dir");
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("file store dir " + dir + " is not a directory");
    }
    Files.createDirectories(dir);
    return new FileEventStore(dir, opener);
  }

  private static Path canonical(Path dir) {
    try {
      return dir.toRealPath();
    } catch (IOException e) {
      return dir.toAbsolutePath().normalize();
    }
  }

  /** The directory holding the files. */
  public Path directory() {
    return dir;
  }

  /**
   * {@code file:} and the directory's real path: two stores in one directory hold the same data,
   * stores in different directories do not.
   */
  @Override
  public Optional<String> identity() {
    return Optional.of(identity);
  }

  /** The file a record written at {@code date} (UTC) goes to. */
  public Path fileFor(LocalDate date) {
    return dir.resolve(PREFIX + date + SUFFIX);
  }

  /** Appends the batch and fsyncs every file it touched. */
  @Override
  public synchronized void write(List<Observation> batch) throws IOException {
    if (closed) {
      throw new IllegalStateException("file store " + dir + " is closed");
    }
    if (batch.isEmpty()) {
      return;
    }
    LocalDate first = JsonLines.utcDate(batch.get(0).time());
    boolean oneDay = true;
    for (Observation o : batch) {
      if (!JsonLines.utcDate(o.time()).equals(first)) {
        oneDay = false;
        break;
      }
    }
    if (oneDay) {
      append(first, batch);
    } else {
      Map<LocalDate, List<Observation>> byDay = new LinkedHashMap<>();
      for (Observation o : batch) {
        byDay.computeIfAbsent(JsonLines.utcDate(o.time()), d -> new ArrayList<>()).add(o);
      }
      for (var e : byDay.entrySet()) {
        append(e.getKey(), e.getValue());
      }
    }
  }

  private void append(LocalDate day, List<Observation> records) throws IOException {
    buffer.setLength(0);
    for (Observation o : records) {
      JsonLines.append(buffer, o);
    }
    ByteBuffer bytes = ByteBuffer.wrap(buffer.toString().getBytes(StandardCharsets.UTF_8));
    FileChannel ch = channel(day);
    long start = ch.size();
    try {
      while (bytes.hasRemaining()) {
        ch.write(bytes);
      }
      ch.force(false);
    } catch (IOException | RuntimeException e) {
      undo(day, ch, start, e);
      throw e;
    }
  }

  /**
   * Takes a failed append back out of the file, so that nothing of it (a fragment of a line, or
   * lines whose fsync failed) stays to be glued to the re-sent batch. If that fails as well, the
   * channel is dropped: the next append reopens the file and completes its last line first.
   */
  private void undo(LocalDate day, FileChannel ch, long start, Exception failure) {
    try {
      if (ch.size() > start) {
        ch.truncate(start);
        ch.force(false);
      }
      return;
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
      log.warn(
          "{}: could not take back a failed write ({}); the next write starts on a new line",
          fileFor(day),
          e.toString());
    }
    open.remove(day);
    try {
      ch.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  private FileChannel channel(LocalDate day) throws IOException {
    FileChannel ch = open.get(day);
    if (ch != null) {
      return ch;
    }
    if (open.size() >= MAX_OPEN_FILES) {
      Iterator<FileChannel> eldest = open.values().iterator();
      eldest.next().close();
      eldest.remove();
    }
    Path file = fileFor(day);
    ch =
        opener.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    try {
      completeLastLine(file, ch);
    } catch (IOException | RuntimeException e) {
      try {
        ch.close();
      } catch (IOException c) {
        e.addSuppressed(c);
      }
      throw e;
    }
    open.put(day, ch);
    return ch;
  }

  /** Ends a torn last line (a crash, or a failed write that could not be undone) with a newline. */
  private static void completeLastLine(Path file, FileChannel ch) throws IOException {
    long size = ch.size();
    if (size == 0) {
      return;
    }
    ByteBuffer last = ByteBuffer.allocate(1);
    try (FileChannel r = FileChannel.open(file, StandardOpenOption.READ)) {
      r.read(last, size - 1);
    }
    if (last.get(0) != '\n') {
      log.warn("{} ends with an incomplete line (torn write?); completing it", file);
      ByteBuffer nl = ByteBuffer.wrap(new byte[] {'\n'});
      while (nl.hasRemaining()) {
        ch.write(nl);
      }
    }
  }

  /**
   * Reads the sufficient statistics of one experiment from every {@code *.jsonl} file, applying the
   * dedupe rules described on the class.
   */
  @Override
  public ExperimentData read(ExperimentQuery query) throws IOException {
    ExperimentAggregator agg = new ExperimentAggregator(Objects.requireNonNull(query, "query"));
    long skipped = scan(agg::accept);
    return agg.result(skipped);
  }

  /** The timeline of {@code metric}, read like {@link #read}. */
  @Override
  public List<DailyData> readDaily(ExperimentQuery query, String metric) throws IOException {
    ExperimentAggregator agg = new ExperimentAggregator(Objects.requireNonNull(query, "query"));
    scan(agg::accept);
    return agg.daily(metric);
  }

  /**
   * Feeds every well-formed record of every {@code *.jsonl} file, in file-name then line order, to
   * {@code sink}, raw (duplicates included). Malformed lines (torn, not JSON, a field of the wrong
   * type such as a string {@code value}) are skipped with a warning per file, and counted.
   *
   * @return how many lines were skipped
   */
  public long scan(Consumer<? super Observation> sink) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      ds.forEach(files::add);
    }
    files.sort(null);
    long skipped = 0;
    for (Path f : files) {
      if (Files.isRegularFile(f)) {
        skipped += readFile(f, sink);
      }
    }
    return skipped;
  }

  /** Feeds one file's records to {@code sink}; returns how many lines were skipped. */
  private static int readFile(Path f, Consumer<? super Observation> sink) throws IOException {
    int bad = 0;
    int firstBad = 0;
    String firstProblem = null;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(f), StandardCharsets.UTF_8), 1 << 16)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        Observation o;
        try {
          o = JsonLines.decode(line);
        } catch (IllegalArgumentException e) {
          if (bad++ == 0) {
            firstBad = n;
            firstProblem = e.getMessage();
          }
          continue;
        }
        sink.accept(o);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (bad > 0) {
      log.warn(
          "{}: skipped {} malformed line(s), first at line {} ({}); a torn last line is expected"
              + " after a crash",
          f,
          bad,
          firstBad,
          firstProblem);
    }
    return bad;
  }

  /** Closes the open files. Further writes throw {@link IllegalStateException}. */
  @Override
  public synchronized void close() throws IOException {
    closed = true;
    IOException first = null;
    for (FileChannel ch : open.values()) {
      try {
        ch.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return "FileEventStore[" + dir + "]";
  }
}
