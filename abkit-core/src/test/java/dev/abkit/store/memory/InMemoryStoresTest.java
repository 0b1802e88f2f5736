package dev.abkit.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The in-memory stores' own accessors. The SPI contract they keep (dedupe, reads, concurrency) is
 * abkit-testing's, run by its {@code InMemoryEventStoreContractTest} and {@code
 * InMemoryAssignmentStoreContractTest} (core's tests cannot depend on abkit-testing, which depends
 * on core).
 */
class InMemoryStoresTest {
  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void readBack_duplicates_keepsTheEarliestExposureAndTheFirstEventOfEachKey() {
    InMemoryEventStore store = new InMemoryEventStore();
    Exposure first = new Exposure("u1", "exp", "A", T0.plusSeconds(2));
    Event e = new Event("e1", "u1", "buy", T0.plusSeconds(1), 4.0, Map.of());
    store.write(List.of(first, e));
    Exposure earlier = new Exposure("u1", "exp", "A", T0);
    Event otherUnitsId = new Event("e1", "u2", "buy", T0.plusSeconds(3), 1.0, Map.of());
    store.write(
        List.of(
            new Exposure("u1", "exp", "A", T0.plusSeconds(5)),
            earlier,
            new Event("e1", "u1", "buy", T0.plusSeconds(9), 100.0, Map.of()),
            otherUnitsId));
    assertThat(store.all()).containsExactly(earlier, e, otherUnitsId);
    assertThat(store.exposures()).containsExactly(earlier);
    assertThat(store.events()).containsExactly(e, otherUnitsId);
    assertThat(store.size()).isEqualTo(3);
  }

  @Test
  void readBack_secondVariant_isKeptBesideTheFirst() {
    InMemoryEventStore store = new InMemoryEventStore();
    Exposure a = new Exposure("u1", "exp", "A", T0);
    Exposure b = new Exposure("u1", "exp", "B", T0.plusSeconds(5));
    store.write(List.of(a, b));
    assertThat(store.exposures()).containsExactly(a, b);
  }

  @Test
  void clear_afterWrites_removesEverythingAndForgetsTheKeys() {
    InMemoryEventStore store = new InMemoryEventStore();
    Exposure x = new Exposure("u1", "exp", "A", T0);
    store.write(List.of(x, new Event("e1", "u1", "buy", T0, null, Map.of())));
    store.clear();
    assertThat(store.size()).isZero();
    assertThat(store.all()).isEmpty();
    store.write(List.of(x));
    assertThat(store.exposures()).containsExactly(x);
  }

  @Test
  void get_storedAssignment_returnsItsVariantWhateverTheSalt() {
    InMemoryAssignmentStore store = new InMemoryAssignmentStore();
    assertThat(store.getOrPut("exp", "u1", "s1", "A")).isEqualTo("A");
    assertThat(store.get("exp", "u1")).contains("A");
    assertThat(store.getOrPut("exp", "u1", "s2", "B")).isEqualTo("B");
    assertThat(store.get("exp", "u1")).contains("B");
    assertThat(store.get("exp", "u2")).isEmpty();
    assertThat(store.size()).isEqualTo(1);
  }
}
