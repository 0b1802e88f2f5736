package dev.abkit.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.AbKit;
import dev.abkit.manifest.Manifest;
import dev.abkit.store.memory.InMemoryEventStore;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MicrometerMetricsTest {
  @TempDir Path dir;

  @Test
  void bindTo_readsEveryCounterLive() {
    AtomicReference<PipelineMetrics> current =
        new AtomicReference<>(new PipelineMetrics(1, 2, 3, 4, 5, 6, 7, 11, 12, 8, 9, 10));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerMetrics.of(current::get, Tags.of("app", "shop")).bindTo(registry);

    assertThat(count(registry, "abkit.pipeline.records", "queued")).isEqualTo(1);
    assertThat(count(registry, "abkit.pipeline.records", "written")).isEqualTo(2);
    assertThat(count(registry, "abkit.pipeline.batches", "retried")).isEqualTo(3);
    assertThat(count(registry, "abkit.pipeline.batches", "failed")).isEqualTo(4);
    assertThat(count(registry, "abkit.pipeline.records", "spilled")).isEqualTo(5);
    assertThat(count(registry, "abkit.pipeline.records", "replayed")).isEqualTo(6);
    assertThat(count(registry, "abkit.pipeline.records", "dropped")).isEqualTo(7);
    assertThat(count(registry, "abkit.pipeline.records", "duplicate")).isEqualTo(8);
    assertThat(count(registry, "abkit.pipeline.records", "quarantined")).isEqualTo(11);
    assertThat(count(registry, "abkit.pipeline.records", "skipped")).isEqualTo(12);
    assertThat(registry.get("abkit.pipeline.queue.depth").tag("app", "shop").gauge().value())
        .isEqualTo(9);
    assertThat(registry.get("abkit.pipeline.journal.size").gauge().value()).isEqualTo(10);

    current.set(new PipelineMetrics(100, 2, 3, 4, 5, 6, 7, 11, 12, 8, 0, 0));
    assertThat(count(registry, "abkit.pipeline.records", "queued")).isEqualTo(100);
    assertThat(registry.get("abkit.pipeline.queue.depth").gauge().value()).isZero();
  }

  @Test
  void bind_abkit_countsWhatItsPipelineDid() {
    InMemoryEventStore store = new InMemoryEventStore();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (AbKit abkit =
        AbKit.builder()
            .manifest(Manifest.of())
            .eventStore(store)
            .pipeline(
                PipelineSettings.builder()
                    .journalDir(dir)
                    .flushInterval(Duration.ofMillis(5))
                    .build())
            .build()) {
      MicrometerMetrics.bind(abkit, registry);
      for (int i = 0; i < 3; i++) {
        abkit.track(
            new dev.abkit.event.Event("e" + i, "u", "click", Instant.now(), null, Map.of()));
      }
      abkit.track(new dev.abkit.event.Event("e0", "u", "click", Instant.now(), null, Map.of()));
      abkit.flush();
      // the binder and its supplier are unreachable from here: the meters must survive a GC
      System.gc();
      assertThat(count(registry, "abkit.pipeline.records", "queued")).isEqualTo(3);
      assertThat(count(registry, "abkit.pipeline.records", "written")).isEqualTo(3);
      assertThat(count(registry, "abkit.pipeline.records", "duplicate")).isEqualTo(1);
    }
    assertThat(store.events()).hasSize(3);
  }

  private static double count(SimpleMeterRegistry r, String name, String outcome) {
    return r.get(name).tag("outcome", outcome).functionCounter().count();
  }
}
