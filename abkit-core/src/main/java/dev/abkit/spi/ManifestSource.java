package dev.abkit.spi;

import dev.abkit.manifest.Manifest;
import java.util.function.Consumer;

/**
 * Where the manifest comes from. abkit loads it once at build time and again on {@link
 * dev.abkit.AbKit#reload()} and whenever the source reports a change.
 */
public interface ManifestSource extends AutoCloseable {

  /** Loads the current manifest; throws {@link dev.abkit.manifest.ManifestException} if invalid. */
  Manifest load();

  /**
   * Starts watching for changes, calling {@code onChange} after each (from a background thread).
   * The default does not watch.
   */
  default void watch(Consumer<Manifest> onChange) {}

  /** Stops watching. */
  @Override
  default void close() {}
}
