package dev.abkit.manifest;

import dev.abkit.spi.ManifestSource;
import java.nio.file.Path;

/** Ready-made {@link ManifestSource}s. Placeholder: the manifest work implements them. */
public final class ManifestSources {
  private ManifestSources() {}

  /** A manifest file, re-read on reload and (when watched) whenever it changes. */
  public static ManifestSource file(Path file) {
    throw new UnsupportedOperationException("implemented by the manifest work");
  }
}
