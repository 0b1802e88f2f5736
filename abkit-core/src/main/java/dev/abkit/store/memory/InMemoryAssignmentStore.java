package dev.abkit.store.memory;

import dev.abkit.spi.AssignmentStore;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link AssignmentStore} in memory: keeps each unit's first variant per experiment and salt.
 * {@link #getOrPut} is atomic ({@link ConcurrentHashMap#compute}); a stored assignment made under
 * another salt is replaced, as the SPI says.
 *
 * <p>Thread-safe.
 */
public final class InMemoryAssignmentStore implements AssignmentStore {
  private record Key(String experiment, String unit) {}

  private record Sticky(String salt, String variant) {}

  private final ConcurrentHashMap<Key, Sticky> map = new ConcurrentHashMap<>();

  /** An empty store. */
  public InMemoryAssignmentStore() {}

  @Override
  public String getOrPut(String experiment, String unit, String salt, String proposed) {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(proposed, "proposed");
    return map.compute(
            new Key(experiment, unit),
            (k, old) -> old != null && old.salt().equals(salt) ? old : new Sticky(salt, proposed))
        .variant();
  }

  /** The variant stored for (experiment, unit), whatever its salt. */
  public Optional<String> get(String experiment, String unit) {
    Sticky s = map.get(new Key(experiment, unit));
    return s == null ? Optional.empty() : Optional.of(s.variant());
  }

  /** How many assignments are stored. */
  public int size() {
    return map.size();
  }
}
