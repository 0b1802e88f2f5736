package dev.abkit.spring.internal;

import dev.abkit.spi.AssignmentStore;
import dev.abkit.spi.EventStore;
import dev.abkit.spring.AbKitProperties.StoreType;

/**
 * The store the starter opened for AbKit, kept as a bean so the health indicator can ping it. AbKit
 * owns and closes it.
 *
 * @param type the store type in force
 * @param events the event store, or {@code null} for type none
 * @param assignments the sticky-assignment store, or {@code null}
 */
public record AbKitStore(StoreType type, EventStore events, AssignmentStore assignments) {}
