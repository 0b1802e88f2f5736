package dev.abkit.testing;

import dev.abkit.store.memory.InMemoryAssignmentStore;
import java.util.OptionalLong;

/** Core's in-memory assignment store keeps the contract. */
class InMemoryAssignmentStoreContractTest extends AssignmentStoreContract<InMemoryAssignmentStore> {
  @Override
  protected InMemoryAssignmentStore newStore() {
    return new InMemoryAssignmentStore();
  }

  @Override
  protected OptionalLong storedAssignments(InMemoryAssignmentStore store) {
    return OptionalLong.of(store.size());
  }
}
