package dev.abkit.testing;

import static dev.abkit.testing.Records.EXP;
import static dev.abkit.testing.Records.T0;
import static dev.abkit.testing.Records.assertMetric;
import static dev.abkit.testing.Records.event;
import static dev.abkit.testing.Records.exposure;
import static dev.abkit.testing.Records.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.abkit.analysis.Analyzer;
import dev.abkit.analysis.Comparison;
import dev.abkit.analysis.ExperimentResult;
import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.ManifestParser;
import dev.abkit.spi.EventStore;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.VariantData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link EventStore}, as tests to run against your store: extend this class in your
 * test sources, return a new, empty store from {@link #newStore()}, and JUnit runs every rule below
 * against it.
 *
 * <pre>{@code
 * class MyEventStoreContractTest extends EventStoreContract<MyEventStore> {
 *   @Override
 *   protected MyEventStore newStore() {
 *     return new MyEventStore(...); // empty: a fresh directory, table prefix or schema
 *   }
 * }
 * }</pre>
 *
 * <p><b>The rules</b> are the SPI's javadoc and DESIGN.md sections 3 (exposures and events) and 9
 * (analysis semantics), one test method each, named {@code rule_condition_result}: a unit's first
 * exposure is its earliest; a unit exposed to two variants is in none and counted; an event is
 * stored once per (unit, id); a batch handed over again, by the same or another instance or by
 * racing writers, changes nothing; {@code read} gives per variant the exposed units and, per
 * metric, the units with an event that counts ({@code first exposure + delay <= time < first
 * exposure + window}, before the end), with the sum and sum of squares of each unit's total (what
 * each event adds is the metric's {@link dev.abkit.spi.MetricQuery.Amount}). One generated data set
 * with every trap is read back against an independent computation.
 *
 * <p><b>Hooks</b> for stores that differ: {@link #anotherInstance()} (a second instance over the
 * same data), {@link #readsBack()} ({@code false} for a write-only store), {@link #storedExposures}
 * and {@link #storedEvents} (counts, for stores that dedupe as they write) and {@link #cleanUp()}.
 * A rule that a store can show neither through {@code read} nor through counts is reported as
 * skipped, naming these hooks, never passed.
 *
 * <p>JUnit makes one instance of your class per test method; the test's store is opened on first
 * use, so your own {@code @BeforeEach} methods and injected fields ({@code @TempDir}) are ready
 * when {@link #newStore()} runs. Records go to experiment {@code "exp"}, with times around
 * 2026-11-23T10:00:00Z.
 *
 * @param <S> the store under test
 */
public abstract class EventStoreContract<S extends EventStore> extends EventStoreCountingRules<S> {

  /** For subclasses. */
  protected EventStoreContract() {}

  // ---- the SPI: read returns the sufficient statistics (DESIGN.md 9)

  /** Exposed units and conversions come back per variant; events' properties play no part. */
  @Test
  public void readBack_writtenRecords_exposuresAndConversionsPerVariant() throws Exception {
    requireReadBack();
    S s = store();
    s.write(
        List.of(
            exposure("u1", "A", 0),
            exposure("u2", "B", 0),
            exposure("u3", "B", 0),
            new Event("e1", "u2", "kpi_click", T0.plusSeconds(5), null, Map.of("k", "v")),
            event("e2", "u3", "kpi_click", 6, null)));

    ExperimentData data = read("kpi_click");

    assertThat(variant(data, "A").exposures()).isEqualTo(1);
    assertMetric(variant(data, "A").metric("kpi_click"), 0, 0, 0);
    assertThat(variant(data, "B").exposures()).isEqualTo(2);
    assertMetric(variant(data, "B").metric("kpi_click"), 2, 2, 2);
  }

  /** An experiment with no exposures has no variants. */
  @Test
  public void readBack_unknownExperiment_noVariants() throws Exception {
    requireReadBack();
    S s = store();
    s.write(List.of(exposure("u1", "A", 0), event("e1", "u1", "x", 1, null)));
    assertThat(s.read(ExperimentQuery.of("nope", List.of("x"))).variants()).isEmpty();
  }

  /** DESIGN.md 9: an event before the unit's first exposure is not attributed to it. */
  @Test
  public void eventCountsFromFirstExposure_eventBeforeIt_notCounted() throws Exception {
    requireReadBack();
    store().write(List.of(exposure("u1", "A", 10), event("e1", "u1", "click", 9, null)));
    assertMetric(variant(read("click"), "A").metric("click"), 0, 0, 0);
  }

  /** DESIGN.md 9: an event at exactly the first exposure's time counts. */
  @Test
  public void eventCountsFromFirstExposure_eventAtItsTime_counted() throws Exception {
    requireReadBack();
    store().write(List.of(exposure("u1", "A", 10), event("e1", "u1", "click", 10, 3.0)));
    assertMetric(variant(read("click"), "A").metric("click"), 1, 3, 9);
  }

  /** A unit's value is the sum of its events' amounts: the value, or 1 when it has none. */
  @Test
  public void unitValue_sumOfEventAmounts_valueOrOne() throws Exception {
    requireReadBack();
    store()
        .write(
            List.of(
                exposure("u1", "A", 0),
                event("e1", "u1", "click", 1, null),
                event("e2", "u1", "click", 2, 2.5)));
    assertMetric(variant(read("click"), "A").metric("click"), 1, 3.5, 12.25);
  }

  /** Events of a unit never exposed to the experiment count nowhere in it. */
  @Test
  public void unexposedUnit_events_ignored() throws Exception {
    requireReadBack();
    store().write(List.of(exposure("u1", "A", 0), event("e1", "zz", "click", 1, null)));
    ExperimentData data = read("click");
    assertThat(data.variants()).extracting(VariantData::variant).containsExactly("A");
    assertMetric(variant(data, "A").metric("click"), 0, 0, 0);
  }

  /** Purchases before, at and after the exposure, with and without values, worked by hand. */
  @Test
  public void sufficientStatistics_purchasesAroundTheExposure_matchHandComputedSums()
      throws Exception {
    requireReadBack();
    store()
        .write(
            List.of(
                exposure("u1", "A", 0),
                exposure("u2", "A", 0),
                exposure("u3", "B", 0),
                event("e1", "u1", "buy", 1, 4.0),
                event("e2", "u1", "buy", 2, 1.0),
                event("e3", "u2", "buy", -1, 7.0),
                event("e4", "u3", "buy", 0, null)));

    ExperimentData data = read("buy");

    assertThat(variant(data, "A").exposures()).isEqualTo(2);
    assertMetric(variant(data, "A").metric("buy"), 1, 5, 25);
    assertMetric(variant(data, "B").metric("buy"), 1, 1, 1);
  }

  /**
   * Clicks and buys among records that must not count (an unexposed unit, another experiment, an
   * event name not asked for), worked by hand.
   */
  @Test
  public void sufficientStatistics_clicksAndBuysAmongNoise_matchHandComputedSums()
      throws Exception {
    requireReadBack();
    store()
        .write(
            List.of(
                exposure("a1", "A", 0),
                exposure("a2", "A", 0),
                exposure("a3", "A", 0),
                exposure("b1", "B", 0),
                exposure("b2", "B", 0),
                // a1: two clicks (count 1 each) -> total 2; one buy of 10.5
                event("e1", "a1", "click", 1, null),
                event("e2", "a1", "click", 2, null),
                event("e3", "a1", "buy", 3, 10.5),
                // a2: a click before exposure does not count; one at exactly the exposure does
                event("e4", "a2", "click", -1, null),
                event("e5", "a2", "click", 0, 3.0),
                // b1: buys 2 and 4 -> total 6; click 1
                event("e6", "b1", "buy", 1, 2.0),
                event("e7", "b1", "buy", 2, 4.0),
                event("e8", "b1", "click", 2, null),
                // never-exposed unit, other experiment and other metric are ignored
                event("e9", "zz", "click", 1, null),
                new Exposure("a3", "other", "B", T0),
                event("e10", "a3", "scroll", 1, null)));

    ExperimentData data = read("click", "buy");

    assertThat(data.experiment()).isEqualTo(EXP);
    VariantData a = variant(data, "A");
    VariantData b = variant(data, "B");
    assertThat(a.exposures()).isEqualTo(3);
    assertThat(b.exposures()).isEqualTo(2);
    // A click: a1 total 2, a2 total 3 -> units 2, sum 5, sum of squares 4 + 9
    assertMetric(a.metric("click"), 2, 5, 13);
    assertMetric(a.metric("buy"), 1, 10.5, 110.25);
    assertMetric(b.metric("buy"), 1, 6, 36);
    assertMetric(b.metric("click"), 1, 1, 1);
    assertThat(a.metric("scroll")).isEqualTo(MetricData.EMPTY);
  }

  /** Revenue and clicks with events before, at and after the exposures, worked by hand. */
  @Test
  public void sufficientStatistics_revenueAndClicks_matchHandComputedSums() throws Exception {
    requireReadBack();
    store()
        .write(
            List.of(
                exposure("a1", "A", 10),
                exposure("a2", "A", 10),
                exposure("a3", "A", 10),
                exposure("b1", "B", 10),
                exposure("b2", "B", 10),
                // a1: 2.5 + 1.5 after exposure, 100 before (excluded) -> 4.0
                event("1", "a1", "revenue", 11, 2.5),
                event("2", "a1", "revenue", 12, 1.5),
                event("3", "a1", "revenue", 9, 100.0),
                // a2: exactly at exposure time counts -> 3.0
                event("4", "a2", "revenue", 10, 3.0),
                // a3: only before exposure -> not a conversion
                event("5", "a3", "revenue", 1, 7.0),
                // b1: two valueless clicks -> 2; b2: one click with value 5 -> 5
                event("6", "b1", "click", 20, null),
                event("7", "b1", "click", 21, null),
                event("8", "b2", "click", 22, 5.0),
                event("9", "b2", "revenue", 30, 10.0),
                // never exposed: ignored
                event("10", "zz", "click", 40, null)));

    ExperimentData data = read("revenue", "click");

    VariantData a = variant(data, "A");
    VariantData b = variant(data, "B");
    assertThat(a.exposures()).isEqualTo(3);
    assertThat(b.exposures()).isEqualTo(2);
    assertMetric(a.metric("revenue"), 2, 4.0 + 3.0, 16.0 + 9.0);
    assertThat(a.metric("click")).isEqualTo(MetricData.EMPTY);
    assertMetric(b.metric("click"), 2, 2.0 + 5.0, 4.0 + 25.0);
    assertMetric(b.metric("revenue"), 1, 10.0, 100.0);
  }

  /**
   * Sums of squares are stable (DESIGN.md 9): values near 1e8 with a spread of 1 give the p-value
   * of the same values shifted to 0, and the interval the two-pass variance gives. A one-pass
   * {@code Σx² − (Σx)²/n} in doubles loses every digit of that variance (issue 12: p 0.77 where the
   * truth is 0.31).
   */
  @Test
  public void stableSums_valuesNear1e8WithSpread1_sameAnalysisAsShiftedTo0() throws Exception {
    requireReadBack();
    int n = 200;
    double base = 1e8;
    List<Observation> records = new ArrayList<>();
    double[][] small = new double[2][n];
    long seed = 12345;
    for (int arm = 0; arm < 2; arm++) {
      String v = arm == 0 ? "A" : "B";
      for (int i = 0; i < n; i++) {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        double x = ((seed >>> 11) * 0x1.0p-53 - 0.5) * 3.4 + (arm == 1 ? 0.1 : 0); // sd ~ 1
        small[arm][i] = x;
        String unit = v + i;
        records.add(exposure(unit, v, 0));
        records.add(event("big" + unit, unit, "big", 1, base + x));
        records.add(event("small" + unit, unit, "small", 1, x));
      }
    }
    store().write(records);
    ExperimentData data = read("goal", "big", "small");
    Experiment e =
        ManifestParser.parse(
                "{\"experiments\": [{\"id\": \""
                    + EXP
                    + "\", \"target_event\": \"goal\", \"metrics\": [\"big\", \"small\"],"
                    + " \"variants\": [{\"key\": \"A\"}, {\"key\": \"B\"}]}]}")
            .experiment(EXP)
            .orElseThrow();
    ExperimentResult r = Analyzer.analyze(e, data);
    Comparison big = r.metrics().get(0).variants().get(1).comparison();
    Comparison shifted = r.metrics().get(1).variants().get(1).comparison();

    assertThat(big.pValue()).as("p near 1e8").isCloseTo(shifted.pValue(), withinPercentage(1e-4));
    // the truth, two-pass: se of the difference of means, and the 95% interval's half width
    double se = Math.sqrt(twoPassVariance(small[0]) / n + twoPassVariance(small[1]) / n);
    double halfWidth = (big.lift().absoluteCi().upper() - big.lift().absoluteCi().lower()) / 2;
    assertThat(halfWidth / se).isCloseTo(1.959963984540054, withinPercentage(1e-4));
    assertThat(big.lift().absolute()).isCloseTo(mean(small[1]) - mean(small[0]), within(1e-6));
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  private static double twoPassVariance(double[] x) {
    double m = mean(x);
    double q = 0;
    for (double v : x) {
      q += (v - m) * (v - m);
    }
    return q / (x.length - 1);
  }
}
