package dev.abkit.spring.internal;

import dev.abkit.spi.AssignmentStore;
import dev.abkit.spi.EventStore;
import dev.abkit.spring.AbKitProperties.StoreType;
import dev.abkit.store.memory.InMemoryAssignmentStore;
import dev.abkit.store.memory.InMemoryEventStore;
import java.util.Locale;

/**
 * The store the starter opened for AbKit, kept as a bean so the health indicator can ping it. AbKit
 * owns and closes it.
 *
 * @param kind {@code jdbc}, {@code file} or {@code none} (the {@code abkit.store.type} in force),
 *     or {@code memory} in a {@code @WebMvcTest} slice
 * @param events the event store, or {@code null} for type none
 * @param assignments the sticky-assignment store, or {@code null}
 */
public record AbKitStore(String kind, EventStore events, AssignmentStore assignments) {

  /** A store of {@code abkit.store.type} {@code type}. */
  public static AbKitStore of(StoreType type, EventStore events, AssignmentStore assignments) {
    return new AbKitStore(type.name().toLowerCase(Locale.ROOT), events, assignments);
  }

  /** Records kept in memory, for a test slice that has no DataSource. */
  public static AbKitStore inMemory() {
    return new AbKitStore("memory", new InMemoryEventStore(), new InMemoryAssignmentStore());
  }
}
