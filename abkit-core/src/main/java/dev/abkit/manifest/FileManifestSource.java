package dev.abkit.manifest;

import dev.abkit.spi.ManifestSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ManifestSources#file(Path)}: loads a manifest file and polls it for changes. Polling
 * (rather than a {@code WatchService}) sees atomic renames, editors that replace files and network
 * file systems alike, and costs one {@code stat} per interval.
 */
final class FileManifestSource implements ManifestSource {
  private static final Logger LOG = LoggerFactory.getLogger(FileManifestSource.class);

  private final Path file;
  private final Duration interval;
  private final Object lock = new Object();

  // guarded by lock
  private byte @Nullable [] applied;
  private @Nullable ScheduledExecutorService watcher;
  private boolean closed;

  // touched only by the watcher thread
  private @Nullable Stat seen;
  private @Nullable Stat pending;
  private @Nullable Stat reported;

  FileManifestSource(Path file, Duration interval) {
    this.file = file;
    this.interval = interval;
  }

  @Override
  public Manifest load() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException | RuntimeException e) {
      throw new ManifestException(
          java.util.List.of(new Problem(file.toString(), ManifestParser.cannotBeRead(e), null)), e);
    }
    Manifest m = ManifestParser.parse(bytes);
    synchronized (lock) {
      applied = bytes;
    }
    return m;
  }

  /**
   * Starts the watcher thread. The first poll compares the file with what {@link #load()} last
   * read; if nothing was loaded, the current valid manifest is delivered.
   *
   * @throws IllegalStateException if already watching or closed
   */
  @Override
  public void watch(Consumer<Manifest> onChange) {
    Objects.requireNonNull(onChange, "onChange");
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("manifest source for " + file + " is closed");
      }
      if (watcher != null) {
        throw new IllegalStateException("already watching " + file);
      }
      watcher =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "abkit-manifest-watch-" + file.getFileName());
                t.setDaemon(true);
                return t;
              });
      long ms = interval.toMillis();
      // poll() never throws, so the future has nothing to report
      var unused =
          watcher.scheduleWithFixedDelay(() -> poll(onChange), 0, ms, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    ScheduledExecutorService w;
    synchronized (lock) {
      closed = true;
      w = watcher;
      watcher = null;
    }
    if (w != null) {
      w.shutdownNow();
    }
  }

  /** One poll; never throws (an exception would silently cancel the scheduled task). */
  private void poll(Consumer<Manifest> onChange) {
    try {
      Stat now = stat();
      if (now == null || now.equals(seen)) {
        return;
      }
      if (!now.equals(pending)) {
        // changed since the last poll: wait one interval for the writer to finish
        pending = now;
        return;
      }
      seen = now;
      pending = null;
      deliver(now, onChange);
    } catch (RuntimeException e) {
      LOG.error("manifest watcher for {} failed; will retry at the next change", file, e);
    }
  }

  private void deliver(Stat stat, Consumer<Manifest> onChange) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      LOG.warn("cannot read manifest {}; keeping the current manifest: {}", file, e.toString());
      return;
    }
    synchronized (lock) {
      if (Arrays.equals(bytes, applied)) {
        return;
      }
    }
    Manifest m;
    try {
      m = ManifestParser.parse(bytes);
    } catch (ManifestException e) {
      if (!stat.equals(reported)) {
        reported = stat;
        LOG.warn(
            "ignoring new version of {}, keeping the current manifest: {}", file, e.getMessage());
      }
      return;
    }
    synchronized (lock) {
      if (closed) {
        return;
      }
      applied = bytes;
    }
    for (Problem w : m.warnings()) {
      LOG.warn("manifest {}: {}", file, w);
    }
    try {
      onChange.accept(m);
    } catch (RuntimeException e) {
      LOG.error("manifest change listener failed for {}", file, e);
    }
  }

  /** Size, modification time and identity of the file, or {@code null} while it is missing. */
  private @Nullable Stat stat() {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stat(
          a.size(), a.lastModifiedTime().toMillis(), a.lastModifiedTime().toString(), a.fileKey());
    } catch (NoSuchFileException e) {
      return null; // between a delete and a create; the next poll sees the new file
    } catch (IOException e) {
      LOG.debug("cannot stat {}", file, e);
      return null;
    }
  }

  private record Stat(long size, long modifiedMillis, String modified, Object fileKey) {}

  @Override
  public String toString() {
    return "ManifestSources.file(" + file + ")";
  }
}
