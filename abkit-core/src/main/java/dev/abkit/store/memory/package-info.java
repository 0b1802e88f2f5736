/**
 * In-memory reference implementations of the store SPI: {@link
 * dev.abkit.store.memory.InMemoryEventStore} and {@link
 * dev.abkit.store.memory.InMemoryAssignmentStore}. Thread-safe, readable back, lost with the
 * process: for tests and demos.
 */
@NullMarked
package dev.abkit.store.memory;

import org.jspecify.annotations.NullMarked;
