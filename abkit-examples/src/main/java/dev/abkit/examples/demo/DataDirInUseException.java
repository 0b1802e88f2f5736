package dev.abkit.examples.demo;

/**
 * A demo's data directory is locked by another abkit process (or another demo in this one): the
 * message names the directory and says what to do.
 */
public final class DataDirInUseException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  DataDirInUseException(String message) {
    super(message);
  }
}
