package dev.abkit.testing;

import dev.abkit.store.memory.InMemoryEventStore;
import java.util.OptionalLong;

/** Core's in-memory event store keeps the contract; it dedupes as it writes, so it counts too. */
class InMemoryEventStoreContractTest extends EventStoreContract<InMemoryEventStore> {
  @Override
  protected InMemoryEventStore newStore() {
    return new InMemoryEventStore();
  }

  @Override
  protected OptionalLong storedExposures(InMemoryEventStore store) {
    return OptionalLong.of(store.exposures().size());
  }

  @Override
  protected OptionalLong storedEvents(InMemoryEventStore store) {
    return OptionalLong.of(store.events().size());
  }
}
