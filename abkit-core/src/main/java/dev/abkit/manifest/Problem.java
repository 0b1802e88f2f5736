package dev.abkit.manifest;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One thing wrong with a manifest: where, which rule, and the bad value. {@link #toString()} reads
 * {@code experiments[2].variants[1].weight: must be >= 0, was -5}.
 *
 * @param path JSON path of the offending node, e.g. {@code experiments[2].variants[1].weight}
 * @param rule the rule broken, e.g. {@code must be >= 0}
 * @param value the offending value as JSON text, or {@code null} when the value is missing
 */
public record Problem(String path, String rule, @Nullable String value) {
  public Problem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(rule, "rule");
  }

  @Override
  public String toString() {
    return value == null ? path + ": " + rule : path + ": " + rule + ", was " + value;
  }
}
