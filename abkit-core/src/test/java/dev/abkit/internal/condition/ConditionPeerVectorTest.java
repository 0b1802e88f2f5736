package dev.abkit.internal.condition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.internal.json.JsonValues;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** GrowthBook's own evalCondition cases (peer-vectors/growthbook-condition-cases.json). */
class ConditionPeerVectorTest {

  static List<JsonNode> cases() throws IOException {
    try (InputStream in =
        ConditionPeerVectorTest.class.getResourceAsStream(
            "/peer-vectors/growthbook-condition-cases.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<JsonNode> all = new ArrayList<>();
      root.get("evalCondition").forEach(all::add);
      return all;
    }
  }

  static Stream<Arguments> growthbookCases() throws IOException {
    return cases().stream().map(c -> Arguments.of(c.get(0).asText(), c));
  }

  @Test
  void peerVectors_file_holds248Cases() throws IOException {
    assertThat(cases()).hasSize(248);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("growthbookCases")
  @SuppressWarnings("unchecked")
  void test_growthbookCase_matchesGrowthbookResult(String name, JsonNode c) {
    Map<String, Object> condition = JsonValues.toMap(c.get(1));
    Map<String, Object> attributes = JsonValues.toMap(c.get(2));
    boolean expected = c.get(3).asBoolean();
    Map<String, List<Object>> groups = new LinkedHashMap<>();
    if (c.size() > 4) {
      JsonValues.toMap(c.get(4)).forEach((k, v) -> groups.put(k, (List<Object>) v));
    }

    boolean actual = Condition.compile(condition, groups).test(attributes);

    assertThat(actual).as(name).isEqualTo(expected);
  }
}
