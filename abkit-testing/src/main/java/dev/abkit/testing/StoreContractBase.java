package dev.abkit.testing;

import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/**
 * What the store contracts share: the hooks that give them stores and clean up after them, and the
 * lifecycle. JUnit makes one instance per test method; the test's store is opened on first use (so
 * a subclass's own {@code @BeforeEach} methods and injected fields, such as {@code @TempDir}, are
 * ready when {@link #newStore()} runs), and every store the test opened is closed after it, before
 * {@link #cleanUp()}.
 *
 * @param <S> the store under test
 */
abstract class StoreContractBase<S extends AutoCloseable> {
  private final OpenedStores opened = new OpenedStores();
  private S store;

  StoreContractBase() {}

  /**
   * A new, empty store for one test (a fresh directory, table prefix or schema). Called once per
   * test method, on first use; the store is closed after the test.
   */
  protected abstract S newStore() throws Exception;

  /**
   * Another instance over the data of this test's {@link #newStore()} store (same database, same
   * directory), as a second application instance opens it; closed after the test. Called only after
   * {@link #newStore()}. The default, empty, is for stores with nothing to share (in memory): the
   * multi-instance rules then use the one store.
   */
  protected Optional<S> anotherInstance() throws Exception {
    return Optional.empty();
  }

  /** Runs after each test once its stores are closed: drop tables, delete files. */
  protected void cleanUp() throws Exception {}

  /** The test's store: {@link #newStore()}'s, opened on first use. */
  protected final S store() throws Exception {
    if (store == null) {
      store = opened.add(newStore(), "newStore()");
    }
    return store;
  }

  /**
   * A second instance on the test's data when {@link #anotherInstance()} gives one, else the store.
   */
  final S anotherOrSame() throws Exception {
    S s = store();
    Optional<S> other = anotherInstance();
    return other.isPresent() ? opened.add(other.get(), "anotherInstance()") : s;
  }

  /** Closes every store the test opened, then runs {@link #cleanUp()}. */
  @AfterEach
  public final void closeStoresAndCleanUp() throws Exception {
    try {
      opened.closeAll();
    } finally {
      cleanUp();
    }
  }
}
