package dev.abkit.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTest {
  private static final ObjectMapper PLAIN = new ObjectMapper();
  private static final ObjectMapper BIG =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  @Test
  void toJava_object_keepsOrderAndTypes() throws Exception {
    Object v =
        JsonValues.toJava(
            PLAIN.readTree("{\"z\":1,\"a\":[true,null,\"s\"],\"m\":{\"d\":2.5},\"n\":null}"));

    assertThat(v).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    assertThat(m.keySet()).containsExactly("z", "a", "m", "n");
    assertThat(m.get("z")).isEqualTo(1L);
    assertThat(m.get("a")).isEqualTo(Arrays.asList(true, null, "s"));
    assertThat(m.get("m")).isEqualTo(Map.of("d", 2.5));
    assertThat(m.containsKey("n")).isTrue();
    assertThat(m.get("n")).isNull();
  }

  @Test
  void toJava_outOfRangeNumbers_becomeBigIntegerAndBigDecimal() throws Exception {
    Map<String, Object> m =
        JsonValues.toMap(
            BIG.readTree(
                "{\"big\":123456789012345678901234567890,\"huge\":1e400,\"small\":7,\"d\":0.1}"));

    assertThat(m.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(m.get("huge")).isEqualTo(new BigDecimal("1e400"));
    assertThat(m.get("small")).isEqualTo(7L);
    assertThat(m.get("d")).isEqualTo(0.1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void toJava_containers_areUnmodifiable() throws Exception {
    Map<String, Object> m = JsonValues.toMap(PLAIN.readTree("{\"l\":[1]}"));

    assertThatThrownBy(() -> m.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<Object>) m.get("l")).add(2))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toMap_nonObjectOrMissing_isNull() throws Exception {
    assertThat(JsonValues.toMap(PLAIN.readTree("[1]"))).isNull();
    assertThat(JsonValues.toMap(null)).isNull();
    assertThat(JsonValues.toJava(PLAIN.readTree("null"))).isNull();
  }
}
