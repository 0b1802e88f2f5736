package dev.abkit.manifest;

import dev.abkit.AbKitException;
import java.util.List;

/**
 * A manifest that cannot be used, with every problem found (not just the first) and the warnings
 * noted on the way: an unknown field's "did you mean" often explains a problem next to it.
 */
public final class ManifestException extends AbKitException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;
  private final transient List<Problem> warnings;

  public ManifestException(List<Problem> problems) {
    this(problems, List.of());
  }

  public ManifestException(List<Problem> problems, Throwable cause) {
    this(problems, List.of(), cause);
  }

  /**
   * @param problems what makes the manifest unusable
   * @param warnings what would only have been warned about, had the manifest been valid
   */
  public ManifestException(List<Problem> problems, List<Problem> warnings) {
    super(message(problems, warnings));
    this.problems = List.copyOf(problems);
    this.warnings = List.copyOf(warnings);
  }

  /**
   * @param problems what makes the manifest unusable
   * @param warnings what would only have been warned about, had the manifest been valid
   * @param cause the underlying failure, e.g. the JSON parser's
   */
  public ManifestException(List<Problem> problems, List<Problem> warnings, Throwable cause) {
    super(message(problems, warnings), cause);
    this.problems = List.copyOf(problems);
    this.warnings = List.copyOf(warnings);
  }

  /** Every problem, in document order. */
  public List<Problem> problems() {
    return problems;
  }

  /** The warnings (e.g. unknown fields, with a "did you mean"), in document order; may be empty. */
  public List<Problem> warnings() {
    return warnings;
  }

  private static String message(List<Problem> problems, List<Problem> warnings) {
    StringBuilder sb =
        new StringBuilder("invalid manifest (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem)" : " problems)");
    for (Problem p : problems) {
      sb.append("\n  ").append(p);
    }
    for (Problem w : warnings) {
      sb.append("\n  warning: ").append(w);
    }
    return sb.toString();
  }
}
