package dev.abkit.jdbc.internal;

import dev.abkit.jdbc.JdbcStore;
import dev.abkit.spi.OpenedStore;
import dev.abkit.spi.StoreCredentials;
import dev.abkit.spi.StoreProvider;

/**
 * Opens {@code jdbc:<url>} specs as a {@link JdbcStore} on its own pool, creating the schema if
 * missing, with the credentials given (or those in the URL). The store is both the event store and
 * the sticky assignment store. Registered for {@link java.util.ServiceLoader} in {@code
 * module-info.java} and {@code META-INF/services}. Stateless and thread-safe.
 */
public final class JdbcStoreProvider implements StoreProvider {
  /** For {@link java.util.ServiceLoader}. */
  public JdbcStoreProvider() {}

  @Override
  public String scheme() {
    return "jdbc";
  }

  @Override
  public String form() {
    return "jdbc:<url>";
  }

  @Override
  public OpenedStore open(String spec, StoreCredentials credentials) {
    JdbcStore.Builder b = JdbcStore.builder().url(spec).createSchema(true);
    if (credentials.user() != null) {
      b.username(credentials.user());
    }
    if (credentials.password() != null) {
      b.password(credentials.password());
    }
    if (credentials.driverClassName() != null) {
      b.driverClassName(credentials.driverClassName());
    }
    JdbcStore store = b.build();
    return OpenedStore.of(store, store);
  }
}
