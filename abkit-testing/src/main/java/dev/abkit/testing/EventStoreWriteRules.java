package dev.abkit.testing;

import static dev.abkit.testing.Records.EXP;
import static dev.abkit.testing.Records.T0;
import static dev.abkit.testing.Records.assertMetric;
import static dev.abkit.testing.Records.event;
import static dev.abkit.testing.Records.exposure;
import static dev.abkit.testing.Records.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.spi.EventStore;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.VariantData;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The event store hooks beyond the shared ones, the rules about what a store keeps when records are
 * handed over (DESIGN.md section 3 and the SPI), and the helpers every event store rule uses.
 * {@link EventStoreContract} adds the read rules; this layer keeps each file a readable size.
 *
 * <p><b>Adding a rule</b>: one public {@code @Test} method, named {@code rule_condition_result}
 * after the rule in DESIGN.md, here (writes) or in {@link EventStoreContract} (reads), or in a new
 * layer between the two for a new group of rules. It writes through {@link #store()} and checks
 * through {@link #assertHeld} (by {@code read} and by the counting hooks, skipped when neither can
 * show it); a rule that needs something new from the store gets a hook whose default skips it.
 *
 * @param <S> the store under test
 */
abstract class EventStoreWriteRules<S extends EventStore> extends StoreContractBase<S> {
  private static final int WRITE_ATTEMPTS = 3;
  static final long NOT_COUNTED = -1;

  EventStoreWriteRules() {}

  /**
   * Whether {@link EventStore#read} reads back; {@code false} for write-only stores, whose {@code
   * read} must throw {@link UnsupportedOperationException} and whose read rules are skipped.
   */
  protected boolean readsBack() {
    return true;
  }

  /**
   * How many exposures {@code store} holds, one per (experiment, unit) of units exposed to one
   * variant (rows, keys), counted below {@code read}; empty (the default) for stores that cannot
   * tell, or that dedupe on read and so hold duplicates (append-only files).
   */
  protected OptionalLong storedExposures(S store) throws Exception {
    return OptionalLong.empty();
  }

  /** How many events {@code store} holds, one per (unit, id); as {@link #storedExposures}. */
  protected OptionalLong storedEvents(S store) throws Exception {
    return OptionalLong.empty();
  }

  // ---- DESIGN.md 9: a unit's first exposure is its earliest; two variants exclude it

  /**
   * An exposure of the same unit and variant, in the same batch or a later one, does not add a
   * unit; an earlier one that arrives later becomes the first exposure (an event between the two
   * times then counts).
   */
  @Test
  public void firstExposure_earlierExposureArrivingLater_isTheFirst() throws Exception {
    S s = store();
    s.write(List.of(exposure("u1", "A", 10), exposure("u1", "A", 12)));
    s.write(List.of(exposure("u1", "A", 0), event("e1", "u1", "click", 5, null)));
    s.write(List.of(exposure("u1", "A", 20)));

    assertHeld(
        () -> {
          ExperimentData data = read("click");
          assertThat(data.variants()).as("variants of a unit exposed to A only").hasSize(1);
          assertThat(variant(data, "A").exposures()).isEqualTo(1);
          assertMetric(variant(data, "A").metric("click"), 1, 1, 1);
          assertThat(data.multipleExposures()).isZero();
        },
        1,
        NOT_COUNTED);
  }

  /**
   * A unit exposed to two variants, whichever came first, is in no variant, its events count
   * nowhere, and it is counted in {@code multipleExposures}.
   */
  @Test
  public void multipleVariants_unitExposedToTwo_excludedAndCounted() throws Exception {
    requireReadBack();
    S s = store();
    s.write(List.of(exposure("u1", "A", 0), exposure("u2", "A", 0), exposure("u3", "B", 0)));
    s.write(List.of(event("e1", "u1", "click", 1, null), event("e2", "u2", "click", 1, null)));
    s.write(List.of(exposure("u1", "B", 2), exposure("u3", "A", -5), exposure("u2", "A", 3)));

    ExperimentData data = read("click");
    assertThat(data.variants()).extracting(VariantData::variant).containsExactly("A");
    assertThat(variant(data, "A").exposures()).isEqualTo(1);
    assertMetric(variant(data, "A").metric("click"), 1, 1, 1);
    assertThat(data.multipleExposures()).isEqualTo(2);
  }

  /** The key is (experiment, unit): one unit's exposure to another experiment is its own. */
  @Test
  public void exposureOncePerUnit_otherExperiment_storedToo() throws Exception {
    S s = store();
    s.write(List.of(exposure("u1", "A", 0), new Exposure("u1", "other", "B", T0)));

    assertHeld(
        () -> {
          ExperimentData data = read();
          assertThat(data.variants()).extracting(VariantData::variant).containsExactly("A");
          assertThat(data.multipleExposures()).isZero();
          ExperimentData other = s.read(ExperimentQuery.of("other", List.of()));
          assertThat(variant(other, "B").exposures()).isEqualTo(1);
          assertThat(other.variants()).hasSize(1);
        },
        2,
        NOT_COUNTED);
  }

  // ---- DESIGN.md 9: an event is stored once per (unit, id), the first kept

  /** An event resent, even with other fields, is stored once: the first written. */
  @Test
  public void eventOncePerUnitAndId_resentEvent_firstKept() throws Exception {
    S s = store();
    s.write(List.of(exposure("u1", "A", 0), event("e1", "u1", "buy", 1, 4.0)));
    s.write(List.of(exposure("u1", "A", 5), event("e1", "u1", "buy", 9, 100.0)));
    List<Observation> batch = List.of(event("same", "u1", "kpi_click", 1, 2.0));
    s.write(batch);
    s.write(batch);
    s.write(List.of(event("same", "u1", "kpi_click", 1, 2.0)));

    assertHeld(
        () -> {
          ExperimentData data = read("buy", "kpi_click");
          assertThat(data.variants()).hasSize(1);
          VariantData a = variant(data, "A");
          assertThat(a.exposures()).isEqualTo(1);
          assertMetric(a.metric("buy"), 1, 4, 16);
          assertMetric(a.metric("kpi_click"), 1, 2, 4);
        },
        1,
        2);
  }

  /**
   * Ids are scoped per unit: another unit's event with an id already stored is stored too, and both
   * count.
   */
  @Test
  public void eventOncePerUnitAndId_idReusedByAnotherUnit_bothStored() throws Exception {
    S s = store();
    s.write(List.of(exposure("u1", "A", 0), exposure("u2", "B", 0)));
    s.write(List.of(event("same", "u1", "kpi_click", 1, 2.0)));
    s.write(List.of(event("same", "u1", "kpi_click", 1, 2.0), event("same", "u2", "x", 3, 9.0)));

    assertHeld(
        () -> {
          ExperimentData data = read("kpi_click", "x");
          assertMetric(variant(data, "A").metric("kpi_click"), 1, 2, 4);
          assertMetric(variant(data, "B").metric("x"), 1, 9, 81);
        },
        NOT_COUNTED,
        2);
  }

  // ---- the SPI: writes are idempotent, whoever hands a record over again

  /**
   * A batch written twice (the pipeline retries a failed batch) is counted once, and a later
   * exposure of the same unit and variant does not add a unit.
   */
  @Test
  public void idempotentWrite_retriedBatch_storedOnce() throws Exception {
    S s = store();
    List<Observation> batch =
        List.of(
            exposure("u1", "A", 0),
            event("e1", "u1", "click", 1, 2.0),
            event("e2", "u1", "click", 2, 3.0));
    s.write(batch);
    s.write(batch);
    s.write(List.of(exposure("u1", "A", 10)));

    assertHeld(
        () -> {
          ExperimentData data = read("click");
          assertThat(data.variants()).hasSize(1);
          assertThat(variant(data, "A").exposures()).isEqualTo(1);
          assertMetric(variant(data, "A").metric("click"), 1, 5, 25);
        },
        1,
        2);
  }

  /**
   * Overlapping batches from two instances sharing the data ({@link #anotherInstance()}; the one
   * store when there is none) store each record once.
   */
  @Test
  public void idempotentWrite_overlappingBatchesFromTwoInstances_eachStoredOnce() throws Exception {
    S first = store();
    S second = anotherOrSame();
    List<Observation> batch = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      batch.add(exposure("u" + i, i % 2 == 0 ? "A" : "B", i));
      batch.add(event("e" + i, "u" + i, "kpi_click", i + 1, null));
    }
    first.write(batch.subList(0, 1600));
    second.write(batch.subList(800, 2400));
    first.write(batch);

    assertHeld(
        () -> {
          ExperimentData data = read("kpi_click");
          for (String v : List.of("A", "B")) {
            assertThat(variant(data, v).exposures()).as("exposures of %s", v).isEqualTo(600);
            assertMetric(variant(data, v).metric("kpi_click"), 600, 600, 600);
          }
        },
        1200,
        1200);
  }

  /**
   * Eight writers, on two instances when {@link #anotherInstance()} gives one, race on overlapping
   * units and event ids (each writer's units half overlap the next one's): every record is stored
   * exactly once. A batch that throws is retried whole, as abkit's pipeline does, which the SPI
   * allows (a database may abort one of two racing transactions).
   */
  @Test
  public void concurrentWriters_overlappingRecords_eachStoredOnce() throws Exception {
    List<S> instances = List.of(store(), anotherOrSame());
    int writers = 8;
    int unitsPerWriter = 2500;
    int unitsPerBatch = 250;
    List<Callable<Void>> work = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      S target = instances.get(w % 2);
      int from = w * unitsPerWriter / 2;
      work.add(
          () -> {
            for (int batchStart = from;
                batchStart < from + unitsPerWriter;
                batchStart += unitsPerBatch) {
              List<Observation> batch = new ArrayList<>();
              for (int u = batchStart; u < batchStart + unitsPerBatch; u++) {
                // the same variant and times for a unit in every writer: only dedupe is racing
                batch.add(exposure("u" + u, u % 2 == 0 ? "A" : "B", 0));
                batch.add(event("e" + u, "u" + u, "click", 1, null));
              }
              writeRetrying(target, batch);
            }
            return null;
          });
    }
    Parallel.callAll(work);

    long units = (writers - 1L) * unitsPerWriter / 2 + unitsPerWriter; // 11,250
    assertHeld(
        () -> {
          ExperimentData data = read("click");
          for (String v : List.of("A", "B")) {
            assertThat(variant(data, v).exposures()).as("exposures of %s", v).isEqualTo(units / 2);
            assertMetric(variant(data, v).metric("click"), units / 2, units / 2, units / 2);
          }
        },
        units,
        units);
  }

  // ---- the SPI: read as declared, ping

  /** Whether {@code read} works is as {@link #readsBack()} says: it reads, or it says it cannot. */
  @Test
  public void readBack_asReadsBackDeclares_readsOrThrowsUnsupportedOperation() throws Exception {
    S s = store();
    s.write(List.of(exposure("u1", "A", 0)));
    ExperimentQuery query = ExperimentQuery.of(EXP, List.of("click"));
    if (readsBack()) {
      assertThat(s.read(query).experiment()).isEqualTo(EXP);
    } else {
      assertThatThrownBy(() -> s.read(query))
          .as("read of a store whose readsBack() is false")
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  /** A store that is up answers the pipeline's probe. */
  @Test
  public void ping_storeUp_returnsNormally() throws Exception {
    store().ping();
  }

  // ---- helpers for the rules

  /** Reads the statistics of {@code metrics} in the contract's experiment from the test's store. */
  final ExperimentData read(String... metrics) throws Exception {
    return store().read(ExperimentQuery.of(EXP, List.of(metrics)));
  }

  /**
   * Checks a rule about what the store holds: by {@code read} ({@code byRead}) when it reads back,
   * by the counting hooks when it counts ({@link #NOT_COUNTED} leaves one out); skipped when
   * neither can show it.
   */
  final void assertHeld(ReadCheck byRead, long exposures, long events) throws Exception {
    boolean shown = false;
    if (readsBack()) {
      byRead.run();
      shown = true;
    }
    shown |= assertCount(storedExposures(store()), exposures, "exposures held (storedExposures)");
    shown |= assertCount(storedEvents(store()), events, "events held (storedEvents)");
    Assumptions.assumeTrue(
        shown,
        "the store neither reads back (readsBack()) nor counts what it holds (storedExposures(),"
            + " storedEvents()): nothing can show whether this rule holds");
  }

  /** Assertions on what the store reads back. */
  @FunctionalInterface
  interface ReadCheck {
    void run() throws Exception;
  }

  private static boolean assertCount(OptionalLong held, long expected, String what) {
    if (held.isEmpty() || expected == NOT_COUNTED) {
      return false;
    }
    assertThat(held.getAsLong()).as(what).isEqualTo(expected);
    return true;
  }

  /** Skips a rule that can only be shown by reading back, for a store that does not. */
  final void requireReadBack() {
    Assumptions.assumeTrue(readsBack(), "the store does not read back (readsBack() is false)");
  }

  /** Writes as abkit's pipeline does: a batch that throws is handed over again, whole. */
  private static void writeRetrying(EventStore store, List<Observation> batch) throws Exception {
    Exception failure = null;
    for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      try {
        store.write(batch);
        return;
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    throw failure;
  }
}
