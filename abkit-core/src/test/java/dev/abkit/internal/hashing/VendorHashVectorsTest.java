package dev.abkit.internal.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The vendors' published hash vectors (see peer-vectors/SOURCES-bucketing.md). */
class VendorHashVectorsTest {

  static Stream<Arguments> growthBookHash() {
    return PeerVectors.section("growthbook-cases.json", "hash").stream()
        .map(
            c ->
                Arguments.of(
                    c.get(0).asText(),
                    c.get(1).asText(),
                    c.get(2).asInt(),
                    c.get(3).isNull() ? null : c.get(3).asDouble()));
  }

  @ParameterizedTest(name = "hash({0}, {1}, v{2}) = {3}")
  @MethodSource
  void growthBookHash(String seed, String value, int version, Double expected) {
    double n = GrowthBookHash.hash(seed, value, version);
    if (expected == null) {
      assertThat(n).isNaN();
    } else {
      assertThat(n == expected).as("%s == %s", n, expected).isTrue();
    }
  }

  static Stream<JsonNode> optimizelyBucket() {
    return PeerVectors.elements(PeerVectors.read("optimizely-bucketing.json")).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void optimizelyBucket(JsonNode c) {
    String key = c.get("bucketingKey").asText();
    int expected = c.get("expectedBucket").asInt();
    assertThat(UnitHash.optimizelyBucket(key, "")).isEqualTo(expected);
    // the vectors are bucketing id + a 10-digit experiment id: split them as the engine does
    String id = key.substring(0, key.length() - 10);
    String entity = key.substring(key.length() - 10);
    assertThat(UnitHash.optimizelyBucket(id, entity)).isEqualTo(expected);
    assertThat(UnitHash.of(dev.abkit.manifest.HashAlgorithm.OPTIMIZELY, entity).unitInterval(id))
        .isEqualTo(expected / 10000.0);
  }

  static Stream<JsonNode> unleashNormalizedHash() {
    return PeerVectors.elements(PeerVectors.read("unleash-normalized-hash.json")).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void unleashNormalizedHash(JsonNode c) {
    assertThat(
            UnitHash.unleashNormalizedHash(
                c.get("identifier").asText(),
                c.get("groupId").asText(),
                c.get("modulus").asInt(),
                (int) c.get("seed").asLong()))
        .isEqualTo(c.get("expected").asInt());
  }

  static Stream<JsonNode> eppoGetShard() {
    return PeerVectors.section("eppo-sharding.json", "getShard").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void eppoGetShard(JsonNode c) {
    assertThat(UnitHash.eppoShard(c.get("input").asText(), c.get("totalShards").asInt()))
        .isEqualTo(c.get("expectedShard").asInt());
  }

  static Stream<JsonNode> eppoUfcSplit() {
    return PeerVectors.section("eppo-sharding.json", "ufcSplitCases").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void eppoUfcSplit(JsonNode c) {
    String subject = c.get("subjectKey").asText();
    int total = c.get("totalShards").asInt();
    c.get("derivedShardBySalt")
        .fields()
        .forEachRemaining(
            e ->
                assertThat(UnitHash.eppoShard(e.getKey() + "-" + subject, total))
                    .as("shard of salt %s", e.getKey())
                    .isEqualTo(e.getValue().asInt()));
    JsonNode expected = c.get("expectedVariationKey");
    assertThat(EppoSplits.match(c.get("splits"), subject, total))
        .isEqualTo(expected.isNull() ? null : expected.asText());
  }

  @Test
  void murmur3_referenceValues_match() {
    assertThat(Murmur3.hash32("hello", 0)).isEqualTo(0x248bfa47);
    byte[] padded = "xyzhello!".getBytes(StandardCharsets.UTF_8);
    assertThat(Murmur3.hash32(padded, 3, 5, 0)).isEqualTo(0x248bfa47);
    assertThat(Integer.toUnsignedLong(Murmur3.hash32("gr1:123", 0))).isEqualTo(538421172L);
    assertThat(Integer.toUnsignedLong(Murmur3.hash32("gr1:123", 86028157))).isEqualTo(4076427795L);
    assertThat(Integer.toUnsignedLong(Murmur3.hash32("ppid11886780721", 1))).isEqualTo(2256854705L);
  }

  @Test
  void fnv1a_referenceValues_match() {
    assertThat(Integer.toUnsignedLong(Fnv1a32.hash(""))).isEqualTo(2166136261L);
    assertThat(Integer.toUnsignedLong(Fnv1a32.hash("a"))).isEqualTo(3826002220L);
    assertThat(Integer.toUnsignedLong(Fnv1a32.hash("ab"))).isEqualTo(1294271946L);
    assertThat(Fnv1a32.hashUnsignedDecimal(717764279)).isEqualTo(Fnv1a32.hash("717764279"));
    for (int v : new int[] {0, 9, 10, -1, Integer.MIN_VALUE, 1_000_000_000}) {
      assertThat(Fnv1a32.hashUnsignedDecimal(v))
          .as("decimal of %s", Integer.toUnsignedString(v))
          .isEqualTo(Fnv1a32.hash(Integer.toUnsignedString(v)));
    }
  }

  @Test
  void md5Prefix_referenceValue_matches() {
    assertThat(Md5Prefix.of("shard me".getBytes(StandardCharsets.UTF_8))).isEqualTo(2538090538L);
    assertThat(Md5Prefix.of("shard", " me")).isEqualTo(2538090538L);
  }

  @Test
  void murmur3_charSequenceForm_equalsBytesOfUtf8ForTrickyStrings() {
    List<String> samples =
        List.of(
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdefghijklmnopq",
            "x\u00e9abcdefgh",
            "é",
            "日本語テキスト",
            "emoji \uD83D\uDE00 in the middle",
            "lonely \uD800 high",
            "lonely \uDC00 low",
            "trailing high \uD83D");
    for (String a : samples) {
      for (String b : samples) {
        byte[] bytes = (a + b).getBytes(StandardCharsets.UTF_8);
        assertThat(Murmur3.hash32(a, b, 7))
            .as("murmur3(%s + %s)", a, b)
            .isEqualTo(Murmur3.hash32(bytes, 7));
        assertThat(Md5Prefix.of(a, b)).isEqualTo(Md5Prefix.of(bytes));
        assertThat(new Murmur3.Prefix(a, 7).hash(b))
            .as("prefix form of murmur3(%s + %s)", a, b)
            .isEqualTo(Murmur3.hash32(bytes, 7));
      }
    }
    // a surrogate pair split across the two parts is still one code point
    assertThat(Murmur3.hash32("x\uD83D", "\uDE00y", 0))
        .isEqualTo(Murmur3.hash32("x\uD83D\uDE00y".getBytes(StandardCharsets.UTF_8), 0));
  }

  @Test
  void murmur3UnitHash_isSaltColonUnitOverTwoToThe32() {
    long h = Integer.toUnsignedLong(Murmur3.hash32("exp:u1".getBytes(StandardCharsets.UTF_8), 0));
    assertThat(UnitHash.of(dev.abkit.manifest.HashAlgorithm.MURMUR3, "exp").unitInterval("u1"))
        .isEqualTo(h / 4294967296.0)
        .isEqualTo(UnitHash.murmur3("exp", "u1"));
  }

  @Test
  void eppoAndUnleashUnitHashes_followTheirVendorFormulas() {
    assertThat(UnitHash.of(dev.abkit.manifest.HashAlgorithm.EPPO, "sa").unitInterval("bob"))
        .isEqualTo(UnitHash.eppoShard("sa-bob", 10000) / 10000.0);
    assertThat(UnitHash.of(dev.abkit.manifest.HashAlgorithm.UNLEASH, "gr1").unitInterval("123"))
        .isEqualTo(
            (UnitHash.unleashNormalizedHash("123", "gr1", 1000, UnitHash.UNLEASH_VARIANT_SEED) - 1)
                / 1000.0);
  }
}
