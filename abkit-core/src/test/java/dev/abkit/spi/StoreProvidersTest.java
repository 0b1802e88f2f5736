package dev.abkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abkit.event.Exposure;
import dev.abkit.store.file.FileEventStore;
import dev.abkit.store.memory.InMemoryAssignmentStore;
import dev.abkit.store.memory.InMemoryEventStore;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreProvidersTest {
  @TempDir Path dir;

  @Test
  void open_fileSpec_opensAFileStoreThatKeepsNoAssignments() throws Exception {
    Path data = dir.resolve("data");
    try (OpenedStore opened = StoreProviders.open("file:" + data, StoreCredentials.NONE)) {
      assertThat(opened.events()).isInstanceOf(FileEventStore.class);
      assertThat(opened.assignments()).isEmpty();
      opened.events().write(List.of(new Exposure("u1", "exp", "A", Instant.EPOCH)));
    }
    try (var files = Files.list(data)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactly("abkit-1970-01-01.jsonl");
    }
  }

  @Test
  void open_fileSpecWithoutDirectory_failsWithAnExample() {
    assertThatThrownBy(() -> StoreProviders.open("file:", StoreCredentials.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("file: needs a directory, e.g. file:/var/lib/app/abkit");
  }

  @Test
  void open_fileSpecOnAFile_failsNamingTheDirectory() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThatThrownBy(() -> StoreProviders.open("file:" + file, StoreCredentials.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file + " is not a directory");
  }

  @Test
  void open_jdbcSpecWithoutAbkitJdbcStore_namesTheArtifactToAdd() {
    assertThatThrownBy(() -> StoreProviders.open("jdbc:h2:mem:x", StoreCredentials.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a jdbc: store needs dev.abkit:abkit-jdbc-store (and the database's JDBC driver) on"
                + " the class path");
  }

  @Test
  void open_unknownScheme_listsTheFormsAndEchoesOnlyTheScheme() {
    assertThatThrownBy(
            () -> StoreProviders.open("ftp://admin:s3cret@elsewhere", StoreCredentials.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("must be file:<dir>, jdbc:<url> or recording:<name>, was ftp:...");
  }

  @Test
  void open_specWithoutScheme_isQuoted() {
    assertThatThrownBy(() -> StoreProviders.open("/var/lib/abkit", StoreCredentials.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith(", was \"/var/lib/abkit\"");
  }

  @Test
  void open_schemeInUpperCase_findsTheProvider() throws Exception {
    try (OpenedStore opened = StoreProviders.open("RECORDING:x", StoreCredentials.NONE)) {
      assertThat(opened.events()).isInstanceOf(InMemoryEventStore.class);
    }
  }

  @Test
  void open_providerOnTheClassPath_getsTheSpecsCredentials() throws Exception {
    StoreCredentials credentials = new StoreCredentials("app", "s3cret");
    try (OpenedStore opened = StoreProviders.open("recording:shop", credentials)) {
      assertThat(opened.events()).isInstanceOf(InMemoryEventStore.class);
      assertThat(opened.assignments()).containsInstanceOf(InMemoryAssignmentStore.class);
    }
    assertThat(RecordingStoreProvider.lastCredentials).isEqualTo(credentials);
  }

  @Test
  void open_providerFailsWithACheckedException_isWrappedNamingTheScheme() {
    assertThatThrownBy(() -> StoreProviders.open("recording:fail", StoreCredentials.NONE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot open the recording: store: the recording device is unplugged");
  }

  @Test
  void open_providerRegisteredOnlyInTheContextClassLoader_isFound() throws Exception {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    Files.writeString(
        services.resolve(StoreProvider.class.getName()), ContextOnlyStoreProvider.class.getName());
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    assertThatThrownBy(() -> StoreProviders.open("context-only:x", StoreCredentials.NONE))
        .hasMessageStartingWith("must be ");
    try (URLClassLoader webApp =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      thread.setContextClassLoader(webApp);
      try (OpenedStore opened = StoreProviders.open("context-only:x", StoreCredentials.NONE)) {
        assertThat(opened.events()).isInstanceOf(InMemoryEventStore.class);
      }
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  @Test
  void close_storeThatIsBoth_isClosedOnce() throws Exception {
    AtomicInteger closes = new AtomicInteger();
    class Both implements EventStore, AssignmentStore {
      @Override
      public void write(List<dev.abkit.event.Observation> batch) {}

      @Override
      public String getOrPut(String experiment, String unit, String salt, String proposed) {
        return proposed;
      }

      @Override
      public void close() {
        closes.incrementAndGet();
      }
    }
    Both both = new Both();
    OpenedStore opened = OpenedStore.of(both, both);
    assertThat(opened.assignments()).containsSame(both);
    opened.close();
    assertThat(closes).hasValue(1);
  }

  @Test
  void close_separateStores_closesBoth() throws Exception {
    AtomicInteger closes = new AtomicInteger();
    EventStore events =
        new EventStore() {
          @Override
          public void write(List<dev.abkit.event.Observation> batch) {}

          @Override
          public void close() {
            closes.incrementAndGet();
          }
        };
    AssignmentStore assignments =
        new AssignmentStore() {
          @Override
          public String getOrPut(String experiment, String unit, String salt, String proposed) {
            return proposed;
          }

          @Override
          public void close() {
            closes.incrementAndGet();
          }
        };
    new OpenedStore(events, Optional.of(assignments)).close();
    assertThat(closes).hasValue(2);
  }

  @Test
  void credentials_toString_hidesThePassword() {
    assertThat(new StoreCredentials("app", "s3cret").toString())
        .contains("user=app")
        .doesNotContain("s3cret");
  }
}
