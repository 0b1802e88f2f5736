package dev.abkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.abkit.event.Event;
import dev.abkit.event.Observation;
import dev.abkit.spi.AssignmentStore;
import dev.abkit.spi.DailyData;
import dev.abkit.spi.EventStore;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.MetricQuery;
import dev.abkit.spi.PairedData;
import dev.abkit.spi.VariantData;
import dev.abkit.store.memory.InMemoryEventStore;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestExecutionResult.Status;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The contract can fail: run against deliberately broken stores, exactly the rules each one breaks
 * fail, and a store that can show nothing gets its rules skipped, never passed.
 */
class ContractCatchesBrokenStoresTest {

  @Test
  void eventStoreContract_storeDedupingWithinABatchOnly_failsEveryRuleAcrossBatches() {
    assertThat(run(PerBatchDedupeContract.class))
        .isEqualTo(
            expected(
                EventStoreContract.class,
                Map.of(
                    "firstExposure_earlierExposureArrivingLater_isTheFirst", Status.FAILED,
                    "multipleVariants_unitExposedToTwo_excludedAndCounted", Status.FAILED,
                    "eventOncePerUnitAndId_resentEvent_firstKept", Status.FAILED,
                    "eventOncePerUnitAndId_idReusedByAnotherUnit_bothStored", Status.FAILED,
                    "idempotentWrite_retriedBatch_storedOnce", Status.FAILED,
                    "idempotentWrite_overlappingBatchesFromTwoInstances_eachStoredOnce",
                        Status.FAILED,
                    "concurrentWriters_overlappingRecords_eachStoredOnce", Status.FAILED,
                    "countingSemantics_generatedDataWithEveryTrap_matchesTheReference",
                        Status.FAILED,
                    "dimension_unitsByFirstValueReceived_eachSegmentReadLikeTheExperiment",
                        Status.FAILED)));
  }

  @Test
  void eventStoreContract_storeCountingEventsBeforeTheExposure_failsTheAttributionRules() {
    assertThat(run(IgnoresEventTimeContract.class))
        .isEqualTo(
            expected(
                EventStoreContract.class,
                Map.of(
                    "eventCountsFromFirstExposure_eventBeforeIt_notCounted", Status.FAILED,
                    "sufficientStatistics_purchasesAroundTheExposure_matchHandComputedSums",
                        Status.FAILED,
                    "sufficientStatistics_clicksAndBuysAmongNoise_matchHandComputedSums",
                        Status.FAILED,
                    "sufficientStatistics_revenueAndClicks_matchHandComputedSums", Status.FAILED,
                    "countingWindow_eventsAroundDelayWindowAndEnd_onlyThoseInsideCount",
                        Status.FAILED,
                    "countingSemantics_generatedDataWithEveryTrap_matchesTheReference",
                        Status.FAILED,
                    "pairing_ratioDenominator_sumsBothValuesPerUnit", Status.FAILED,
                    "pairing_prePeriod_sumsTheValueBeforeTheFirstExposure", Status.FAILED,
                    "timeline_unitsByExposureAndConversionDay_countedOnce", Status.FAILED)));
  }

  @Test
  void eventStoreContract_sinkThatShowsNothing_rulesSkippedAndItsReadFails() {
    Map<String, Status> expected = new HashMap<>();
    for (String name : testMethods(EventStoreContract.class)) {
      expected.put(name, Status.ABORTED);
    }
    expected.put("ping_storeUp_returnsNormally", Status.SUCCESSFUL);
    // it says it cannot read back, but read does not throw UnsupportedOperationException
    expected.put("readBack_asReadsBackDeclares_readsOrThrowsUnsupportedOperation", Status.FAILED);

    assertThat(run(SinkContract.class)).isEqualTo(new TreeMap<>(expected));
  }

  @Test
  void assignmentStoreContract_lastProposalWins_failsEveryStickyRuleButTheFirst() {
    assertThat(run(LastProposalWinsContract.class))
        .isEqualTo(
            expected(
                AssignmentStoreContract.class,
                Map.of(
                    "stickyAssignment_laterProposals_getTheFirstVariant", Status.FAILED,
                    "stickyAssignment_otherUnitOrExperiment_independent", Status.FAILED,
                    "saltChange_storedAssignment_replacedByTheNewProposal", Status.FAILED,
                    "stickyAssignment_concurrentCallers_allGetTheSameVariant", Status.FAILED)));
  }

  /** Every test method of {@code contract} succeeding, but for {@code except}. */
  private static Map<String, Status> expected(Class<?> contract, Map<String, Status> except) {
    Map<String, Status> all = new TreeMap<>();
    for (String name : testMethods(contract)) {
      all.put(name, except.getOrDefault(name, Status.SUCCESSFUL));
    }
    assertThat(all).as("the rules named in the test exist").containsKeys(keys(except));
    return all;
  }

  private static String[] keys(Map<String, Status> m) {
    return m.keySet().toArray(new String[0]);
  }

  /** The rules of {@code contract}, with those of the layers it extends. */
  private static List<String> testMethods(Class<?> contract) {
    List<String> names = new ArrayList<>();
    for (Class<?> c = contract; c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.isAnnotationPresent(Test.class)) {
          names.add(m.getName());
        }
      }
    }
    return names;
  }

  /** Runs {@code testClass} with a launcher of its own: each test method's outcome by name. */
  private static Map<String, Status> run(Class<?> testClass) {
    Map<String, Status> outcomes = new ConcurrentHashMap<>();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
            new TestExecutionListener() {
              @Override
              public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                id.getSource()
                    .filter(MethodSource.class::isInstance)
                    .map(s -> ((MethodSource) s).getMethodName())
                    .ifPresent(name -> outcomes.put(name, result.getStatus()));
              }
            });
    return new TreeMap<>(outcomes);
  }

  /** Each batch in an in-memory store of its own: duplicates across batches are all kept. */
  static final class PerBatchDedupeStore implements EventStore {
    private final List<InMemoryEventStore> batches = new CopyOnWriteArrayList<>();

    @Override
    public void write(List<Observation> batch) {
      InMemoryEventStore s = new InMemoryEventStore();
      s.write(batch);
      batches.add(s);
    }

    @Override
    public ExperimentData read(ExperimentQuery query) {
      Map<String, Long> exposed = new TreeMap<>();
      Map<String, Map<String, MetricData>> metrics = new HashMap<>();
      Map<String, Map<String, PairedData>> paired = new HashMap<>();
      Map<String, Double> caps = new HashMap<>();
      for (InMemoryEventStore s : batches) {
        ExperimentData data = s.read(query);
        data.cappedAt().forEach(caps::putIfAbsent);
        for (VariantData v : data.variants()) {
          exposed.merge(v.variant(), v.exposures(), Long::sum);
          for (MetricQuery q : query.metrics()) {
            metrics
                .computeIfAbsent(v.variant(), k -> new HashMap<>())
                .merge(q.name(), v.metric(q.name()), MetricData::plus);
            paired
                .computeIfAbsent(v.variant(), k -> new HashMap<>())
                .merge(q.name(), v.paired(q.name()), PairedData::plus);
          }
        }
      }
      List<VariantData> variants = new ArrayList<>();
      exposed.forEach(
          (v, n) ->
              variants.add(
                  new VariantData(
                      v, n, metrics.getOrDefault(v, Map.of()), paired.getOrDefault(v, Map.of()))));
      return new ExperimentData(query.experiment(), variants, Map.of(), 0, 0, caps);
    }

    @Override
    public List<DailyData> readDaily(ExperimentQuery query, String metric) {
      List<DailyData> cells = new ArrayList<>();
      for (InMemoryEventStore s : batches) {
        cells.addAll(s.readDaily(query, metric));
      }
      return cells;
    }

    long exposures() {
      return batches.stream().mapToLong(s -> s.exposures().size()).sum();
    }

    long events() {
      return batches.stream().mapToLong(s -> s.events().size()).sum();
    }
  }

  static class PerBatchDedupeContract extends EventStoreContract<PerBatchDedupeStore> {
    @Override
    protected PerBatchDedupeStore newStore() {
      return new PerBatchDedupeStore();
    }

    @Override
    protected OptionalLong storedExposures(PerBatchDedupeStore store) {
      return OptionalLong.of(store.exposures());
    }

    @Override
    protected OptionalLong storedEvents(PerBatchDedupeStore store) {
      return OptionalLong.of(store.events());
    }
  }

  /** Stores every event as if it happened at the end of time, so none is before an exposure. */
  static class IgnoresEventTimeContract extends EventStoreContract<EventStore> {
    @Override
    protected EventStore newStore() {
      InMemoryEventStore inner = new InMemoryEventStore();
      Instant late = Instant.parse("9999-01-01T00:00:00Z");
      return new EventStore() {
        @Override
        public void write(List<Observation> batch) {
          List<Observation> moved = new ArrayList<>();
          for (Observation o : batch) {
            moved.add(
                o instanceof Event e
                    ? new Event(e.id(), e.unit(), e.name(), late, e.value(), e.properties())
                    : o);
          }
          inner.write(moved);
        }

        @Override
        public ExperimentData read(ExperimentQuery query) {
          return inner.read(query);
        }

        @Override
        public List<DailyData> readDaily(ExperimentQuery query, String metric) {
          return inner.readDaily(query, metric);
        }
      };
    }
  }

  /**
   * A write-only store that offers no counts, and whose read wrongly answers instead of throwing.
   */
  static class SinkContract extends EventStoreContract<EventStore> {
    @Override
    protected EventStore newStore() {
      return new EventStore() {
        @Override
        public void write(List<Observation> batch) {}

        @Override
        public ExperimentData read(ExperimentQuery query) {
          return new ExperimentData(query.experiment(), List.of());
        }
      };
    }

    @Override
    protected boolean readsBack() {
      return false;
    }
  }

  /** Every call stores its proposal: nothing sticks. */
  static class LastProposalWinsContract extends AssignmentStoreContract<AssignmentStore> {
    @Override
    protected AssignmentStore newStore() {
      Set<String> keys = ConcurrentHashMap.newKeySet();
      return (experiment, unit, salt, proposed) -> {
        keys.add(experiment + "/" + unit);
        return proposed;
      };
    }
  }
}
