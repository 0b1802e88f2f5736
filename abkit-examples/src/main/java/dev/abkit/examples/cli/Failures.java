package dev.abkit.examples.cli;

import java.net.BindException;

/**
 * One line for a command that failed, in the words of the command line: what went wrong and what to
 * do, never a Java exception class name or a stack trace.
 */
public final class Failures {
  private Failures() {}

  /** What to print for {@code failure}. */
  public static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return "the port is taken (another abkit demo or another server is listening there);"
            + " choose another with --port";
      }
    }
    String message = failure.getMessage();
    if (message == null || message.isBlank()) {
      Throwable cause = failure.getCause();
      return cause != null
          ? describe(cause)
          : "failed unexpectedly (" + failure.getClass().getSimpleName() + ")";
    }
    return message;
  }
}
