package dev.abkit.testing;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The stores one contract test opened, closed after it, last opened first. Not thread-safe: one per
 * test instance, used from the test's thread.
 */
final class OpenedStores {
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  /** Keeps {@code store} for {@link #closeAll}; rejects null naming the hook that returned it. */
  <S extends AutoCloseable> S add(S store, String hook) {
    if (store == null) {
      throw new IllegalStateException(hook + " returned null: return a new store");
    }
    opened.push(store);
    return store;
  }

  /**
   * Closes every store, even when one fails; the first failure is thrown, the others suppressed.
   */
  void closeAll() throws Exception {
    Exception failure = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
