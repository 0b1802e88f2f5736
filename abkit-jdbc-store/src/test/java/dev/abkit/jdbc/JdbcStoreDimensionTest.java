package dev.abkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.MetricQuery;
import dev.abkit.spi.MetricQuery.Amount;
import dev.abkit.spi.PairedData;
import dev.abkit.spi.SegmentData;
import dev.abkit.spi.VariantData;
import dev.abkit.store.memory.InMemoryEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A breakdown read from each database equals the in-memory store's for the same generated records,
 * written in the same batches: every segment's exposures, metrics (windows, a percentile cap) and
 * paired sums (CUPED's pre-period, a ratio's denominator), and the experiment's figures, which the
 * JDBC store merges from the segments, equal its read without a dimension.
 *
 * <p>The records hold the traps of the first-value rule: values that change between a unit's
 * exposures (the first received wins, even when a later write brings an earlier exposure), a first
 * exposure without the attribute, units exposed to two variants (in no segment), the same unit in
 * another experiment with another value, another attribute, and values whose order differs between
 * UTF-16 and UTF-8 bytes or by case, so the segments' order is Java's, not the database's.
 */
class JdbcStoreDimensionTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final String EXP = "dims";
  private static final List<String> PLATFORMS =
      List.of("ios", "android", "Web", "web", "", "\uFF21pp", "\uD83D\uDE00tv");
  private static final List<MetricQuery> METRICS =
      List.of(
          new MetricQuery("conversion", "buy", Amount.VALUE_OR_ONE, Duration.ZERO, null),
          new MetricQuery(
              "revenue",
              "buy",
              Amount.VALUE_OR_ZERO,
              Duration.ZERO,
              Duration.ofDays(1),
              new MetricQuery.PrePeriod(Duration.ofDays(1), false),
              new MetricQuery.CapPercentile(0.9)),
          new MetricQuery(
              "revenue_per_click",
              "buy",
              Amount.VALUE_OR_ZERO,
              Duration.ZERO,
              null,
              new MetricQuery.Denominator("click", Amount.ONE)),
          new MetricQuery(
              "clicks", "click", Amount.ONE, Duration.ofMinutes(5), Duration.ofHours(6)));

  private TestDatabase db;
  private String prefix;

  @AfterEach
  void dropTables() throws Exception {
    if (db != null) {
      db.dropTables(prefix);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void breakdown_generatedRecords_equalsTheInMemoryStores(TestDatabase database) throws Exception {
    database.requireReachable();
    db = database;
    prefix = TestDatabase.freshPrefix();
    List<List<Observation>> batches = generate(new Random(20261202L), 400);
    ExperimentQuery query = new ExperimentQuery(EXP, METRICS, T0.plus(Duration.ofDays(3)));
    ExperimentQuery byPlatform = query.withDimension("platform");
    InMemoryEventStore memory = new InMemoryEventStore();

    try (JdbcStore store = database.store(prefix).build()) {
      for (List<Observation> batch : batches) {
        store.write(batch);
        memory.write(batch);
      }
      ExperimentData expected = memory.read(byPlatform);
      ExperimentData actual = store.read(byPlatform);
      ExperimentData undivided = store.read(query);

      assertThat(expected.segments()).hasSizeGreaterThan(PLATFORMS.size());
      assertSameSegments(actual, expected);
      assertSameVariants(actual.variants(), expected.variants(), "experiment");
      assertSameVariants(actual.variants(), undivided.variants(), "experiment without dimension");
      assertThat(actual.multipleExposures())
          .isEqualTo(expected.multipleExposures())
          .isEqualTo(undivided.multipleExposures())
          .isPositive();
      assertThat(actual.cappedAt().get("revenue"))
          .isCloseTo(expected.cappedAt().get("revenue"), within(1e-9))
          .isEqualTo(undivided.cappedAt().get("revenue"));
      assertThat(undivided.segments()).isEmpty();
      // another attribute of the same units, and one that no unit has (all in the null segment)
      for (String dimension : List.of("country", "browser")) {
        assertSameSegments(
            store.read(query.withDimension(dimension)),
            memory.read(query.withDimension(dimension)));
      }
      assertThat(store.read(query.withDimension("browser")).segments())
          .extracting(SegmentData::value)
          .containsExactly((String) null);
    }
  }

  /**
   * PostgreSQL reads per-unit rollups that each read brings up to date with the units written since
   * the last: read between the batches (each batch brings earlier exposures, second variants, late
   * attribute values, events before and after the exposure), every read still equals the in-memory
   * store's, with and without the dimension, and so does the timeline.
   */
  @Test
  void rollups_readBetweenBatches_equalTheInMemoryStoresAfterEach() throws Exception {
    TestDatabase.POSTGRESQL.requireReachable();
    db = TestDatabase.POSTGRESQL;
    prefix = TestDatabase.freshPrefix();
    List<List<Observation>> batches = generate(new Random(20261203L), 200);
    ExperimentQuery query = new ExperimentQuery(EXP, METRICS, T0.plus(Duration.ofDays(3)));
    ExperimentQuery byPlatform = query.withDimension("platform");
    InMemoryEventStore memory = new InMemoryEventStore();

    try (JdbcStore store = db.store(prefix).build()) {
      for (int i = 0; i < batches.size(); i++) {
        store.write(batches.get(i));
        memory.write(batches.get(i));
        if (i % 4 == 0 || i == batches.size() - 1) {
          ExperimentData expected = memory.read(byPlatform);
          ExperimentData actual = store.read(byPlatform);
          assertSameSegments(actual, expected);
          assertSameVariants(actual.variants(), expected.variants(), "after batch " + i);
          assertThat(actual.multipleExposures()).isEqualTo(expected.multipleExposures());
          assertSameVariants(
              store.read(query).variants(), memory.read(query).variants(), "no dimension " + i);
          assertThat(store.readDaily(query, "clicks"))
              .as("timeline after batch %d", i)
              .containsExactlyInAnyOrderElementsOf(memory.readDaily(query, "clicks"));
        }
      }
    }
  }

  private static void assertSameSegments(ExperimentData actual, ExperimentData expected) {
    assertThat(actual.segments())
        .extracting(SegmentData::value)
        .containsExactlyElementsOf(expected.segments().stream().map(SegmentData::value).toList());
    for (int i = 0; i < expected.segments().size(); i++) {
      SegmentData segment = expected.segments().get(i);
      assertSameVariants(
          actual.segments().get(i).variants(), segment.variants(), "segment " + segment.value());
    }
  }

  private static void assertSameVariants(
      List<VariantData> actual, List<VariantData> expected, String where) {
    assertThat(actual)
        .extracting(VariantData::variant)
        .as(where)
        .isEqualTo(expected.stream().map(VariantData::variant).toList());
    for (int i = 0; i < expected.size(); i++) {
      VariantData a = actual.get(i);
      VariantData e = expected.get(i);
      String at = where + ", variant " + e.variant();
      assertThat(a.exposures()).as(at).isEqualTo(e.exposures());
      for (MetricQuery m : METRICS) {
        MetricData am = a.metric(m.name());
        MetricData em = e.metric(m.name());
        assertThat(am.units()).as(at + ", " + m.name()).isEqualTo(em.units());
        assertThat(am.sum()).as(at + ", sum of " + m.name()).isCloseTo(em.sum(), within(1e-6));
        assertThat(am.sumSquares())
            .as(at + ", sum of squares of " + m.name())
            .isCloseTo(em.sumSquares(), within(1e-4));
        if (m.pairing() != null) {
          PairedData ap = a.paired(m.name());
          PairedData ep = e.paired(m.name());
          double[] got = {ap.ySum(), ap.ySumSquares(), ap.xSum(), ap.xSumSquares(), ap.xySum()};
          double[] want = {ep.ySum(), ep.ySumSquares(), ep.xSum(), ep.xSumSquares(), ep.xySum()};
          assertThat(got)
              .as(at + ", paired sums of " + m.name())
              .containsExactly(want, within(1e-4));
        }
      }
    }
  }

  /**
   * {@code units} units' exposures and events, shuffled into batches of 50: each unit is exposed
   * one to four times, each exposure with a platform (often another than the unit's last), without
   * one, or with another attribute only; one in ten units is exposed to two variants.
   */
  private static List<List<Observation>> generate(Random random, int units) {
    List<Observation> records = new ArrayList<>();
    for (int i = 0; i < units; i++) {
      String unit = "u" + i;
      String variant = List.of("A", "B", "C").get(random.nextInt(3));
      Instant first = T0.plusSeconds(random.nextInt(86_400));
      int exposures = 1 + random.nextInt(4);
      for (int k = 0; k < exposures; k++) {
        String shown = k > 0 && random.nextInt(10) == 0 ? "C".equals(variant) ? "A" : "C" : variant;
        Instant time = first.plusSeconds(k == 0 ? 0 : random.nextInt(20_000) - 5_000);
        records.add(new Exposure(unit, EXP, shown, time, attributes(random)));
      }
      // the same unit in another experiment, with another value: never read here
      records.add(new Exposure(unit, EXP + "_other", "B", first, Map.of("platform", "elsewhere")));
      for (int k = random.nextInt(7); k > 0; k--) {
        String name = random.nextBoolean() ? "buy" : "click";
        Instant time = first.plusSeconds(random.nextInt(4 * 86_400) - 86_400);
        Double value =
            random.nextInt(5) == 0 ? null : Math.round(random.nextDouble() * 1e4) / 100.0;
        records.add(new Event("e" + k, unit, name, time, value, Map.of()));
      }
    }
    Collections.shuffle(records, random);
    List<List<Observation>> batches = new ArrayList<>();
    for (int from = 0; from < records.size(); from += 50) {
      batches.add(List.copyOf(records.subList(from, Math.min(records.size(), from + 50))));
    }
    return batches;
  }

  private static Map<String, String> attributes(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> Map.of();
      case 1 -> Map.of("country", "fr");
      case 2 ->
          Map.of("platform", PLATFORMS.get(random.nextInt(PLATFORMS.size())), "country", "de");
      default -> Map.of("platform", PLATFORMS.get(random.nextInt(PLATFORMS.size())));
    };
  }
}
