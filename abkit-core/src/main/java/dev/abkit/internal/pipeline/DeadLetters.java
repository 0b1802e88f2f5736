package dev.abkit.internal.pipeline;

import dev.abkit.event.Observation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where records the store refused as bad data go: {@value #FILE_NAME} beside the journal, one JSON
 * line per record, {@code {"quarantined":"<time>","error":"<the store's message>","record":{<the
 * record as in the journal>}}}, fsynced, so that an operator can see what was refused, fix it and
 * feed it back. Without a journal directory, or if the file cannot be written, the record is logged
 * in full instead: it is never dropped silently. Each record is logged once. Writer thread only.
 */
final class DeadLetters {
  private static final Logger log = LoggerFactory.getLogger(Recorder.class);

  /** The dead-letter file's name in the journal directory. */
  static final String FILE_NAME = "dead-letter.jsonl";

  private final Path file; // null without a journal
  private final Clock clock;
  private final Counters counters;

  DeadLetters(Path journalDir, Clock clock, Counters counters) {
    this.file = journalDir == null ? null : journalDir.resolve(FILE_NAME);
    this.clock = clock;
    this.counters = counters;
  }

  /** Sets {@code record} aside with the store's error, counts and logs it. */
  void quarantine(Observation record, Exception error) {
    counters.quarantined.increment();
    String message = String.valueOf(error.getMessage());
    StringBuilder line = new StringBuilder(256).append("{\"quarantined\":\"");
    JsonLines.instant(line, clock.instant());
    line.append("\",\"error\":");
    JsonLines.string(line, message);
    line.append(",\"record\":");
    JsonLines.append(line, record); // ends the line with its newline
    line.insert(line.length() - 1, '}');
    if (file != null) {
      try {
        append(line.toString());
        log.error(
            "abkit event store refused a record as bad data; set aside in {}: {} (record: {})",
            file,
            message,
            JsonLines.encode(record));
        return;
      } catch (IOException e) {
        log.error("abkit could not write its dead-letter file {}", file, e);
      }
    }
    log.error(
        "abkit event store refused a record as bad data, not stored: {} (record: {})",
        message,
        JsonLines.encode(record));
  }

  private void append(String line) throws IOException {
    Files.createDirectories(file.getParent());
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(false);
    }
  }
}
