package dev.abkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abkit.manifest.ManifestParser;
import dev.abkit.manifest.ManifestSources;
import dev.abkit.pipeline.PipelineSettings;
import dev.abkit.store.memory.InMemoryAssignmentStore;
import dev.abkit.store.memory.InMemoryEventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder keeps its promises: no setting silently replaced or silently ignored. */
class AbKitBuilderTest {
  private static final String MANIFEST =
      """
      {"experiments": [
        {"id": "layout", "target_event": "click", "variants": [{"key": "A"}, {"key": "B"}]}
      ]}
      """;

  @Test
  void setter_givenTwice_isRefusedNamingTheEarlierValue() {
    Clock first = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
    AbKit.Builder b = AbKit.builder().manifestJson(MANIFEST).clock(first);

    assertThatThrownBy(() -> b.clock(Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("clock was already set to " + first);
  }

  @Test
  void everySetting_givenTwice_isRefused() {
    InMemoryEventStore events = new InMemoryEventStore();
    InMemoryAssignmentStore sticky = new InMemoryAssignmentStore();
    PipelineSettings settings = PipelineSettings.defaults();
    AbKit.Builder b =
        AbKit.builder()
            .manifestJson(MANIFEST)
            .watchManifest(false)
            .eventStore(events)
            .assignmentStore(sticky)
            .pipeline(settings)
            .idSource(UUID::randomUUID)
            .forceVariant("layout", "u1", "A");

    assertThatThrownBy(() -> b.manifestJson(MANIFEST))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("manifest was already set to a manifest of 1 experiments");
    assertThatThrownBy(() -> b.manifestSource(ManifestSources.file(Path.of("x.json"))))
        .hasMessage("manifest was already set to a manifest of 1 experiments");
    assertThatThrownBy(() -> b.watchManifest(true))
        .hasMessage("watchManifest was already set to false");
    assertThatThrownBy(() -> b.eventStore(new InMemoryEventStore()))
        .hasMessage("eventStore was already set to " + events);
    assertThatThrownBy(() -> b.assignmentStore(new InMemoryAssignmentStore()))
        .hasMessage("assignmentStore was already set to " + sticky);
    assertThatThrownBy(() -> b.pipeline(PipelineSettings.defaults()))
        .hasMessage("pipeline was already set to " + settings);
    assertThatThrownBy(() -> b.idSource(UUID::randomUUID))
        .hasMessageStartingWith("idSource was already set to ");
    assertThatThrownBy(() -> b.forceVariant("layout", "u1", "B"))
        .hasMessage("forceVariant(layout, u1) was already set to A");
    b.forceVariant("layout", "u2", "B"); // another unit is another setting
    b.build().close();
  }

  @Test
  void manifestSource_afterSource_namesTheEarlierSource(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("m.json"), MANIFEST);
    AbKit.Builder b = AbKit.builder().manifest(file);

    assertThatThrownBy(() -> b.manifest(ManifestParser.parse(MANIFEST)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("manifestSource was already set to ")
        .hasMessageContaining("m.json");
  }

  @Test
  void build_watchManifestWithFixedManifest_isRefusedNamingIt() {
    AbKit.Builder b = AbKit.builder().manifestJson(MANIFEST).watchManifest(true);

    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("watchManifest(true) has no effect with a fixed manifest");
  }

  @Test
  void build_watchManifestFalseWithFixedManifest_isAccepted() {
    AbKit.builder().manifestJson(MANIFEST).watchManifest(false).build().close();
  }

  @Test
  void build_pipelineWithoutEventStore_isRefusedNamingIt() {
    AbKit.Builder b = AbKit.builder().manifestJson(MANIFEST).pipeline(PipelineSettings.defaults());

    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("pipeline(...) has no effect without an event store: call eventStore(...)");
  }

  @Test
  void build_idSourceWithoutEventStore_isRefusedNamingIt() {
    AbKit.Builder b = AbKit.builder().manifestJson(MANIFEST).idSource(UUID::randomUUID);

    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("idSource(...) has no effect without an event store: call eventStore(...)");
  }

  @Test
  void stickyTimeout_withoutAssignmentStore_refused_outOfRange_refused() {
    assertThatThrownBy(
            () ->
                AbKit.builder()
                    .manifestJson(MANIFEST)
                    .stickyTimeout(java.time.Duration.ofMillis(50))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "stickyTimeout(...) has no effect without an assignment store: call"
                + " assignmentStore(...)");
    assertThatThrownBy(() -> AbKit.builder().stickyTimeout(java.time.Duration.ofSeconds(11)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stickyTimeout must be in 1 ms..10 s, was PT11S");
  }

  @Test
  void assign_nullUnit_isInvalidUnitNotAnException() {
    try (AbKit abkit = AbKit.builder().manifestJson(MANIFEST).build()) {
      Assignment a = abkit.assign("layout", (Unit) null);

      assertThat(a.reason()).isEqualTo(Reason.INVALID_UNIT);
      assertThat(a.enrolled()).isFalse();
      assertThat(a.served()).isEqualTo("A");
      assertThat(abkit.assignAll(null).get("layout").reason()).isEqualTo(Reason.INVALID_UNIT);
      assertThat(abkit.assign("nope", (Unit) null).reason()).isEqualTo(Reason.UNKNOWN_EXPERIMENT);
    }
  }
}
