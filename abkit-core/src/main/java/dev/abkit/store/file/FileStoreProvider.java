package dev.abkit.store.file;

import dev.abkit.spi.OpenedStore;
import dev.abkit.spi.StoreCredentials;
import dev.abkit.spi.StoreProvider;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Opens {@code file:<dir>} specs as a {@link FileEventStore} in that directory (created if
 * missing); it keeps no assignments and takes no credentials. Found by {@link
 * java.util.ServiceLoader}; applications call {@link dev.abkit.spi.StoreProviders#open}. Stateless
 * and thread-safe.
 */
public final class FileStoreProvider implements StoreProvider {
  /** For {@link java.util.ServiceLoader}. */
  public FileStoreProvider() {}

  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public String form() {
    return "file:<dir>";
  }

  /**
   * @throws IllegalArgumentException if the directory is missing from the spec, is not a valid
   *     path, or cannot be created or opened
   */
  @Override
  public OpenedStore open(String spec, StoreCredentials credentials) {
    String dir = spec.substring("file:".length());
    if (dir.isBlank()) {
      throw new IllegalArgumentException("file: needs a directory, e.g. file:/var/lib/app/abkit");
    }
    try {
      return OpenedStore.of(FileEventStore.open(Path.of(dir)));
    } catch (IOException | InvalidPathException e) {
      throw new IllegalArgumentException(
          "cannot open the file store in " + dir + ": " + e.getMessage(), e);
    }
  }
}
