package dev.abkit.examples.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a demo's data directory (an OS file lock on {@value #FILE_NAME} in it, held
 * while the demo runs), so that a second {@code abkit demo} on the same directory fails at once
 * with a clear message instead of starting and sharing the first one's database and journal. The OS
 * releases the lock when the process ends, however it ends, so a crash leaves nothing to clean up.
 * Thread-safe.
 */
final class DataDirLock implements AutoCloseable {
  /** The lock file's name in the data directory. */
  static final String FILE_NAME = "abkit.lock";

  private final FileChannel channel;

  private DataDirLock(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * Locks {@code dataDir} (created if missing).
   *
   * @throws DataDirInUseException if another abkit process holds it
   * @throws IOException if the lock file cannot be created
   */
  static DataDirLock acquire(Path dataDir) throws IOException {
    Path dir = dataDir.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE_NAME);
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // another demo in this JVM holds it
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      ch.close();
      throw new DataDirInUseException(
          "the data directory "
              + dir
              + " is in use by another abkit process (it holds "
              + file
              + "): stop that one, or give this one its own --data-dir");
    }
    // for whoever looks: which process holds it (the lock, not this text, is what counts)
    ch.truncate(0);
    ch.write(
        ByteBuffer.wrap(
            ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
    return new DataDirLock(ch);
  }

  /** Releases the lock. Idempotent. */
  @Override
  public void close() throws IOException {
    channel.close();
  }
}
