package dev.abkit.internal.engine;

import static dev.abkit.internal.engine.TestExperiments.experiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.Assignment;
import dev.abkit.manifest.Manifest;
import dev.abkit.manifest.Variant;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SnapshotSwapTest {

  @Test
  void assignAll_duringUpdates_seesOneWholeManifest() throws Exception {
    Manifest m1 =
        Manifest.of(
            experiment("e1")
                .variant(new Variant("A", null, 1, Map.of("m", 1), null))
                .variant("B", 1)
                .build(),
            experiment("e2")
                .variant(new Variant("A", null, 1, Map.of("m", 1), null))
                .variant("B", 1)
                .build());
    Manifest m2 =
        Manifest.of(
            experiment("e1")
                .variant(new Variant("X", null, 1, Map.of("m", 2), null))
                .variant("Y", 1)
                .build(),
            experiment("e2")
                .variant(new Variant("X", null, 1, Map.of("m", 2), null))
                .variant("Y", 1)
                .build());
    Engine engine =
        new Engine(
            m1, Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC), null, Map.of());
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> mixed = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              int i = 0;
              while (!stop.get()) {
                Map<String, Assignment> all = engine.assignAll("u" + (i++ % 100), Map.of());
                boolean first = isFirst(all.get("e1"));
                if (first != isFirst(all.get("e2"))) {
                  mixed.set(all.toString());
                }
              }
            });
    reader.start();
    for (int i = 0; i < 2000; i++) {
      engine.update(i % 2 == 0 ? m2 : m1);
    }
    stop.set(true);
    reader.join();
    assertThat(mixed.get()).as("an assignAll that mixed two manifests").isNull();
  }

  private static boolean isFirst(Assignment a) {
    return a.served().equals("A") || a.served().equals("B");
  }
}
