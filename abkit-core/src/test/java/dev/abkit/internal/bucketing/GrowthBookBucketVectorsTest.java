package dev.abkit.internal.bucketing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abkit.internal.hashing.GrowthBookHash;
import dev.abkit.internal.hashing.PeerVectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** GrowthBook's bucket-range vectors (cases.json; see peer-vectors/SOURCES-bucketing.md). */
class GrowthBookBucketVectorsTest {
  private static final String FILE = "growthbook-cases.json";

  /** The reference suite's comparison: truncate to 8 decimals. */
  private static double floor8(double x) {
    return Math.floor(x * 1e8) / 1e8;
  }

  private static double[][] ranges(JsonNode node) {
    double[][] r = new double[node.size()][];
    for (int i = 0; i < r.length; i++) {
      r[i] = new double[] {node.get(i).get(0).asDouble(), node.get(i).get(1).asDouble()};
    }
    return r;
  }

  static Stream<JsonNode> getBucketRange() {
    return PeerVectors.section(FILE, "getBucketRange").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void getBucketRange(JsonNode c) {
    JsonNode args = c.get(1);
    double[] weights = null;
    if (!args.get(2).isNull()) {
      weights = new double[args.get(2).size()];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = args.get(2).get(i).asDouble();
      }
    }
    double[][] actual =
        BucketRanges.bucketRanges(args.get(0).asInt(), args.get(1).asDouble(), weights);
    double[][] expected = ranges(c.get(2));
    assertThat(actual).hasSameDimensionsAs(expected);
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < 2; j++) {
        assertThat(floor8(actual[i][j])).as("range %d[%d]", i, j).isEqualTo(floor8(expected[i][j]));
      }
    }
  }

  static Stream<JsonNode> chooseVariation() {
    return PeerVectors.section(FILE, "chooseVariation").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void chooseVariation(JsonNode c) {
    assertThat(BucketRanges.chooseVariation(c.get(1).asDouble(), ranges(c.get(2))))
        .isEqualTo(c.get(3).asInt());
  }

  static Stream<JsonNode> inNamespace() {
    return PeerVectors.section(FILE, "inNamespace").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void inNamespace(JsonNode c) {
    JsonNode ns = c.get(2);
    assertThat(
            GrowthBookHash.inNamespace(
                c.get(1).asText(), ns.get(0).asText(), ns.get(1).asDouble(), ns.get(2).asDouble()))
        .isEqualTo(c.get(3).asBoolean());
    // the engine's gate is the same rule
    GroupGate gate =
        GroupGate.of(
            new dev.abkit.manifest.ExclusionGroup(
                ns.get(0).asText(),
                new dev.abkit.manifest.Range(ns.get(1).asDouble(), ns.get(2).asDouble())),
            dev.abkit.manifest.HashAlgorithm.GROWTHBOOK_V2);
    assertThat(gate.admits(c.get(1).asText())).isEqualTo(c.get(3).asBoolean());
  }

  static Stream<JsonNode> getEqualWeights() {
    return PeerVectors.section(FILE, "getEqualWeights").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void getEqualWeights(JsonNode c) {
    double[] actual = BucketRanges.equalWeights(c.get(0).asInt());
    JsonNode expected = c.get(1);
    assertThat(actual).hasSize(expected.size());
    for (int i = 0; i < actual.length; i++) {
      assertThat(floor8(actual[i])).isEqualTo(floor8(expected.get(i).asDouble()));
    }
  }
}
