package dev.abkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineSettingsTest {

  @Test
  void defaults_areTheDocumentedValues() {
    PipelineSettings d = PipelineSettings.defaults();
    assertThat(d.queueCapacity()).isEqualTo(65_536);
    assertThat(d.batchSize()).isEqualTo(1000);
    assertThat(d.flushInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(d.retryInitialBackoff()).isEqualTo(Duration.ofMillis(100));
    assertThat(d.retryMaxBackoff()).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.spillAfterFailures()).isEqualTo(3);
    assertThat(d.spillAfter()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.journalDir()).isEqualTo(Optional.of(Path.of("abkit-journal")));
    assertThat(d.durable()).isFalse();
    assertThat(d.overflow()).isEqualTo(PipelineSettings.Overflow.BLOCK_THEN_SPILL);
    assertThat(d.overflowTimeout()).isEqualTo(Duration.ofMillis(10));
    assertThat(d.exposureDedupeSize()).isEqualTo(1_000_000);
    assertThat(d.eventIdDedupeSize()).isEqualTo(100_000);
    assertThat(d.closeTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void builder_everySetter_isKept() {
    PipelineSettings s =
        PipelineSettings.builder()
            .queueCapacity(10)
            .batchSize(5)
            .flushInterval(Duration.ofMillis(7))
            .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(3))
            .spillAfterFailures(9)
            .spillAfter(Duration.ZERO)
            .journalDir(Path.of("/tmp/j"))
            .durable(true)
            .overflow(PipelineSettings.Overflow.DROP)
            .overflowTimeout(Duration.ZERO)
            .exposureDedupeSize(0)
            .eventIdDedupeSize(11)
            .closeTimeout(Duration.ofSeconds(1))
            .build();
    assertThat(s.toString())
        .isEqualTo(
            "PipelineSettings{queueCapacity=10, batchSize=5, flushInterval=PT0.007S,"
                + " retryBackoff=PT0.002S..PT0.003S, spillAfterFailures=9, spillAfter=PT0S,"
                + " journalDir=/tmp/j, durable=true, overflow=DROP, overflowTimeout=PT0S,"
                + " exposureDedupeSize=0, eventIdDedupeSize=11, closeTimeout=PT1S}");
    assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
  }

  @Test
  void setters_badValues_areRejectedNamingTheSetting() {
    PipelineSettings.Builder b = PipelineSettings.builder();
    assertThatThrownBy(() -> b.queueCapacity(0))
        .hasMessage("queueCapacity must be in 1..268435456, was 0");
    assertThatThrownBy(() -> b.batchSize(-1)).hasMessage("batchSize must be in 1..1000000, was -1");
    assertThatThrownBy(() -> b.flushInterval(Duration.ZERO))
        .hasMessage("flushInterval must be in PT0.001S..PT1M, was PT0S");
    assertThatThrownBy(() -> b.flushInterval(null)).hasMessage("flushInterval must not be null");
    assertThatThrownBy(() -> b.retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessage("retryBackoff initial must be <= max, was PT2S > PT1S");
    assertThatThrownBy(() -> b.retryBackoff(Duration.ofMillis(-1), Duration.ofSeconds(1)))
        .hasMessageStartingWith("retryBackoff initial must be in");
    assertThatThrownBy(() -> b.spillAfterFailures(0)).hasMessageStartingWith("spillAfterFailures");
    assertThatThrownBy(() -> b.spillAfter(Duration.ofHours(1)))
        .hasMessageStartingWith("spillAfter");
    assertThatThrownBy(() -> b.journalDir(null)).hasMessageStartingWith("journalDir");
    assertThatThrownBy(() -> b.overflow(null)).hasMessageStartingWith("overflow");
    assertThatThrownBy(() -> b.overflowTimeout(Duration.ofSeconds(2)))
        .hasMessageStartingWith("overflowTimeout");
    assertThatThrownBy(() -> b.exposureDedupeSize(-1)).hasMessageStartingWith("exposureDedupeSize");
    assertThatThrownBy(() -> b.eventIdDedupeSize(-1)).hasMessageStartingWith("eventIdDedupeSize");
    assertThatThrownBy(() -> b.closeTimeout(Duration.ofSeconds(-1)))
        .hasMessageStartingWith("closeTimeout");
    assertThatThrownBy(() -> b.queueCapacity(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void build_conflictingSettings_areRejected() {
    assertThatThrownBy(() -> PipelineSettings.builder().queueCapacity(10).batchSize(11).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchSize (11) must be <= queueCapacity (10)");
    assertThatThrownBy(() -> PipelineSettings.builder().noJournal().durable(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("durable mode needs a journalDir, but noJournal() was set");
  }

  @Test
  void noJournal_leavesTheJournalDirEmpty() {
    assertThat(PipelineSettings.builder().noJournal().build().journalDir()).isEmpty();
  }

  @Test
  void setter_givenTwice_isRefusedNamingTheEarlierValue() {
    assertThatThrownBy(() -> PipelineSettings.builder().batchSize(500).batchSize(600))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("batchSize was already set to 500");
    assertThatThrownBy(
            () ->
                PipelineSettings.builder()
                    .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(2))
                    .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(3)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("retryBackoff was already set to PT0.001S..PT0.002S");
    assertThatThrownBy(() -> PipelineSettings.builder().journalDir(Path.of("j")).noJournal())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("journalDir was already set to j");
    assertThatThrownBy(() -> PipelineSettings.builder().noJournal().journalDir(Path.of("j")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("journalDir was already set to noJournal()");
    assertThatThrownBy(() -> PipelineSettings.builder().durable(false).durable(true))
        .hasMessage("durable was already set to false");
  }

  @Test
  void setter_badValue_doesNotCountAsGiven() {
    PipelineSettings.Builder b = PipelineSettings.builder();
    assertThatThrownBy(() -> b.queueCapacity(0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(b.queueCapacity(8).batchSize(8).build().queueCapacity()).isEqualTo(8);
  }

  @Test
  void toBuilder_valuesAreStartingPoints_eachMayBeSetOnceMore() {
    PipelineSettings s = PipelineSettings.builder().batchSize(10).build();
    PipelineSettings t = s.toBuilder().batchSize(20).build();
    assertThat(t.batchSize()).isEqualTo(20);
    assertThat(s.batchSize()).isEqualTo(10);
  }

  @Test
  void equalsAndHashCode_coverEveryField() {
    PipelineSettings d = PipelineSettings.defaults();
    List<PipelineSettings> variants =
        List.of(
            d.toBuilder().queueCapacity(70_000).build(),
            d.toBuilder().batchSize(999).build(),
            d.toBuilder().flushInterval(Duration.ofMillis(201)).build(),
            d.toBuilder().retryBackoff(Duration.ofMillis(101), Duration.ofSeconds(10)).build(),
            d.toBuilder().retryBackoff(Duration.ofMillis(100), Duration.ofSeconds(11)).build(),
            d.toBuilder().spillAfterFailures(4).build(),
            d.toBuilder().spillAfter(Duration.ofSeconds(6)).build(),
            d.toBuilder().journalDir(Path.of("elsewhere")).build(),
            d.toBuilder().durable(true).build(),
            d.toBuilder().overflow(PipelineSettings.Overflow.DROP).build(),
            d.toBuilder().overflowTimeout(Duration.ofMillis(11)).build(),
            d.toBuilder().exposureDedupeSize(1).build(),
            d.toBuilder().eventIdDedupeSize(1).build(),
            d.toBuilder().closeTimeout(Duration.ofSeconds(11)).build());
    for (PipelineSettings v : variants) {
      assertThat(v).isNotEqualTo(d);
      assertThat(v.hashCode()).as(v.toString()).isNotEqualTo(d.hashCode());
    }
  }

  @Test
  void constructor_appliesTheSameChecksAsTheBuilder() {
    PipelineSettings d = PipelineSettings.defaults();
    assertThatThrownBy(
            () ->
                new PipelineSettings(
                    0,
                    d.batchSize(),
                    d.flushInterval(),
                    d.retryInitialBackoff(),
                    d.retryMaxBackoff(),
                    d.spillAfterFailures(),
                    d.spillAfter(),
                    d.journalDir(),
                    d.durable(),
                    d.overflow(),
                    d.overflowTimeout(),
                    d.exposureDedupeSize(),
                    d.eventIdDedupeSize(),
                    d.closeTimeout()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("queueCapacity must be in 1..268435456, was 0");
    assertThatThrownBy(
            () ->
                new PipelineSettings(
                    d.queueCapacity(),
                    d.batchSize(),
                    d.flushInterval(),
                    d.retryInitialBackoff(),
                    d.retryMaxBackoff(),
                    d.spillAfterFailures(),
                    d.spillAfter(),
                    Optional.empty(),
                    true,
                    d.overflow(),
                    d.overflowTimeout(),
                    d.exposureDedupeSize(),
                    d.eventIdDedupeSize(),
                    d.closeTimeout()))
        .hasMessage("durable mode needs a journalDir, but noJournal() was set");
  }
}
