package dev.abkit.spi;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link StoreProvider} connects with: user, password and, for JDBC, the driver class; any
 * may be {@code null} (not given). {@link #toString()} never shows the password.
 *
 * @param driverClassName the JDBC driver class to load through the application's class loader (a
 *     driver in a web application's {@code WEB-INF/lib} is invisible to {@code DriverManager} on
 *     Tomcat), or {@code null} to let the store find it; providers that need no driver ignore it
 */
public record StoreCredentials(
    @Nullable String user, @Nullable String password, @Nullable String driverClassName) {
  /** No user, no password, no driver named. */
  public static final StoreCredentials NONE = new StoreCredentials(null, null, null);

  /** A user and a password, the driver left to the store. */
  public StoreCredentials(@Nullable String user, @Nullable String password) {
    this(user, password, null);
  }

  @Override
  public String toString() {
    return "StoreCredentials[user="
        + user
        + ", password="
        + (password == null ? "null" : "****")
        + ", driverClassName="
        + driverClassName
        + "]";
  }
}
