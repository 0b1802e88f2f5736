package dev.abkit.manifest;

import dev.abkit.AbKitException;
import java.util.List;

/** A manifest that cannot be used, with every problem found (not just the first). */
public final class ManifestException extends AbKitException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public ManifestException(List<Problem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  public ManifestException(List<Problem> problems, Throwable cause) {
    super(message(problems), cause);
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in document order. */
  public List<Problem> problems() {
    return problems;
  }

  private static String message(List<Problem> problems) {
    StringBuilder sb =
        new StringBuilder("invalid manifest (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem)" : " problems)");
    for (Problem p : problems) {
      sb.append("\n  ").append(p);
    }
    return sb.toString();
  }
}
