package dev.abkit.testing;

import static dev.abkit.testing.Records.EXP;
import static dev.abkit.testing.Records.T0;
import static dev.abkit.testing.Records.assertMetric;
import static dev.abkit.testing.Records.event;
import static dev.abkit.testing.Records.exposure;
import static dev.abkit.testing.Records.variant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.event.Observation;
import dev.abkit.spi.DailyData;
import dev.abkit.spi.EventStore;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.MetricQuery;
import dev.abkit.spi.MetricQuery.Amount;
import dev.abkit.spi.PairedData;
import dev.abkit.spi.SegmentData;
import dev.abkit.spi.VariantData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The read rules of DESIGN.md section 9 that a metric's definition selects: which events count
 * (delay, window, the experiment's end) and what each adds (its value, 1, or nothing when it has no
 * value), and one generated data set with every trap at once, read back field by field against an
 * independent computation ({@link CountingReference}). A layer of {@link EventStoreContract}.
 *
 * @param <S> the store under test
 */
abstract class EventStoreCountingRules<S extends EventStore> extends EventStoreWriteRules<S> {

  EventStoreCountingRules() {}

  /**
   * An event counts from {@code first exposure + delay} (inclusive) until {@code first exposure +
   * window} (exclusive) and strictly before the end; with no window, until the end.
   */
  @Test
  public void countingWindow_eventsAroundDelayWindowAndEnd_onlyThoseInsideCount() throws Exception {
    requireReadBack();
    store()
        .write(
            List.of(
                exposure("u1", "A", 0),
                exposure("u2", "A", 100),
                event("in-delay", "u1", "buy", 59, 1.0),
                event("at-delay", "u1", "buy", 60, 2.0),
                event("before-window-end", "u1", "buy", 3599, 4.0),
                event("at-window-end", "u1", "buy", 3600, 8.0),
                event("u2-in", "u2", "buy", 200, 16.0),
                event("u2-at-end", "u2", "buy", 4000, 32.0),
                event("u2-after-end", "u2", "buy", 5000, 64.0)));
    MetricQuery windowed =
        new MetricQuery(
            "windowed", "buy", Amount.VALUE_OR_ONE, Duration.ofMinutes(1), Duration.ofHours(1));
    MetricQuery untilEnd =
        new MetricQuery("until_end", "buy", Amount.VALUE_OR_ONE, Duration.ZERO, null);

    ExperimentData data =
        store().read(new ExperimentQuery(EXP, List.of(windowed, untilEnd), T0.plusSeconds(4000)));

    VariantData a = variant(data, "A");
    // u1: 2 + 4 (59 s is inside the delay, 3600 s at the window's end); u2: 16 (8 was u1's)
    assertMetric(a.metric("windowed"), 2, 6 + 16, 36 + 256);
    // no window: u1 1 + 2 + 4 + 8 = 15, u2 16 (4000 s is the end, excluded)
    assertMetric(a.metric("until_end"), 2, 15 + 16, 225 + 256);
  }

  /**
   * What an event adds: its value or 1 (a conversion, 0.1's meaning), always 1 (a count), its value
   * or nothing (a sum: a missing value is missing, yet the unit did the event).
   */
  @Test
  public void amount_eventsWithAndWithoutValue_addWhatTheMetricSays() throws Exception {
    requireReadBack();
    store()
        .write(
            List.of(
                exposure("u1", "A", 0),
                exposure("u2", "A", 0),
                event("1", "u1", "buy", 1, 5.0),
                event("2", "u1", "buy", 2, null),
                event("3", "u2", "buy", 3, null)));
    ExperimentQuery query =
        new ExperimentQuery(
            EXP,
            List.of(
                new MetricQuery("value_or_one", "buy", Amount.VALUE_OR_ONE, Duration.ZERO, null),
                new MetricQuery("count", "buy", Amount.ONE, Duration.ZERO, null),
                new MetricQuery("sum", "buy", Amount.VALUE_OR_ZERO, Duration.ZERO, null)),
            null);

    VariantData a = variant(store().read(query), "A");

    assertMetric(a.metric("value_or_one"), 2, 6 + 1, 36 + 1);
    assertMetric(a.metric("count"), 2, 2 + 1, 4 + 1);
    assertMetric(a.metric("sum"), 2, 5, 25);
  }

  /**
   * A ratio's pairing sums the numerator's and the denominator's per-unit totals, both counted
   * under the metric's window: {@code Σy, Σy², Σx, Σx², Σxy} over the variant's units.
   */
  @Test
  public void pairing_ratioDenominator_sumsBothValuesPerUnit() throws Exception {
    requireReadBack();
    store()
        .write(
            List.of(
                exposure("u1", "A", 0),
                exposure("u2", "A", 0),
                exposure("u3", "A", 0),
                event("r1", "u1", "revenue", 10, 6.0),
                event("s1", "u1", "session", 5, null),
                event("s2", "u1", "session", 20, null),
                event("s3", "u2", "session", 30, null),
                event("r-late", "u2", "revenue", 7200, 50.0),
                event("r-early", "u3", "revenue", -5, 9.0)));
    MetricQuery ratio =
        new MetricQuery(
            "revenue_per_session",
            "revenue",
            Amount.VALUE_OR_ONE,
            Duration.ZERO,
            Duration.ofHours(1),
            new MetricQuery.Denominator("session", Amount.VALUE_OR_ONE));

    VariantData a = variant(store().read(new ExperimentQuery(EXP, List.of(ratio), null)), "A");

    // u1: y 6, x 2; u2: y 0 (its revenue is after the window), x 1; u3: nothing that counts
    PairedData p = a.paired("revenue_per_session");
    assertThat(p.ySum()).isEqualTo(6);
    assertThat(p.ySumSquares()).isEqualTo(36);
    assertThat(p.xSum()).isEqualTo(3);
    assertThat(p.xSumSquares()).isEqualTo(5);
    assertThat(p.xySum()).isEqualTo(12);
    assertMetric(a.metric("revenue_per_session"), 1, 6, 36);
  }

  /**
   * CUPED's pairing sums the metric's value after the first exposure with the same event's value in
   * the pre-period before it ({@code [first − pre, first)}).
   */
  @Test
  public void pairing_prePeriod_sumsTheValueBeforeTheFirstExposure() throws Exception {
    requireReadBack();
    store()
        .write(
            List.of(
                exposure("u1", "B", 0),
                exposure("u2", "B", 0),
                event("pre1", "u1", "buy", -100, 3.0),
                event("pre2", "u1", "buy", -4000, 100.0),
                event("post1", "u1", "buy", 10, 5.0),
                event("pre3", "u2", "buy", -1, 2.0)));
    MetricQuery cuped =
        new MetricQuery(
            "buy",
            "buy",
            Amount.VALUE_OR_ZERO,
            Duration.ZERO,
            null,
            new MetricQuery.PrePeriod(Duration.ofHours(1), false));

    MetricQuery converted =
        new MetricQuery(
            "bought",
            "buy",
            Amount.VALUE_OR_ONE,
            Duration.ZERO,
            null,
            new MetricQuery.PrePeriod(Duration.ofHours(1), true));

    VariantData b =
        variant(store().read(new ExperimentQuery(EXP, List.of(cuped, converted), null)), "B");

    // u1: y 5, x 3 (the event 4000 s before is outside the pre-period); u2: y 0, x 2
    PairedData p = b.paired("buy");
    assertThat(p.ySum()).isEqualTo(5);
    assertThat(p.ySumSquares()).isEqualTo(25);
    assertThat(p.xSum()).isEqualTo(5);
    assertThat(p.xSumSquares()).isEqualTo(13);
    assertThat(p.xySum()).isEqualTo(15);
    assertMetric(b.metric("buy"), 1, 5, 25);
    // as 0/1 per unit: u1 y 1, x 1; u2 y 0, x 1
    assertThat(b.paired("bought")).isEqualTo(new PairedData(1, 1, 2, 2, 1));
  }

  /**
   * A breakdown by a dimension: each unit in the segment of the first value the store received for
   * it (a later exposure, even an earlier one in time, never moves it; one without the attribute
   * leaves it to a later one that has it), units without a value in the segment {@code null}
   * (last), units exposed to two variants in none; every segment's data as the experiment's, paired
   * sums included.
   */
  @Test
  public void dimension_unitsByFirstValueReceived_eachSegmentReadLikeTheExperiment()
      throws Exception {
    requireReadBack();
    store()
        .write(
            List.of(
                exposure("u1", "A", 10, "ios"),
                exposure("u2", "A", 10, "android"),
                exposure("u3", "B", 10, "ios"),
                exposure("u4", "B", 10, null),
                exposure("u5", "A", 10, "ios"),
                exposure("u6", "A", 10, "ios"),
                exposure("u7", "A", 10, null),
                event("b1", "u1", "buy", 20, 2.0),
                event("b3", "u3", "buy", 20, 5.0),
                event("b4", "u4", "buy", 20, 1.0),
                event("p5", "u5", "buy", 5, 4.0),
                event("b5", "u5", "buy", 20, 3.0)));
    store()
        .write(
            List.of(
                exposure("u5", "A", 0, "android"),
                exposure("u6", "B", 20, "ios"),
                exposure("u7", "A", 20, "web")));
    MetricQuery buy =
        new MetricQuery(
            "buy",
            "buy",
            Amount.VALUE_OR_ZERO,
            Duration.ZERO,
            null,
            new MetricQuery.PrePeriod(Duration.ofHours(1), false));

    ExperimentData data = store().read(new ExperimentQuery(EXP, List.of(buy), null, "platform"));

    assertThat(data.segments())
        .extracting(SegmentData::value)
        .containsExactly("android", "ios", "web", null);
    SegmentData android = data.segments().get(0);
    assertThat(android.variants()).extracting(VariantData::variant).containsExactly("A");
    assertThat(android.variant("A").orElseThrow().exposures()).isEqualTo(1);
    assertThat(android.variant("A").orElseThrow().metric("buy")).isEqualTo(MetricData.EMPTY);
    SegmentData ios = data.segments().get(1);
    VariantData iosA = ios.variant("A").orElseThrow();
    // u1 and u5 (u5's second exposure, earlier and on android, moves it to no other segment;
    // u5 was first exposed at 0 s by then, so its event at 5 s counts and the 3.0 too)
    assertThat(iosA.exposures()).isEqualTo(2);
    assertMetric(iosA.metric("buy"), 2, 2 + 7, 4 + 49);
    assertThat(iosA.paired("buy")).isEqualTo(new PairedData(9, 53, 0, 0, 0));
    VariantData iosB = ios.variant("B").orElseThrow();
    assertThat(iosB.exposures()).isEqualTo(1);
    assertMetric(iosB.metric("buy"), 1, 5, 25);
    SegmentData web = data.segments().get(2);
    assertThat(web.variant("A").orElseThrow().exposures()).isEqualTo(1);
    SegmentData none = data.segments().get(3);
    assertThat(none.variants()).extracting(VariantData::variant).containsExactly("B");
    assertMetric(none.variant("B").orElseThrow().metric("buy"), 1, 1, 1);
    // the experiment as a whole is read as without a dimension; u6 (A and B) is in no segment
    assertThat(data.multipleExposures()).isEqualTo(1);
    assertThat(variant(data, "A").exposures()).isEqualTo(4);
    assertMetric(variant(data, "A").metric("buy"), 2, 9, 53);
    assertThat(store().read(new ExperimentQuery(EXP, List.of(buy), null)).segments()).isEmpty();
  }

  /**
   * A cap replaces every unit's value above it: a fixed one, or the percentile ({@code
   * percentile_cont}) of all exposed units' values, those without a counted event counting 0; the
   * store reports the cap it applied.
   */
  @Test
  public void cap_fixedAndPercentile_capEachUnitsValue() throws Exception {
    requireReadBack();
    store()
        .write(
            List.of(
                exposure("u1", "A", 0),
                exposure("u2", "A", 0),
                exposure("u3", "A", 0),
                exposure("u4", "B", 0),
                event("1", "u1", "buy", 1, 10.0),
                event("2", "u2", "buy", 1, 1.0),
                event("3", "u2", "buy", 2, 1.0),
                event("4", "u4", "buy", 3, 100.0)));
    ExperimentQuery query =
        new ExperimentQuery(
            EXP,
            List.of(
                new MetricQuery(
                    "fixed",
                    "buy",
                    Amount.VALUE_OR_ZERO,
                    Duration.ZERO,
                    null,
                    null,
                    new MetricQuery.CapAt(5)),
                new MetricQuery(
                    "median",
                    "buy",
                    Amount.VALUE_OR_ZERO,
                    Duration.ZERO,
                    null,
                    null,
                    new MetricQuery.CapPercentile(0.5))),
            null);

    ExperimentData data = store().read(query);

    // values 0 (u3), 2, 10, 100: the median interpolates 2 and 10 to 6
    assertThat(data.cappedAt()).containsOnly(Map.entry("fixed", 5.0), Map.entry("median", 6.0));
    assertMetric(variant(data, "A").metric("fixed"), 2, 5 + 2, 25 + 4);
    assertMetric(variant(data, "B").metric("fixed"), 1, 5, 25);
    assertMetric(variant(data, "A").metric("median"), 2, 6 + 2, 36 + 4);
    assertMetric(variant(data, "B").metric("median"), 1, 6, 36);
  }

  /**
   * The timeline: per variant, UTC day of first exposure and day of the first counted event (none:
   * null), the units; units exposed to two variants left out, events outside the window ignored.
   */
  @Test
  public void timeline_unitsByExposureAndConversionDay_countedOnce() throws Exception {
    requireReadBack();
    int day = 86_400;
    store()
        .write(
            List.of(
                exposure("u1", "A", 0),
                exposure("u2", "A", 10),
                exposure("u3", "A", day),
                exposure("u4", "B", 0),
                exposure("u5", "B", 0),
                exposure("u5", "A", 5),
                event("1", "u1", "buy", 100, null),
                event("2", "u1", "buy", day + 100, null),
                event("3", "u2", "buy", 2 * day + 10, null),
                event("4", "u3", "buy", day + 5, null),
                event("5", "u4", "buy", 3 * day, null),
                event("6", "u5", "buy", 50, null)));
    MetricQuery buy =
        new MetricQuery("buy", "buy", Amount.VALUE_OR_ONE, Duration.ZERO, Duration.ofDays(2));
    java.time.LocalDate d0 = java.time.LocalDate.of(2026, 11, 23);

    List<DailyData> cells = store().readDaily(new ExperimentQuery(EXP, List.of(buy), null), "buy");

    // u2's buy is at exactly 2 days (the window's end): no conversion; u4's is past it
    assertThat(cells)
        .containsExactlyInAnyOrder(
            new DailyData("A", d0, d0, 1),
            new DailyData("A", d0, null, 1),
            new DailyData("A", d0.plusDays(1), d0.plusDays(1), 1),
            new DailyData("B", d0, null, 1));
  }

  /**
   * One generated data set with every trap of section 9 (earlier exposures arriving later, units
   * exposed to two variants, events before the exposure, inside the delay, at and after the
   * window's end and the experiment's end, without values, resent, ids reused by other units,
   * unexposed units, other experiments), written in shuffled batches: the store reads back exactly
   * what an independent computation over the same records gives, for three seeds.
   */
  @Test
  public void countingSemantics_generatedDataWithEveryTrap_matchesTheReference() throws Exception {
    requireReadBack();
    for (long seed : new long[] {1, 2, 3}) {
      String experiment = EXP + "-" + seed;
      CountingReference data = CountingReference.generate(experiment, seed, 240);
      for (List<Observation> batch : data.batches()) {
        store().write(batch);
      }
      ExperimentQuery query = data.query();
      ExperimentData actual = store().read(query);
      ExperimentData expected = data.expected();

      assertThat(actual.multipleExposures())
          .as("multiple exposures, seed %s", seed)
          .isEqualTo(expected.multipleExposures());
      assertThat(actual.variants())
          .as("variants, seed %s", seed)
          .extracting(VariantData::variant)
          .containsExactlyInAnyOrderElementsOf(
              expected.variants().stream().map(VariantData::variant).toList());
      for (VariantData want : expected.variants()) {
        VariantData got = variant(actual, want.variant());
        assertThat(got.exposures())
            .as("exposures of %s, seed %s", want.variant(), seed)
            .isEqualTo(want.exposures());
        for (MetricQuery m : query.metrics()) {
          MetricData w = want.metric(m.name());
          assertThat(w.units())
              .as("the reference converts some units in %s", m.name())
              .isPositive();
          assertMetric(got.metric(m.name()), w.units(), w.sum(), w.sumSquares());
        }
      }
    }
  }
}
