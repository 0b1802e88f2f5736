package dev.abkit.internal.engine;

import dev.abkit.Assignment;
import dev.abkit.manifest.Manifest;
import dev.abkit.spi.AssignmentStore;
import java.time.Clock;
import java.util.Map;

/**
 * The assignment engine: a compiled manifest snapshot behind an atomic reference, evaluated per
 * call. Placeholder signatures: the engine work implements them.
 */
public final class Engine {

  /**
   * @param manifest the initial manifest
   * @param clock time source for windows
   * @param sticky sticky assignment store, or {@code null}
   * @param forced experiment id to (unit id to variant key): forced variants for tests
   */
  public Engine(
      Manifest manifest,
      Clock clock,
      AssignmentStore sticky,
      Map<String, Map<String, String>> forced) {}

  /** Swaps in a new manifest; callers see the old or the new one, never a mix. */
  public void update(Manifest manifest) {}

  /** The current manifest. */
  public Manifest manifest() {
    throw new UnsupportedOperationException("implemented by the engine work");
  }

  /** Never throws. */
  public Assignment assign(String experiment, String unit, Map<String, Object> attributes) {
    throw new UnsupportedOperationException("implemented by the engine work");
  }

  /** Every running experiment's assignment, in manifest order. Never throws. */
  public Map<String, Assignment> assignAll(String unit, Map<String, Object> attributes) {
    throw new UnsupportedOperationException("implemented by the engine work");
  }
}
