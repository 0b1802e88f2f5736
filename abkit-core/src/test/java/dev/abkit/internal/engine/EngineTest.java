package dev.abkit.internal.engine;

import static dev.abkit.internal.engine.TestExperiments.experiment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abkit.Assignment;
import dev.abkit.Reason;
import dev.abkit.internal.hashing.UnitHash;
import dev.abkit.manifest.ExclusionGroup;
import dev.abkit.manifest.Experiment;
import dev.abkit.manifest.HashAlgorithm;
import dev.abkit.manifest.Manifest;
import dev.abkit.manifest.Range;
import dev.abkit.manifest.Status;
import dev.abkit.manifest.Variant;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static Engine engine(Experiment... experiments) {
    return new Engine(Manifest.of(experiments), CLOCK, null, Map.of());
  }

  @Test
  void assign_unknownExperiment_isUnknownWithNothingServed() {
    Assignment a = engine(experiment("e").build()).assign("nope", "u1", Map.of());
    assertThat(a.reason()).isEqualTo(Reason.UNKNOWN_EXPERIMENT);
    assertThat(a.experiment()).isEqualTo("nope");
    assertThat(a.variant()).isNull();
    assertThat(a.served()).isNull();
    assertThat(a.config()).isEmpty();
    assertThat(engine(experiment("e").build()).assign(null, "u1", Map.of()).reason())
        .isEqualTo(Reason.UNKNOWN_EXPERIMENT);
  }

  @Test
  void assign_experimentNotRunning_isNotRunningAndServesControl() {
    for (Status s : List.of(Status.DRAFT, Status.PAUSED, Status.STOPPED)) {
      Engine engine =
          engine(
              experiment("e")
                  .status(s)
                  .variant(new Variant("A", null, 1, Map.of("c", "a"), null))
                  .variant("B", 1)
                  .build());
      Assignment a = engine.assign("e", "u1", Map.of());
      assertThat(a.reason()).as("%s", s).isEqualTo(Reason.NOT_RUNNING);
      assertThat(a.enrolled()).isFalse();
      assertThat(a.served()).isEqualTo("A");
      assertThat(a.config()).containsEntry("c", "a");
    }
  }

  @Test
  void assign_window_startInclusiveEndExclusive() {
    Instant start = Instant.parse("2026-11-01T00:00:00Z");
    Instant end = Instant.parse("2026-12-01T00:00:00Z");
    Experiment e = experiment("e").window(start, end).build();
    assertThat(at(e, start.minusMillis(1)).reason()).isEqualTo(Reason.OUTSIDE_WINDOW);
    assertThat(at(e, start).enrolled()).isTrue();
    assertThat(at(e, end.minusMillis(1)).enrolled()).isTrue();
    assertThat(at(e, end).reason()).isEqualTo(Reason.OUTSIDE_WINDOW);
    assertThat(at(e, end.plusSeconds(3600)).reason()).isEqualTo(Reason.OUTSIDE_WINDOW);
  }

  @Test
  void assign_windowWithSubMillisecondBounds_respectsTheExactInstants() {
    Instant start = Instant.parse("2026-11-01T00:00:00.000500Z");
    Experiment e = experiment("e").window(start, null).build();
    assertThat(at(e, Instant.parse("2026-11-01T00:00:00Z")).reason())
        .isEqualTo(Reason.OUTSIDE_WINDOW);
    assertThat(at(e, Instant.parse("2026-11-01T00:00:00.001Z")).enrolled()).isTrue();
  }

  private static Assignment at(Experiment e, Instant now) {
    return new Engine(Manifest.of(e), Clock.fixed(now, ZoneOffset.UTC), null, Map.of())
        .assign(e.id(), "u1", Map.of());
  }

  @Test
  void assign_nullOrBlankUnit_isInvalidUnit() {
    Engine engine = engine(experiment("e").build());
    for (String unit : new String[] {null, "", "  \t"}) {
      Assignment a = engine.assign("e", unit, Map.of());
      assertThat(a.reason()).isEqualTo(Reason.INVALID_UNIT);
      assertThat(a.served()).isEqualTo("A");
    }
  }

  @Test
  void assign_manifestOverride_winsOverTrafficAndForced() {
    Experiment e = experiment("e").traffic(0).overrides(Map.of("qa", "B")).build();
    Engine engine =
        new Engine(Manifest.of(e), CLOCK, null, Map.of("e", Map.of("qa", "A", "dev", "A")));
    Assignment qa = engine.assign("e", "qa", Map.of());
    assertThat(qa.reason()).isEqualTo(Reason.OVERRIDE);
    assertThat(qa.variant()).isEqualTo("B");
    Assignment dev = engine.assign("e", "dev", Map.of());
    assertThat(dev.reason()).isEqualTo(Reason.OVERRIDE);
    assertThat(dev.variant()).isEqualTo("A");
    assertThat(engine.assign("e", "someone", Map.of()).reason()).isEqualTo(Reason.NOT_IN_TRAFFIC);
  }

  @Test
  void assign_sameUnitOverriddenAndForced_manifestOverrideWinsTheTie() {
    Experiment e = experiment("e").overrides(Map.of("qa", "A")).build();
    Engine engine = new Engine(Manifest.of(e), CLOCK, null, Map.of("e", Map.of("qa", "B")));

    assertThat(engine.assign("e", "qa", Map.of()).variant()).isEqualTo("A");
    assertThat(engine.assignAll("qa", Map.of()).get("e").variant()).isEqualTo("A");
  }

  @Test
  void assign_overrideOnPausedExperiment_stillNotRunning() {
    Experiment e = experiment("e").status(Status.PAUSED).overrides(Map.of("qa", "B")).build();
    assertThat(engine(e).assign("e", "qa", Map.of()).reason()).isEqualTo(Reason.NOT_RUNNING);
  }

  @Test
  void assign_overrideNamingUnknownVariant_isIgnored() {
    Experiment e = experiment("e").build();
    Engine engine = new Engine(Manifest.of(e), CLOCK, null, Map.of("e", Map.of("u1", "Z")));
    assertThat(engine.assign("e", "u1", Map.of()).reason()).isEqualTo(Reason.HASHED);
  }

  @Test
  void assign_targetingMismatch_isTargetingMismatch() {
    Experiment e = experiment("e").targeting(Map.of("country", "NL")).build();
    Engine engine = engine(e);
    assertThat(engine.assign("e", "u1", Map.of("country", "DE")).reason())
        .isEqualTo(Reason.TARGETING_MISMATCH);
    assertThat(engine.assign("e", "u1", Map.of("country", "NL")).enrolled()).isTrue();
  }

  @Test
  void assign_failureInside_isErrorWithControlAndNeverThrows() {
    Clock broken =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            throw new IllegalStateException("clock broken (test)");
          }

          @Override
          public long millis() {
            throw new IllegalStateException("clock broken (test)");
          }
        };
    Experiment e = experiment("e").window(NOW.minusSeconds(1), null).build();
    Engine engine = new Engine(Manifest.of(e), broken, null, Map.of());
    for (int i = 0; i < 3; i++) {
      Assignment a = engine.assign("e", "u" + i, Map.of());
      assertThat(a.reason()).isEqualTo(Reason.ERROR);
      assertThat(a.served()).isEqualTo("A");
      assertThat(a.enrolled()).isFalse();
    }
    assertThat(engine.assignAll("u1", Map.of()).get("e").reason()).isEqualTo(Reason.ERROR);
  }

  @Test
  void assign_zeroTraffic_isNotInTraffic() {
    Engine engine = engine(experiment("e").traffic(0).build());
    for (int i = 0; i < 100; i++) {
      assertThat(engine.assign("e", "u" + i, Map.of()).reason()).isEqualTo(Reason.NOT_IN_TRAFFIC);
    }
  }

  @Test
  void assign_hashed_followsMurmurRangesOfTheDesign() {
    Experiment e = experiment("e").variant("A", 1).variant("B", 3).traffic(0.8).build();
    Engine engine = engine(e);
    for (int i = 0; i < 500; i++) {
      String unit = "user-" + i;
      double n = UnitHash.murmur3("e", unit);
      String expected = n < 0.2 ? "A" : n >= 0.25 && n < 0.25 + 0.6 ? "B" : null;
      Assignment a = engine.assign("e", unit, Map.of());
      assertThat(a.variant()).as("n=%s", n).isEqualTo(expected);
      assertThat(a.reason()).isEqualTo(expected == null ? Reason.NOT_IN_TRAFFIC : Reason.HASHED);
    }
  }

  @Test
  void assign_explicitRanges_overrideWeightAndTraffic() {
    Experiment e =
        experiment("e")
            .variant(new Variant("A", null, 5, null, new Range(0.5, 0.6)))
            .variant(new Variant("B", null, 5, null, new Range(0.9, 1.0)))
            .traffic(0.1)
            .build();
    Engine engine = engine(e);
    for (int i = 0; i < 500; i++) {
      String unit = "user-" + i;
      double n = UnitHash.murmur3("e", unit);
      String expected = n >= 0.5 && n < 0.6 ? "A" : n >= 0.9 ? "B" : null;
      assertThat(engine.assign("e", unit, Map.of()).variant()).isEqualTo(expected);
    }
  }

  @Test
  void assign_vendorHashes_reproduceTheVendorsChoice() {
    // Optimizely vector: "ppid1" + "1886780721" is bucket 5254, so with 50/50 it gets B
    Experiment opt = experiment("opt").hash(HashAlgorithm.OPTIMIZELY).salt("1886780721").build();
    assertThat(engine(opt).assign("opt", "ppid1", Map.of()).variant()).isEqualTo("B");
    // a 5253/4747 split (as Optimizely endOfRange 5254) puts bucket 5254 just past A's end
    Experiment opt2 =
        experiment("opt2")
            .hash(HashAlgorithm.OPTIMIZELY)
            .salt("1886780721")
            .variant("A", 5254)
            .variant("B", 4746)
            .build();
    assertThat(engine(opt2).assign("opt2", "ppid1", Map.of()).variant()).isEqualTo("B");
    Experiment opt3 =
        experiment("opt3")
            .hash(HashAlgorithm.OPTIMIZELY)
            .salt("1886780721")
            .variant("A", 5255)
            .variant("B", 4745)
            .build();
    assertThat(engine(opt3).assign("opt3", "ppid1", Map.of()).variant()).isEqualTo("A");
    // Unleash: ("123", "gr1") with the variant seed; first variant whose cumulative weight >=
    // target
    int target = UnitHash.unleashNormalizedHash("123", "gr1", 1000, UnitHash.UNLEASH_VARIANT_SEED);
    Experiment un =
        experiment("un")
            .hash(HashAlgorithm.UNLEASH)
            .salt("gr1")
            .variant("A", target)
            .variant("B", 1000 - target)
            .build();
    assertThat(engine(un).assign("un", "123", Map.of()).variant()).isEqualTo("A");
    Experiment un2 =
        experiment("un2")
            .hash(HashAlgorithm.UNLEASH)
            .salt("gr1")
            .variant("A", target - 1)
            .variant("B", 1001 - target)
            .build();
    assertThat(engine(un2).assign("un2", "123", Map.of()).variant()).isEqualTo("B");
  }

  @Test
  void assign_exclusionGroup_twoExperimentsNeverShareAUnit() {
    for (HashAlgorithm h : HashAlgorithm.values()) {
      Experiment left =
          experiment("left").hash(h).group(new ExclusionGroup("g", new Range(0, 0.5))).build();
      Experiment right =
          experiment("right").hash(h).group(new ExclusionGroup("g", new Range(0.5, 1))).build();
      Engine engine = engine(left, right);
      int inLeft = 0;
      for (int i = 0; i < 2000; i++) {
        String unit = "u" + i;
        Assignment l = engine.assign("left", unit, Map.of());
        Assignment r = engine.assign("right", unit, Map.of());
        assertThat(l.enrolled() && r.enrolled()).as("%s unit %s in both", h, unit).isFalse();
        assertThat(l.enrolled() || r.enrolled()).as("%s unit %s in neither", h, unit).isTrue();
        if (!l.enrolled()) {
          assertThat(l.reason()).isEqualTo(Reason.EXCLUSION_GROUP);
        } else {
          inLeft++;
        }
      }
      assertThat(inLeft).as("%s share of the left half", h).isBetween(850, 1150);
    }
  }

  @Test
  void assign_exclusionGroupHash_usesGroupSaltNotExperimentSalt() {
    Experiment e = experiment("e").group(new ExclusionGroup("g", new Range(0, 0.3))).build();
    Engine engine = engine(e);
    for (int i = 0; i < 300; i++) {
      String unit = "u" + i;
      boolean admitted = UnitHash.murmur3("group:g", unit) < 0.3;
      assertThat(engine.assign("e", unit, Map.of()).reason() != Reason.EXCLUSION_GROUP)
          .isEqualTo(admitted);
    }
  }

  @Test
  void assign_returnsPrebuiltInstances() {
    Engine engine = engine(experiment("e").variant("A", 1).variant("B", 0).build());
    assertThat(engine.assign("e", "u1", Map.of())).isSameAs(engine.assign("e", "u2", Map.of()));
  }

  @Test
  void assign_config_isVariantDeepMergedOverBaseline() {
    Map<String, Object> base =
        Map.of(
            "title",
            "Hello",
            "layout",
            Map.of("cols", 2, "theme", Map.of("dark", false)),
            "tags",
            List.of("a", "b"));
    Map<String, Object> b =
        Map.of(
            "layout", Map.of("theme", Map.of("dark", true), "dense", true), "tags", List.of("c"));
    Experiment e =
        experiment("e")
            .config(base)
            .variant(new Variant("A", null, 0, null, null))
            .variant(new Variant("B", null, 1, b, null))
            .build();
    Assignment a = engine(e).assign("e", "u1", Map.of());
    assertThat(a.variant()).isEqualTo("B");
    assertThat(a.config())
        .isEqualTo(
            Map.of(
                "title", "Hello",
                "layout", Map.of("cols", 2, "theme", Map.of("dark", true), "dense", true),
                "tags", List.of("c")));
    assertThatThrownBy(() -> a.config().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> layout = (Map<String, Object>) a.config().get("layout");
    assertThatThrownBy(() -> layout.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    Assignment notEnrolled =
        new Engine(Manifest.of(e), CLOCK, null, Map.of()).assign("e", null, Map.of());
    assertThat(notEnrolled.config()).isEqualTo(base);
  }

  @Test
  void assignAll_returnsRunningExperimentsInManifestOrder_includingNotEnrolled() {
    Engine engine =
        engine(
            experiment("z").build(),
            experiment("paused").status(Status.PAUSED).build(),
            experiment("a").traffic(0).build(),
            experiment("m").build());
    Map<String, Assignment> all = engine.assignAll("u1", Map.of());
    assertThat(all.keySet()).containsExactly("z", "a", "m");
    assertThat(all.get("a").reason()).isEqualTo(Reason.NOT_IN_TRAFFIC);
    assertThat(all.get("z")).isEqualTo(engine.assign("z", "u1", Map.of()));
    assertThat(all.get("paused")).isNull();
    assertThat(all).containsKey("m").doesNotContainKey("paused");
    assertThatThrownBy(() -> all.put("x", null)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> all.remove("z")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(engine.assignAll(null, Map.of()).values())
        .extracting(Assignment::reason)
        .containsOnly(Reason.INVALID_UNIT);
  }

  @Test
  void update_swapsTheManifest() {
    Engine engine = engine(experiment("old").build());
    Manifest next = Manifest.of(experiment("new").build());
    engine.update(next);
    assertThat(engine.manifest()).isSameAs(next);
    assertThat(engine.assign("old", "u1", Map.of()).reason()).isEqualTo(Reason.UNKNOWN_EXPERIMENT);
    assertThat(engine.assign("new", "u1", Map.of()).enrolled()).isTrue();
  }

  @Test
  void assign_saltChange_reRandomizes() {
    Engine before = engine(experiment("e").salt("s1").build());
    Engine after = engine(experiment("e").salt("s2").build());
    int moved = 0;
    for (int i = 0; i < 1000; i++) {
      String u = "u" + i;
      if (!before
          .assign("e", u, Map.of())
          .variant()
          .equals(after.assign("e", u, Map.of()).variant())) {
        moved++;
      }
    }
    assertThat(moved).as("about half the units move under a new salt").isBetween(400, 600);
  }
}
