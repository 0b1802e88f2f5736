package dev.abkit.internal.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

class ConditionTest {

  @Test
  void test_emptyOrNullCondition_matchesEveryone() {
    assertThat(Condition.compile(Map.of()).test(Map.of("a", 1))).isTrue();
    assertThat(Condition.compile(null).test(null)).isTrue();
  }

  @Test
  void test_javaNumberTypes_compareAsJavaScriptNumbers() {
    Condition c = Condition.compile(Map.of("n", Map.of("$gte", 2L, "$lt", 2.5)));

    assertThat(c.test(Map.of("n", 2))).isTrue();
    assertThat(c.test(Map.of("n", (short) 2))).isTrue();
    assertThat(c.test(Map.of("n", 2.25f))).isTrue();
    assertThat(c.test(Map.of("n", BigInteger.valueOf(3)))).isFalse();
    assertThat(c.test(Map.of("n", "2"))).isTrue(); // JavaScript coerces "2" >= 2
  }

  @Test
  void test_versionOperators_useGrowthbookPaddedVersions() {
    Condition c = Condition.compile(Map.of("app_version", Map.of("$vgte", "1.2.0")));

    assertThat(c.test(Map.of("app_version", "1.10.0"))).isTrue();
    assertThat(c.test(Map.of("app_version", "v1.2.0+build7"))).isTrue();
    assertThat(c.test(Map.of("app_version", "1.2.0-beta"))).isFalse();
    assertThat(c.test(Map.of("app_version", "1.1.9"))).isFalse();
    assertThat(c.test(Map.of())).isFalse();
  }

  @Test
  void check_malformedParts_areListedWithPaths() {
    Map<String, Object> cond = new LinkedHashMap<>();
    cond.put("platform", Map.of("$in", "ios"));
    cond.put("$or", "nope");
    cond.put("name", Map.of("$regex", "("));
    cond.put("x", Map.of("$almost", 1));

    assertThat(Condition.check(cond))
        .extracting(Condition.Issue::path, Condition.Issue::rule)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("platform.$in", "must be an array"),
            org.assertj.core.groups.Tuple.tuple("$or", "must be an array of conditions"),
            org.assertj.core.groups.Tuple.tuple(
                "name.$regex", "must be a valid regular expression (Unclosed group)"),
            org.assertj.core.groups.Tuple.tuple("x.$almost", "unknown operator"));
    assertThat(Condition.compile(cond).test(Map.of("platform", "ios"))).isFalse();
  }

  @Test
  void check_wellFormedCondition_hasNoIssues() {
    assertThat(
            Condition.check(
                Map.of(
                    "platform", Map.of("$in", List.of("ios", "android")),
                    "$or", List.of(Map.of("a", 1), Map.of("b", Map.of("$exists", true))))))
        .isEmpty();
  }

  @Test
  void test_selfReferencingAttributes_evaluateFalseInsteadOfThrowing() {
    List<Object> loop = new java.util.ArrayList<>();
    loop.add(loop);
    Condition c = Condition.compile(Map.of("l", List.of(1)));

    assertThat(c.test(Map.of("l", loop))).isFalse();
  }

  @Property(tries = 500)
  void test_anyConditionAndAttributes_neverThrows(
      @ForAll("maps") Map<String, Object> condition,
      @ForAll("maps") Map<String, Object> attributes) {
    Condition.check(condition);
    Condition.compile(condition, Map.of("g", Arrays.asList(1, "a", null))).test(attributes);
  }

  @Property(tries = 300)
  void test_inOverPrimitives_hashedLookupAgreesWithGrowthbookScan(
      @ForAll("primitiveLists") List<Object> members,
      @ForAll("primitives") Object attribute,
      @ForAll boolean insensitive) {
    String op = insensitive ? "$ini" : "$in";
    List<Object> withContainer = new java.util.ArrayList<>(members);
    withContainer.add(Map.of("not", "primitive")); // forces the linear GrowthBook scan

    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("a", attribute);
    boolean hashed = Condition.compile(Map.of("a", Map.of(op, members))).test(attributes);
    boolean scanned = Condition.compile(Map.of("a", Map.of(op, withContainer))).test(attributes);

    assertThat(hashed).isEqualTo(scanned);
  }

  @Provide
  Arbitrary<Object> primitives() {
    return Arbitraries.oneOf(
            Arbitraries.of("a", "A", "b", "1", "").map(s -> (Object) s),
            Arbitraries.of(1L, 1.0, 0.0, -0.0, 2.5, Double.NaN).map(d -> (Object) d),
            Arbitraries.of(1, (short) 2).map(i -> (Object) i),
            Arbitraries.of(true, false).map(b -> (Object) b))
        .injectNull(0.1);
  }

  @Provide
  Arbitrary<List<Object>> primitiveLists() {
    return primitives().list().ofMaxSize(6);
  }

  @Provide
  Arbitrary<Map<String, Object>> maps() {
    return Arbitraries.maps(keys(), value(3)).ofMaxSize(4);
  }

  private static Arbitrary<String> keys() {
    return Arbitraries.of(
        "$eq",
        "$ne",
        "$gt",
        "$gte",
        "$lt",
        "$lte",
        "$in",
        "$nin",
        "$ini",
        "$nini",
        "$all",
        "$alli",
        "$elemMatch",
        "$size",
        "$exists",
        "$type",
        "$regex",
        "$regexi",
        "$not",
        "$and",
        "$or",
        "$nor",
        "$veq",
        "$vne",
        "$vgt",
        "$vgte",
        "$vlt",
        "$vlte",
        "$inGroup",
        "$notInGroup",
        "a",
        "b",
        "a.b",
        "0",
        "length",
        "$bogus",
        "");
  }

  private static Arbitrary<Object> value(int depth) {
    Arbitrary<Object> leaf =
        Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s),
                Arbitraries.of("1.2.3", "v2.0.0-rc.1", "a", "g", "(", "[a-z]+", "number", "")
                    .map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e21, 1e-7)
                    .map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b))
            .injectNull(0.1);
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Object> inner = Arbitraries.lazy(() -> value(depth - 1));
    return Arbitraries.frequencyOf(
        Tuple.of(3, leaf),
        Tuple.of(1, inner.list().ofMaxSize(3).map(l -> (Object) l)),
        Tuple.of(1, Arbitraries.maps(keys(), inner).ofMaxSize(3).map(m -> (Object) m)));
  }
}
