package dev.abkit.internal.engine;

import dev.abkit.manifest.ExclusionGroup;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.HashAlgorithm;
import dev.abkit.manifest.Status;
import dev.abkit.manifest.Variant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A fluent way to write experiment records in tests. */
final class TestExperiments {
  private String id;
  private Status status = Status.RUNNING;
  private final List<Variant> variants = new ArrayList<>();
  private double traffic = 1;
  private String salt;
  private HashAlgorithm hash = HashAlgorithm.MURMUR3;
  private Instant startAt;
  private Instant endAt;
  private Map<String, Object> targeting;
  private ExclusionGroup group;
  private Map<String, String> overrides;
  private Map<String, Object> config;

  static TestExperiments experiment(String id) {
    TestExperiments t = new TestExperiments();
    t.id = id;
    return t;
  }

  TestExperiments variant(String key, double weight) {
    variants.add(Variant.of(key, weight));
    return this;
  }

  TestExperiments variant(Variant v) {
    variants.add(v);
    return this;
  }

  TestExperiments status(Status s) {
    status = s;
    return this;
  }

  TestExperiments traffic(double t) {
    traffic = t;
    return this;
  }

  TestExperiments salt(String s) {
    salt = s;
    return this;
  }

  TestExperiments hash(HashAlgorithm h) {
    hash = h;
    return this;
  }

  TestExperiments window(Instant start, Instant end) {
    startAt = start;
    endAt = end;
    return this;
  }

  TestExperiments targeting(Map<String, Object> t) {
    targeting = t;
    return this;
  }

  TestExperiments group(ExclusionGroup g) {
    group = g;
    return this;
  }

  TestExperiments overrides(Map<String, String> o) {
    overrides = o;
    return this;
  }

  TestExperiments config(Map<String, Object> c) {
    config = c;
    return this;
  }

  Experiment build() {
    List<Variant> vs =
        variants.isEmpty() ? List.of(Variant.of("A", 1), Variant.of("B", 1)) : variants;
    return Experiment.builder(id)
        .status(status)
        .variants(vs)
        .traffic(traffic)
        .salt(salt)
        .hash(hash)
        .targetEvent("conversion")
        .startAt(startAt)
        .endAt(endAt)
        .targeting(targeting)
        .exclusionGroup(group)
        .overrides(overrides)
        .config(config)
        .build();
  }
}
