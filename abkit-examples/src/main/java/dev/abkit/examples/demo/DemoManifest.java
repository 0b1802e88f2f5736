package dev.abkit.examples.demo;

import dev.abkit.manifest.Manifest;
import dev.abkit.manifest.ManifestParser;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the demo, simulate and results commands find their manifest when none is given: {@code
 * tests.json} in the working directory if present, else the copy bundled in the jar as class-path
 * resource {@value #RESOURCE}.
 */
public final class DemoManifest {
  /** The bundled copy of the repository's {@code tests.json}. */
  public static final String RESOURCE = "/abkit/tests.json";

  private DemoManifest() {}

  /**
   * Parses {@code file}, or the default when {@code file} is null.
   *
   * @throws IllegalArgumentException if {@code file} does not exist
   * @throws dev.abkit.manifest.ManifestException if the manifest is invalid
   */
  public static Manifest load(Path file) {
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("manifest: no such file " + file);
      }
      return ManifestParser.parse(file);
    }
    Path local = Path.of("tests.json");
    if (Files.isRegularFile(local)) {
      return ManifestParser.parse(local);
    }
    return ManifestParser.parseResource(RESOURCE);
  }

  /** Describes where {@link #load} reads from, for start-up messages. */
  public static String describe(Path file) {
    if (file != null) {
      return file.toString();
    }
    return Files.isRegularFile(Path.of("tests.json"))
        ? "./tests.json"
        : "tests.json bundled in the jar";
  }
}
