package dev.abkit.examples.bench;

import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The unit ids every assignment benchmark uses: 1024 distinct {@code "user-NNNNNN"} (6 digits) from
 * a seeded {@link Random}, cycled one per call, as in peer-performance.md. Thread-scoped, so the
 * cursor needs no synchronization.
 */
@State(Scope.Thread)
public class BenchUsers {
  /** Pool size; a power of two so the cursor wraps with a mask. */
  public static final int SIZE = 1024;

  /** The seed peer-performance.md used. */
  public static final long SEED = 20261123L;

  private final String[] ids = ids();
  private int next;

  /** The next id of the pool, wrapping after {@link #SIZE}. */
  public String next() {
    next = (next + 1) & (SIZE - 1);
    return ids[next];
  }

  /** The pool, in the order {@link #next()} cycles through it (starting at index 1). */
  public static String[] ids() {
    Random random = new Random(SEED);
    Set<String> ids = new LinkedHashSet<>();
    while (ids.size() < SIZE) {
      ids.add(String.format("user-%06d", random.nextInt(1_000_000)));
    }
    return ids.toArray(new String[0]);
  }
}
