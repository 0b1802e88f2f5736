package dev.abkit.jdbc.internal;

import dev.abkit.spi.MetricData;
import dev.abkit.spi.PairedData;
import dev.abkit.spi.SegmentData;
import dev.abkit.spi.VariantData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows of one read, per segment (a value of the query's dimension, {@code null} for units
 * without one, and the only segment when the query has no dimension) and variant, and the
 * experiment's figures merged from them: exposures add, {@link MetricData#plus} and {@link
 * PairedData#plus} merge exactly, so each statement runs once whether or not the read is broken
 * down. Segments merge in value order, so the same rows always give the same sums. Not thread-safe:
 * one per read.
 */
final class Breakdown {
  /** By value, {@code null} last (as Java orders strings, like the other stores). */
  private final TreeMap<String, Map<String, Part>> segments =
      new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));

  /** One variant's figures in one segment. */
  private static final class Part {
    long exposures;
    final Map<String, MetricData> metrics = new HashMap<>();
    final Map<String, PairedData> pairs = new HashMap<>();

    void add(Part o) {
      exposures += o.exposures;
      o.metrics.forEach((name, data) -> metrics.merge(name, data, MetricData::plus));
      o.pairs.forEach((name, data) -> pairs.merge(name, data, PairedData::plus));
    }

    VariantData toVariant(String variant) {
      return new VariantData(variant, exposures, metrics, pairs);
    }
  }

  private Part part(String segment, String variant) {
    return segments
        .computeIfAbsent(segment, k -> new TreeMap<>())
        .computeIfAbsent(variant, k -> new Part());
  }

  /** Units exposed to {@code variant} only, in {@code segment}. */
  void exposed(String segment, String variant, long units) {
    part(segment, variant).exposures += units;
  }

  /** Whether no unit was exposed to one variant only. */
  boolean isEmpty() {
    return segments.isEmpty();
  }

  /** One metric's statistics in {@code segment} and {@code variant}. */
  void metric(String segment, String variant, String metric, MetricData data) {
    part(segment, variant).metrics.put(metric, data);
  }

  /** One metric's paired sums in {@code segment} and {@code variant}. */
  void paired(String segment, String variant, String metric, PairedData data) {
    part(segment, variant).pairs.put(metric, data);
  }

  /** The experiment's figures per variant (variant order): every segment's merged. */
  List<VariantData> variants() {
    Map<String, Part> whole = new TreeMap<>();
    segments
        .values()
        .forEach(s -> s.forEach((v, p) -> whole.computeIfAbsent(v, k -> new Part()).add(p)));
    return variants(whole);
  }

  /** Per segment, its variants with exposed units (in value order, {@code null} last). */
  List<SegmentData> segments() {
    List<SegmentData> out = new ArrayList<>();
    segments.forEach((value, parts) -> out.add(new SegmentData(value, variants(parts))));
    return out;
  }

  /**
   * The variants with exposed units: a metric row without one (an exposure written between the
   * read's statements) is left out, as a read without a breakdown leaves it out.
   */
  private static List<VariantData> variants(Map<String, Part> parts) {
    List<VariantData> out = new ArrayList<>();
    parts.forEach(
        (variant, part) -> {
          if (part.exposures > 0) {
            out.add(part.toVariant(variant));
          }
        });
    return out;
  }
}
