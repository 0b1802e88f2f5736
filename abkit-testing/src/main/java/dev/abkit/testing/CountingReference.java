package dev.abkit.testing;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.MetricQuery;
import dev.abkit.spi.MetricQuery.Amount;
import dev.abkit.spi.VariantData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A generated data set with every trap of DESIGN.md section 9, and what a store must read back from
 * it, computed here from the plan of each unit rather than by replaying the records through another
 * store: each unit is planned (its variant or variants, its first exposure, its events and whether
 * each counts), so the expected statistics follow from the plan directly.
 */
final class CountingReference {
  private static final Instant BASE = Records.T0;
  private static final Instant END = BASE.plus(Duration.ofDays(3));
  private static final MetricQuery CONVERSION =
      new MetricQuery("conversion", "buy", Amount.VALUE_OR_ONE, Duration.ZERO, null);
  private static final MetricQuery REVENUE =
      new MetricQuery(
          "revenue", "buy", Amount.VALUE_OR_ZERO, Duration.ofHours(1), Duration.ofDays(1));
  private static final MetricQuery CLICKS =
      new MetricQuery("clicks", "click", Amount.ONE, Duration.ZERO, Duration.ofHours(6));
  private static final List<MetricQuery> METRICS = List.of(CONVERSION, REVENUE, CLICKS);

  private final String experiment;
  private final List<List<Observation>> batches;
  private final ExperimentData expected;

  private CountingReference(
      String experiment, List<List<Observation>> batches, ExperimentData expected) {
    this.experiment = experiment;
    this.batches = batches;
    this.expected = expected;
  }

  /** The query the expected data answers: three metrics, the end three days after the start. */
  ExperimentQuery query() {
    return new ExperimentQuery(experiment, METRICS, END);
  }

  /** The records in shuffled batches, with resent copies. */
  List<List<Observation>> batches() {
    return batches;
  }

  /** What the store must read back for {@link #query()}. */
  ExperimentData expected() {
    return expected;
  }

  /** Plans {@code units} units of {@code experiment} from {@code seed}. */
  static CountingReference generate(String experiment, long seed, int units) {
    Random random = new Random(seed);
    List<Observation> records = new ArrayList<>();
    Map<String, Long> exposed = new TreeMap<>();
    // variant -> metric -> unit -> value
    Map<String, Map<String, Map<String, Double>>> values = new HashMap<>();
    long multiple = 0;
    for (int i = 0; i < units; i++) {
      String unit = experiment + "-u" + i;
      String variant = random.nextBoolean() ? "A" : "B";
      Instant first = BASE.plusSeconds(random.nextInt(2 * 86_400));
      boolean twoVariants = random.nextInt(10) == 0;
      records.add(new Exposure(unit, experiment, variant, first));
      // later exposures to the same variant, written before or after the first: not new units
      for (int k = random.nextInt(3); k > 0; k--) {
        records.add(
            new Exposure(unit, experiment, variant, first.plusSeconds(1 + random.nextInt(9_000))));
      }
      if (twoVariants) {
        String other = variant.equals("A") ? "B" : "A";
        records.add(
            new Exposure(
                unit, experiment, other, first.plusSeconds(random.nextInt(20_000) - 10_000)));
        multiple++;
      } else {
        exposed.merge(variant, 1L, Long::sum);
      }
      // the same unit in another experiment: never counted here
      records.add(new Exposure(unit, experiment + "-other", "B", first));
      int events = random.nextInt(6);
      for (int k = 0; k < events; k++) {
        boolean buy = random.nextBoolean();
        String name = buy ? "buy" : "click";
        long offset = offset(random);
        Instant time = first.plusSeconds(offset);
        Double value =
            random.nextInt(4) == 0 ? null : Math.round(random.nextDouble() * 10_000) / 100.0;
        // ids repeat across units ("e0", "e1", ...): scoped per unit, each counts
        Event e = new Event("e" + k, unit, name, time, value, Map.of());
        records.add(e);
        if (random.nextInt(5) == 0) {
          records.add(e); // resent: stored once
        }
        if (twoVariants) {
          continue;
        }
        for (MetricQuery m : METRICS) {
          if (m.event().equals(name) && counts(m, first, time)) {
            values
                .computeIfAbsent(variant, v -> new HashMap<>())
                .computeIfAbsent(m.name(), v -> new LinkedHashMap<>())
                .merge(unit, m.amount().of(value), Double::sum);
          }
        }
      }
    }
    // events of a unit never exposed to the experiment: ignored
    records.add(
        new Event("e0", experiment + "-stranger", "buy", BASE.plusSeconds(60), 5.0, Map.of()));
    Collections.shuffle(records, random);
    List<List<Observation>> batches = new ArrayList<>();
    for (int from = 0; from < records.size(); from += 97) {
      batches.add(List.copyOf(records.subList(from, Math.min(records.size(), from + 97))));
    }
    List<VariantData> variants = new ArrayList<>();
    exposed.forEach(
        (v, n) -> {
          Map<String, MetricData> metrics = new HashMap<>();
          values
              .getOrDefault(v, Map.of())
              .forEach((metric, byUnit) -> metrics.put(metric, plainSums(byUnit.values())));
          variants.add(new VariantData(v, n, metrics));
        });
    return new CountingReference(
        experiment, batches, new ExperimentData(experiment, variants, Map.of(), multiple, 0));
  }

  /**
   * An event's offset from the first exposure, in seconds, landing on every boundary: before the
   * exposure, at it, inside the revenue delay (1 h), at the delay, inside and at the end of the
   * click window (6 h) and the revenue window (1 day), and far later (past the end for some).
   */
  private static long offset(Random random) {
    long[] boundaries = {-600, 0, 1_800, 3_600, 21_599, 21_600, 86_399, 86_400, 200_000};
    return random.nextBoolean()
        ? boundaries[random.nextInt(boundaries.length)]
        : random.nextInt(4 * 86_400) - 3_600;
  }

  private static boolean counts(MetricQuery m, Instant first, Instant time) {
    boolean afterDelay = !time.isBefore(first.plus(m.delay()));
    boolean insideWindow = m.window() == null || time.isBefore(first.plus(m.window()));
    return afterDelay && insideWindow && time.isBefore(END);
  }

  private static MetricData plainSums(Iterable<Double> unitValues) {
    long n = 0;
    double sum = 0;
    double squares = 0;
    for (double v : unitValues) {
      n++;
      sum += v;
      squares += v * v;
    }
    return new MetricData(n, sum, squares);
  }
}
