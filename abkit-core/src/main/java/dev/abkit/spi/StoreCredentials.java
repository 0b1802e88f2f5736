package dev.abkit.spi;

import org.jspecify.annotations.Nullable;

/**
 * The user and password a {@link StoreProvider} connects with; either may be {@code null} (not
 * given). {@link #toString()} never shows the password.
 */
public record StoreCredentials(@Nullable String user, @Nullable String password) {
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
