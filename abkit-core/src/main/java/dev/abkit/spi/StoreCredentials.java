package dev.abkit.spi;

/**
 * The user and password a {@link StoreProvider} connects with; either may be {@code null} (not
 * given). {@link #toString()} never shows the password.
 */
public record StoreCredentials(String user, String password) {
  /** No user, no password. */
  public static final StoreCredentials NONE = new StoreCredentials(null, null);

  @Override
  public String toString() {
    return "StoreCredentials[user="
        + user
        + ", password="
        + (password == null ? "null" : "****")
        + "]";
  }
}
