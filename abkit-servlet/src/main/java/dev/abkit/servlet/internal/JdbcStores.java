package dev.abkit.servlet.internal;

import dev.abkit.jdbc.JdbcStore;

/**
 * The only class that links against abkit-jdbc-store; loaded by {@link Stores} after checking that
 * the module is present.
 */
final class JdbcStores {
  private JdbcStores() {}

  static Stores.Opened open(String url, String user, String password) {
    JdbcStore.Builder b = JdbcStore.builder().url(url).createSchema(true);
    if (user != null) {
      b.username(user);
    }
    if (password != null) {
      b.password(password);
    }
    JdbcStore store = b.build();
    return new Stores.Opened(store, store);
  }
}
