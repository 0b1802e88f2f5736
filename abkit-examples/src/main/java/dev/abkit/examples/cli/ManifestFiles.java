package dev.abkit.examples.cli;

import dev.abkit.manifest.Manifest;
import dev.abkit.manifest.ManifestParser;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads manifest files for the commands, telling a missing file apart from an invalid one. */
final class ManifestFiles {
  private ManifestFiles() {}

  /**
   * Parses {@code file}.
   *
   * @throws NotReadableException if the file does not exist, is a directory or cannot be read
   * @throws dev.abkit.manifest.ManifestException if it is not a valid manifest
   */
  static Manifest parse(Path file) {
    if (!Files.exists(file)) {
      throw new NotReadableException("no such file: " + file);
    }
    if (!Files.isRegularFile(file)) {
      throw new NotReadableException("not a regular file: " + file);
    }
    if (!Files.isReadable(file)) {
      throw new NotReadableException("cannot read " + file + " (permission denied)");
    }
    return ManifestParser.parse(file);
  }

  /** The manifest file cannot be opened at all; the message names the file. */
  static final class NotReadableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotReadableException(String message) {
      super(message);
    }
  }
}
