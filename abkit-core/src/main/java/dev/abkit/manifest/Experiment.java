package dev.abkit.manifest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One experiment of a {@link Manifest}: the parsed, validated form of a manifest entry. Field
 * meanings and defaults are those of the manifest reference (README, DESIGN.md section 1).
 *
 * @param id unique id, {@code [A-Za-z0-9_.-]{1,64}}
 * @param description free text, or {@code null}
 * @param hypothesis free text, or {@code null}
 * @param status lifecycle state
 * @param variants at least two, keys unique
 * @param control the control variant's key (one of {@code variants})
 * @param traffic fraction of units enrolled, in [0,1]
 * @param salt hashing seed (defaults to {@code id})
 * @param hash hash algorithm
 * @param targetEvent primary metric's event name ({@code null} only when not running)
 * @param metrics further event names
 * @param startAt enrollment opens at this instant, or {@code null}
 * @param endAt enrollment closes at this instant (exclusive), or {@code null}
 * @param targeting MongoDB-style condition on unit attributes (unmodifiable JSON-like map), or
 *     empty for everyone
 * @param exclusionGroup mutual exclusion group, or {@code null}
 * @param overrides forced variants: unit id to variant key
 * @param config baseline config (unmodifiable JSON-like map)
 * @param significanceLevel α for the analysis, in (0,1)
 * @param targetSampleSize planned units (all variants), or {@code null}
 * @param sequential whether results use always-valid (sequential) inference
 */
public record Experiment(
    String id,
    @Nullable String description,
    @Nullable String hypothesis,
    Status status,
    List<Variant> variants,
    String control,
    double traffic,
    String salt,
    HashAlgorithm hash,
    @Nullable String targetEvent,
    List<String> metrics,
    @Nullable Instant startAt,
    @Nullable Instant endAt,
    Map<String, Object> targeting,
    @Nullable ExclusionGroup exclusionGroup,
    Map<String, String> overrides,
    Map<String, Object> config,
    double significanceLevel,
    @Nullable Long targetSampleSize,
    boolean sequential) {

  /** Experiment ids (also variant keys and exclusion group names): {@code [A-Za-z0-9_.-]{1,64}}. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  public Experiment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    variants = List.copyOf(variants);
    if (variants.size() < 2) {
      throw new IllegalArgumentException("experiment " + id + " needs at least 2 variants");
    }
    control = control == null ? variants.get(0).key() : control;
    String c = control;
    if (variants.stream().noneMatch(v -> v.key().equals(c))) {
      throw new IllegalArgumentException("control " + control + " is not a variant of " + id);
    }
    if (!(traffic >= 0 && traffic <= 1)) {
      throw new IllegalArgumentException("traffic must be in [0,1], was " + traffic);
    }
    salt = salt == null ? id : salt;
    hash = hash == null ? HashAlgorithm.MURMUR3 : hash;
    metrics = metrics == null ? List.of() : List.copyOf(metrics);
    targeting = targeting == null ? Map.of() : targeting;
    overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    config = config == null ? Map.of() : config;
    if (!(significanceLevel > 0 && significanceLevel < 1)) {
      throw new IllegalArgumentException(
          "significance_level must be in (0,1), was " + significanceLevel);
    }
  }

  /** A running experiment with equal-weight variants and defaults everywhere else. */
  public static Experiment of(String id, @Nullable String targetEvent, String... variantKeys) {
    return new Experiment(
        id,
        null,
        null,
        Status.RUNNING,
        java.util.Arrays.stream(variantKeys).map(k -> Variant.of(k, 1)).toList(),
        variantKeys.length == 0 ? "" : variantKeys[0],
        1,
        id,
        HashAlgorithm.MURMUR3,
        targetEvent,
        List.of(),
        null,
        null,
        Map.of(),
        null,
        Map.of(),
        Map.of(),
        0.05,
        null,
        false);
  }

  /** The variant with this key. */
  public Optional<Variant> variant(String key) {
    return variants.stream().filter(v -> v.key().equals(key)).findFirst();
  }

  /** {@code targetEvent} followed by {@code metrics}, without duplicates. */
  public List<String> allMetrics() {
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
    if (targetEvent != null) {
      all.add(targetEvent);
    }
    all.addAll(metrics);
    return List.copyOf(all);
  }
}
