package dev.abkit.internal.store;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.spi.DailyData;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.MetricData;
import dev.abkit.spi.MetricQuery;
import dev.abkit.spi.PairedData;
import dev.abkit.spi.SegmentData;
import dev.abkit.spi.VariantData;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Computes {@link ExperimentData} from a stream of records with the semantics of DESIGN.md section
 * 9, the same the JDBC store computes in SQL: a unit's first exposure is its earliest (ties: the
 * first seen); a unit exposed to more than one variant is in no variant and counted in {@code
 * multipleExposures}; one event per {@code (unit, id)}, the first seen kept; an event counts for a
 * metric when {@code first exposure + delay <= time < first exposure + window} and before the
 * query's end. Per variant it counts exposed units and, per metric, the units with at least one
 * counted event and the sum and sum of squares of their values, shifted by a per-metric pilot value
 * for numeric stability.
 *
 * <p>Used by the file store and the in-memory store; not thread-safe (one per read).
 */
public final class ExperimentAggregator {
  private final ExperimentQuery query;
  private final Set<String> events;
  private final Map<String, FirstExposure> exposures = new HashMap<>();
  private final Map<UnitEvent, Event> eventsById = new HashMap<>();

  /** Per unit, its first value received of the query's dimension (none without one). */
  private final Map<String, String> segmentOf = new HashMap<>();

  /** A unit's earliest exposure, and whether it saw another variant too. */
  private record FirstExposure(Exposure exposure, boolean multiple) {
    FirstExposure merge(FirstExposure later) {
      Exposure o = later.exposure;
      boolean both = multiple || later.multiple || !o.variant().equals(exposure.variant());
      return new FirstExposure(o.time().isBefore(exposure.time()) ? o : exposure, both);
    }
  }

  private record UnitEvent(String unit, String id) {}

  public ExperimentAggregator(ExperimentQuery query) {
    this.query = query;
    this.events = new HashSet<>();
    for (MetricQuery m : query.metrics()) {
      events.add(m.event());
      if (m.pairing() instanceof MetricQuery.Denominator d) {
        events.add(d.event());
      }
    }
  }

  /** Takes one record; records of other experiments and events are ignored. */
  public void accept(Observation o) {
    if (o instanceof Exposure x) {
      if (x.experiment().equals(query.experiment())) {
        exposures.merge(x.unit(), new FirstExposure(x, false), FirstExposure::merge);
        @Nullable String dimension = query.dimension();
        @Nullable String value = dimension == null ? null : x.attributes().get(dimension);
        if (value != null) {
          segmentOf.putIfAbsent(x.unit(), value);
        }
      }
    } else if (o instanceof Event e && events.contains(e.name())) {
      eventsById.putIfAbsent(new UnitEvent(e.unit(), e.id()), e);
    }
  }

  /**
   * The statistics of everything accepted so far.
   *
   * @param skippedRecords records the caller's reader skipped, reported as they are
   */
  public ExperimentData result(long skippedRecords) {
    long multiple = exposures.values().stream().filter(FirstExposure::multiple).count();
    // metric -> variant -> unit -> value, and -> {y, x} for metrics with a pairing
    Map<String, Map<String, Map<String, Double>>> values = new HashMap<>();
    Map<String, Map<String, Map<String, double[]>>> pairs = new HashMap<>();
    collect(values, pairs);
    Map<String, Double> cappedAt = applyCaps(values, pairs, exposures.size() - multiple);
    List<VariantData> variants = variantData(values, pairs, unit -> true);
    List<SegmentData> segments = new ArrayList<>();
    if (query.dimension() != null) {
      Set<@Nullable String> seen = new TreeSet<>(Comparator.nullsLast(Comparator.naturalOrder()));
      exposures.forEach(
          (unit, f) -> {
            if (!f.multiple) {
              seen.add(segmentOf.get(unit));
            }
          });
      for (String value : seen) {
        segments.add(
            new SegmentData(
                value,
                variantData(values, pairs, unit -> Objects.equals(segmentOf.get(unit), value))));
      }
    }
    return new ExperimentData(
        query.experiment(), variants, Map.of(), multiple, skippedRecords, cappedAt, segments);
  }

  /** Per variant, the statistics of the units exposed to it only for which {@code in} holds. */
  private List<VariantData> variantData(
      Map<String, Map<String, Map<String, Double>>> values,
      Map<String, Map<String, Map<String, double[]>>> pairs,
      Predicate<String> in) {
    Map<String, Long> exposed = new TreeMap<>();
    exposures.forEach(
        (unit, f) -> {
          if (!f.multiple && in.test(unit)) {
            exposed.merge(f.exposure.variant(), 1L, Long::sum);
          }
        });
    Map<String, Map<String, MetricData>> byVariant = new HashMap<>();
    values.forEach(
        (metric, variants) -> {
          double shift = pilot(variants);
          variants.forEach(
              (variant, units) -> {
                List<Double> inSegment = valuesOf(units, in);
                if (!inSegment.isEmpty()) {
                  byVariant
                      .computeIfAbsent(variant, k -> new HashMap<>())
                      .put(metric, stats(inSegment, shift));
                }
              });
        });
    Map<String, Map<String, PairedData>> pairedByVariant = new HashMap<>();
    pairs.forEach(
        (metric, variants) ->
            variants.forEach(
                (variant, units) -> {
                  List<double[]> inSegment = valuesOf(units, in);
                  if (!inSegment.isEmpty()) {
                    pairedByVariant
                        .computeIfAbsent(variant, k -> new HashMap<>())
                        .put(metric, pairedSums(inSegment));
                  }
                }));
    List<VariantData> variants = new ArrayList<>();
    exposed.forEach(
        (v, n) ->
            variants.add(
                new VariantData(
                    v,
                    n,
                    byVariant.getOrDefault(v, Map.of()),
                    pairedByVariant.getOrDefault(v, Map.of()))));
    return variants;
  }

  private static <T> List<T> valuesOf(Map<String, T> byUnit, Predicate<String> in) {
    List<T> out = new ArrayList<>();
    byUnit.forEach(
        (unit, value) -> {
          if (in.test(unit)) {
            out.add(value);
          }
        });
    return out;
  }

  /** Each counted event's amount into its unit's value, and the paired values, per metric. */
  private void collect(
      Map<String, Map<String, Map<String, Double>>> values,
      Map<String, Map<String, Map<String, double[]>>> pairs) {
    for (Event e : eventsById.values()) {
      FirstExposure f = exposures.get(e.unit());
      if (f == null || f.multiple) {
        continue;
      }
      for (MetricQuery m : query.metrics()) {
        Instant first = f.exposure.time();
        boolean y = m.event().equals(e.name()) && counts(m, first, e.time());
        if (y) {
          values
              .computeIfAbsent(m.name(), k -> new HashMap<>())
              .computeIfAbsent(f.exposure.variant(), k -> new HashMap<>())
              .merge(e.unit(), m.amount().of(e.value()), Double::sum);
        }
        if (m.pairing() != null && (y || isPaired(m, e, first))) {
          double x = pairedAmount(m, e, first);
          double[] yx =
              pairs
                  .computeIfAbsent(m.name(), k -> new HashMap<>())
                  .computeIfAbsent(f.exposure.variant(), k -> new HashMap<>())
                  .computeIfAbsent(e.unit(), k -> new double[2]);
          if (m.pairing() instanceof MetricQuery.PrePeriod pre && pre.indicator()) {
            yx[0] = y ? 1 : yx[0];
            yx[1] = isPaired(m, e, first) ? 1 : yx[1];
          } else {
            yx[0] += y ? m.amount().of(e.value()) : 0;
            yx[1] += x;
          }
        }
      }
    }
  }

  /** Caps each unit's value (and paired values) of the capped metrics; returns the caps applied. */
  private Map<String, Double> applyCaps(
      Map<String, Map<String, Map<String, Double>>> values,
      Map<String, Map<String, Map<String, double[]>>> pairs,
      long exposedUnits) {
    Map<String, Double> cappedAt = new HashMap<>();
    for (MetricQuery m : query.metrics()) {
      if (m.cap() != null) {
        double cap = capValue(m.cap(), values.getOrDefault(m.name(), Map.of()), exposedUnits);
        cappedAt.put(m.name(), cap);
        values
            .getOrDefault(m.name(), Map.of())
            .values()
            .forEach(u -> u.replaceAll((k, v) -> Math.min(v, cap)));
        pairs
            .getOrDefault(m.name(), Map.of())
            .values()
            .forEach(
                u ->
                    u.values()
                        .forEach(
                            yx -> {
                              yx[0] = Math.min(yx[0], cap);
                              yx[1] = Math.min(yx[1], cap);
                            }));
      }
    }
    return cappedAt;
  }

  /**
   * The timeline of metric {@code name} (see {@link dev.abkit.spi.EventStore#readDaily}): per
   * variant, day of first exposure and day of the first counted event, the units.
   */
  public List<DailyData> daily(String name) {
    MetricQuery m =
        query.metrics().stream()
            .filter(q -> q.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no metric " + name + " in the query"));
    Map<String, Instant> firstEvent = new HashMap<>();
    for (Event e : eventsById.values()) {
      FirstExposure f = exposures.get(e.unit());
      if (f != null
          && !f.multiple
          && m.event().equals(e.name())
          && counts(m, f.exposure.time(), e.time())) {
        firstEvent.merge(e.unit(), e.time(), (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    record Cell(String variant, LocalDate exposureDay, @Nullable LocalDate conversionDay) {}
    Map<Cell, Long> cells = new HashMap<>();
    for (var entry : exposures.entrySet()) {
      FirstExposure f = entry.getValue();
      if (f.multiple) {
        continue;
      }
      Instant converted = firstEvent.get(entry.getKey());
      cells.merge(
          new Cell(
              f.exposure.variant(),
              day(f.exposure.time()),
              converted == null ? null : day(converted)),
          1L,
          Long::sum);
    }
    List<DailyData> out = new ArrayList<>();
    cells.forEach(
        (c, n) -> out.add(new DailyData(c.variant(), c.exposureDay(), c.conversionDay(), n)));
    return out;
  }

  private static LocalDate day(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC);
  }

  private boolean counts(MetricQuery m, Instant firstExposure, Instant time) {
    Instant from = firstExposure.plus(m.delay());
    if (time.isBefore(from)) {
      return false;
    }
    @Nullable Instant end = query.end();
    if (end != null && !time.isBefore(end)) {
      return false;
    }
    return m.window() == null || time.isBefore(firstExposure.plus(m.window()));
  }

  /** Whether {@code e} is the paired value ({@code x}) of metric {@code m} for its unit. */
  private boolean isPaired(MetricQuery m, Event e, Instant firstExposure) {
    if (m.pairing() instanceof MetricQuery.Denominator d) {
      return d.event().equals(e.name()) && counts(m, firstExposure, e.time());
    }
    if (m.pairing() instanceof MetricQuery.PrePeriod pre) {
      return m.event().equals(e.name())
          && e.time().isBefore(firstExposure)
          && !e.time().isBefore(firstExposure.minus(pre.length()));
    }
    return false;
  }

  /** What {@code e} adds to metric {@code m}'s paired value ({@code x}) for its unit. */
  private double pairedAmount(MetricQuery m, Event e, Instant firstExposure) {
    if (!isPaired(m, e, firstExposure)) {
      return 0;
    }
    return m.pairing() instanceof MetricQuery.Denominator d
        ? d.amount().of(e.value())
        : m.amount().of(e.value());
  }

  /**
   * The cap of a metric: a fixed value, or the percentile ({@code percentile_cont}) of the values
   * of all {@code units} exposed units, those without a counted event counting 0.
   */
  private static double capValue(
      MetricQuery.Cap cap, Map<String, Map<String, Double>> byVariant, long units) {
    if (cap instanceof MetricQuery.CapAt at) {
      return at.value();
    }
    double p = ((MetricQuery.CapPercentile) cap).percentile();
    List<Double> sorted = new ArrayList<>();
    byVariant.values().forEach(u -> sorted.addAll(u.values()));
    for (long zeros = units - sorted.size(); zeros > 0; zeros--) {
      sorted.add(0.0);
    }
    if (sorted.isEmpty()) {
      return 0;
    }
    sorted.sort(null);
    double position = p * (sorted.size() - 1);
    int lo = (int) Math.floor(position);
    int hi = Math.min(lo + 1, sorted.size() - 1);
    return sorted.get(lo) + (position - lo) * (sorted.get(hi) - sorted.get(lo));
  }

  private static PairedData pairedSums(Iterable<double[]> units) {
    double sy = 0;
    double syy = 0;
    double sx = 0;
    double sxx = 0;
    double sxy = 0;
    for (double[] yx : units) {
      sy += yx[0];
      syy += yx[0] * yx[0];
      sx += yx[1];
      sxx += yx[1] * yx[1];
      sxy += yx[0] * yx[1];
    }
    return new PairedData(sy, syy, sx, sxx, sxy);
  }

  private static MetricData stats(Iterable<Double> values, double shift) {
    long n = 0;
    double sum = 0;
    double sumSq = 0;
    for (double v : values) {
      double d = v - shift;
      n++;
      sum += d;
      sumSq += d * d;
    }
    return new MetricData(n, shift, sum, sumSq);
  }

  /**
   * The pilot value a metric's sums are shifted by (see {@link MetricData}): the value of the unit
   * with the smallest id in the first variant, the same in every variant and on every read of the
   * same data, so the variance is computed from small numbers when values are large but close.
   */
  private static double pilot(Map<String, Map<String, Double>> byVariant) {
    String first = Collections.min(byVariant.keySet());
    Map<String, Double> units = byVariant.get(first);
    double pilot = units.get(Collections.min(units.keySet()));
    return Double.isFinite(pilot) ? pilot : 0;
  }
}
