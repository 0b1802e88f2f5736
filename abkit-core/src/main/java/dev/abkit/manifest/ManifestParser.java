package dev.abkit.manifest;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads manifests: the seeds' simple list form and the canonical {@code {"experiments": [...]}}
 * form. Parsing then validation; every problem is reported at once in a {@link ManifestException}.
 * Never throws anything else for any input text.
 */
public final class ManifestParser {
  private ManifestParser() {}

  /** Parses a manifest from JSON text. */
  public static Manifest parse(String json) {
    throw new UnsupportedOperationException("implemented by the manifest work");
  }

  /** Parses a manifest file. I/O failures are reported as a {@link ManifestException}. */
  public static Manifest parse(Path file) {
    throw new UnsupportedOperationException("implemented by the manifest work");
  }

  /** Parses a manifest from a stream (read fully, not closed). */
  public static Manifest parse(InputStream in) {
    throw new UnsupportedOperationException("implemented by the manifest work");
  }

  /** Parses a class-path resource, e.g. {@code "/tests.json"}. */
  public static Manifest parseResource(String name) {
    throw new UnsupportedOperationException("implemented by the manifest work");
  }
}
