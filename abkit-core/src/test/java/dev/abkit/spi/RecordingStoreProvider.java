package dev.abkit.spi;

import dev.abkit.store.memory.InMemoryAssignmentStore;
import dev.abkit.store.memory.InMemoryEventStore;
import java.io.IOException;
import java.util.Optional;

/**
 * A third-party provider as a test registers it (test {@code META-INF/services}): {@code
 * recording:<name>} opens in-memory stores and keeps the credentials it was given; {@code
 * recording:fail} fails with a checked exception.
 */
public final class RecordingStoreProvider implements StoreProvider {
  static volatile StoreCredentials lastCredentials;

  @Override
  public String scheme() {
    return "recording";
  }

  @Override
  public String form() {
    return "recording:<name>";
  }

  @Override
  public OpenedStore open(String spec, StoreCredentials credentials) throws IOException {
    if (spec.equals("recording:fail")) {
      throw new IOException("the recording device is unplugged");
    }
    lastCredentials = credentials;
    return new OpenedStore(new InMemoryEventStore(), Optional.of(new InMemoryAssignmentStore()));
  }
}
