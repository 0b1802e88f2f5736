package dev.abkit.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestSourcesTest {
  private static final Duration POLL = Duration.ofMillis(40);

  @TempDir Path dir;

  private static String manifest(String... ids) {
    StringBuilder sb = new StringBuilder("{\"experiments\":[");
    for (int i = 0; i < ids.length; i++) {
      sb.append(i == 0 ? "" : ",")
          .append("{\"id\":\"")
          .append(ids[i])
          .append("\",\"variants\":{\"A\":\"a\",\"B\":\"b\"},\"target_event\":\"go\"}");
    }
    return sb.append("]}").toString();
  }

  private static List<String> ids(Manifest m) {
    return m.experiments().stream().map(Experiment::id).toList();
  }

  private Path write(String json) throws IOException {
    return Files.writeString(dir.resolve("tests.json"), json);
  }

  @Test
  void load_validFile_returnsItsManifest() throws IOException {
    Path file = write(manifest("one", "two"));

    assertThat(ids(ManifestSources.file(file).load())).containsExactly("one", "two");
  }

  @Test
  void load_invalidOrMissingFile_throwsManifestException() throws IOException {
    Path file = write("{\"experiments\": 1}");

    assertThatThrownBy(() -> ManifestSources.file(file).load())
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("experiments: must be an array of experiments, was 1");
    assertThatThrownBy(() -> ManifestSources.file(dir.resolve("missing.json")).load())
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("missing.json: cannot be read: no such file");
  }

  @Test
  void watch_fileEdited_deliversTheNewManifest() throws IOException {
    Path file = write(manifest("one"));
    List<Manifest> seen = new CopyOnWriteArrayList<>();
    try (FileManifestSource source = new FileManifestSource(file, POLL)) {
      source.load();
      source.watch(seen::add);

      write(manifest("one", "two"));

      await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
      assertThat(ids(seen.get(0))).containsExactly("one", "two");
    }
  }

  @Test
  void watch_invalidEdit_isIgnoredUntilAValidOneArrives() throws Exception {
    Path file = write(manifest("one"));
    List<Manifest> seen = new CopyOnWriteArrayList<>();
    try (FileManifestSource source = new FileManifestSource(file, POLL)) {
      source.load();
      source.watch(seen::add);

      write("{\"experiments\": [{\"id\": \"broken\"}]}");
      Thread.sleep(POLL.toMillis() * 6);
      assertThat(seen).isEmpty();

      write(manifest("three"));
      await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
      assertThat(seen).hasSize(1);
      assertThat(ids(seen.get(0))).containsExactly("three");
    }
  }

  @Test
  void watch_atomicRename_deliversTheNewManifest() throws IOException {
    Path file = write(manifest("one"));
    List<Manifest> seen = new CopyOnWriteArrayList<>();
    try (FileManifestSource source = new FileManifestSource(file, POLL)) {
      source.load();
      source.watch(seen::add);

      Path tmp = Files.writeString(dir.resolve("tests.json.tmp"), manifest("renamed"));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

      await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
      assertThat(ids(seen.get(0))).containsExactly("renamed");
    }
  }

  @Test
  void watch_withoutPriorLoad_deliversTheCurrentManifestOnce() throws Exception {
    Path file = write(manifest("one"));
    List<Manifest> seen = new CopyOnWriteArrayList<>();
    try (FileManifestSource source = new FileManifestSource(file, POLL)) {
      source.watch(seen::add);

      await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
      Thread.sleep(POLL.toMillis() * 4);
      assertThat(seen).hasSize(1);
      assertThat(ids(seen.get(0))).containsExactly("one");
    }
  }

  @Test
  void close_stopsWatching() throws Exception {
    Path file = write(manifest("one"));
    List<Manifest> seen = new CopyOnWriteArrayList<>();
    FileManifestSource source = new FileManifestSource(file, POLL);
    source.load();
    source.watch(seen::add);

    source.close();
    write(manifest("one", "two"));
    Thread.sleep(POLL.toMillis() * 6);

    assertThat(seen).isEmpty();
    assertThatThrownBy(() -> source.watch(seen::add)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void watch_twice_isRejected() throws IOException {
    Path file = write(manifest("one"));
    try (FileManifestSource source = new FileManifestSource(file, POLL)) {
      source.watch(m -> {});

      assertThatThrownBy(() -> source.watch(m -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already watching");
    }
  }

  @Test
  void of_fixedManifest_loadsItEveryTime() {
    Manifest m = Manifest.of(Experiment.of("e", "go", "A", "B"));

    assertThat(ManifestSources.of(m).load()).isSameAs(m);
  }
}
