package dev.abkit;

/** Base of abkit's unchecked exceptions. The request path ({@code assign}) never throws them. */
public class AbKitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AbKitException(String message) {
    super(message);
  }

  public AbKitException(String message, Throwable cause) {
    super(message, cause);
  }
}
