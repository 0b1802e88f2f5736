package dev.abkit.manifest;

import dev.abkit.spi.ManifestSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** Ready-made {@link ManifestSource}s. */
public final class ManifestSources {
  static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

  private ManifestSources() {}

  /**
   * A manifest file. {@link ManifestSource#load()} parses the file (throwing {@link
   * ManifestException} when it is invalid or unreadable). {@link ManifestSource#watch} polls the
   * file's size, modification time and identity every 500 ms from a daemon thread; a change is read
   * only once it has held still for one poll (so half-written files are not read), and the callback
   * receives each new <em>valid</em> manifest whose content differs from the last one loaded or
   * delivered. An invalid new version is logged with every problem, once, and ignored: the caller
   * keeps the manifest it has. Replacing the file by an atomic rename is the safest way to edit it.
   * {@link ManifestSource#close()} stops the watcher. Thread-safe.
   */
  public static ManifestSource file(Path file) {
    return new FileManifestSource(Objects.requireNonNull(file, "file"), DEFAULT_POLL_INTERVAL);
  }

  /** A fixed manifest: {@code load()} always returns it and it never changes. */
  public static ManifestSource of(Manifest manifest) {
    Objects.requireNonNull(manifest, "manifest");
    return new ManifestSource() {
      @Override
      public Manifest load() {
        return manifest;
      }

      @Override
      public String toString() {
        return "ManifestSources.of(" + manifest.experiments().size() + " experiments)";
      }
    };
  }
}
