package dev.abkit.spi;

import dev.abkit.store.memory.InMemoryEventStore;

/**
 * Listed in no {@code META-INF/services} on the class path: {@link StoreProvidersTest} registers it
 * in a class loader of its own, as a web app's libraries are registered in the web app's loader.
 */
public final class ContextOnlyStoreProvider implements StoreProvider {
  @Override
  public String scheme() {
    return "context-only";
  }

  @Override
  public OpenedStore open(String spec, StoreCredentials credentials) {
    return OpenedStore.of(new InMemoryEventStore());
  }
}
