package dev.abkit.testing;

import dev.abkit.store.file.FileEventStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/**
 * Core's file store keeps the contract, also with two instances on one directory. It dedupes on
 * read (its files are append-only), so it has no counts to offer. README.md shows this class.
 */
// README-STORE-CONTRACT begin
class FileEventStoreContractTest extends EventStoreContract<FileEventStore> {
  @TempDir Path dir; // JUnit gives each test an empty directory

  @Override
  protected FileEventStore newStore() throws IOException {
    return FileEventStore.open(dir);
  }

  @Override // optional: a second instance on the same data, as another process opens it
  protected Optional<FileEventStore> anotherInstance() throws IOException {
    return Optional.of(FileEventStore.open(dir));
  }
}
// README-STORE-CONTRACT end
