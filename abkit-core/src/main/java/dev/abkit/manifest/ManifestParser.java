package dev.abkit.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads manifests: the seeds' simple list form {@code [{"test_id", "variants": {"A": "compact",
 * "B": "expanded"}, "target_event"}]} and the canonical {@code {"experiments": [...]}} form
 * (DESIGN.md section 1). Parsing is strict JSON (duplicate keys, comments and trailing content are
 * errors); validation then collects every problem, each with its JSON path ({@code
 * experiments[2].variants[1].weight: must be >= 0, was -5}; paths of the list form start at the
 * array: {@code [0].variants}), into one {@link ManifestException}. Unknown fields are not errors:
 * they are listed in {@link Manifest#warnings()}.
 *
 * <p>Never throws anything but {@link ManifestException}, for any input. Stateless and thread-safe.
 */
public final class ManifestParser {
  private ManifestParser() {}

  /** Parses a manifest from JSON text. */
  public static Manifest parse(String json) {
    if (json == null) {
      throw new ManifestException(List.of(new Problem("(root)", "must be a JSON document", null)));
    }
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses a manifest file. I/O failures are reported as a {@link ManifestException}. */
  public static Manifest parse(Path file) {
    if (file == null) {
      throw new ManifestException(List.of(new Problem("(file)", "must be a path, was null", null)));
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException | SecurityException e) {
      throw new ManifestException(
          List.of(new Problem(String.valueOf(file), cannotBeRead(e), null)), e);
    }
    return parse(bytes);
  }

  /** Parses a manifest from a stream (read fully, not closed). */
  public static Manifest parse(InputStream in) {
    if (in == null) {
      throw new ManifestException(
          List.of(new Problem("(stream)", "must be a stream, was null", null)));
    }
    byte[] bytes;
    try {
      bytes = in.readAllBytes();
    } catch (IOException | UncheckedIOException e) {
      throw new ManifestException(List.of(new Problem("(stream)", cannotBeRead(e), null)), e);
    }
    return parse(bytes);
  }

  /**
   * Parses a class-path resource, e.g. {@code "/tests.json"} (looked up with the thread's context
   * class loader, then this library's).
   */
  public static Manifest parseResource(String name) {
    String path = name != null && name.startsWith("/") ? name.substring(1) : name;
    InputStream in = null;
    if (path != null) {
      ClassLoader context = Thread.currentThread().getContextClassLoader();
      in = context == null ? null : context.getResourceAsStream(path);
      if (in == null) {
        in = ManifestParser.class.getClassLoader().getResourceAsStream(path);
      }
    }
    if (in == null) {
      throw new ManifestException(
          List.of(new Problem("(resource " + name + ")", "not found on the class path", null)));
    }
    try (InputStream stream = in) {
      return parse(stream);
    } catch (IOException e) {
      throw new ManifestException(
          List.of(new Problem("(resource " + name + ")", cannotBeRead(e), null)), e);
    }
  }

  /**
   * Why a manifest could not be read, in words rather than an exception's class name: {@code cannot
   * be read: no such file}, {@code ... permission denied}, or the I/O error's own message.
   */
  static String cannotBeRead(Exception e) {
    if (e instanceof NoSuchFileException) {
      return "cannot be read: no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "cannot be read: permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return "cannot be read: " + f.getReason();
    }
    String message = e.getMessage();
    return "cannot be read: "
        + (message == null || message.isBlank() ? e.getClass().getSimpleName() : message);
  }

  /** Parses JSON bytes; shared with the file source, which keeps the bytes it applied. */
  static Manifest parse(byte[] json) {
    // No catch-all for RuntimeException here: a bug of ours must fail loudly (and fail the totality
    // tests) rather than be disguised as a problem of the manifest.
    return new ManifestReader().read(json);
  }
}
