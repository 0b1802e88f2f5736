package dev.abkit.internal.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldNamesTest {
  private static final Set<String> KNOWN =
      Set.of("id", "key", "target_event", "metrics", "window", "traffic", "traffic_allocation");

  @Test
  void closest_typos_suggestTheKnownField() {
    assertThat(FieldNames.closest("tarket_event", KNOWN)).isEqualTo("target_event");
    assertThat(FieldNames.closest("target-event", KNOWN)).isEqualTo("target_event");
    assertThat(FieldNames.closest("Target_Event", KNOWN)).isEqualTo("target_event");
    assertThat(FieldNames.closest("windw", KNOWN)).isEqualTo("window");
    assertThat(FieldNames.closest("metircs", KNOWN)).isEqualTo("metrics");
    assertThat(FieldNames.closest("kye", KNOWN)).isEqualTo("key");
    assertThat(FieldNames.closest("trafic", KNOWN)).isEqualTo("traffic");
  }

  @Test
  void closest_unrelatedNames_suggestNothing() {
    assertThat(FieldNames.closest("owner", KNOWN)).isNull();
    assertThat(FieldNames.closest("version", KNOWN)).isNull();
    // short names allow one edit only: "xy" is two from "id"
    assertThat(FieldNames.closest("xy", KNOWN)).isNull();
    assertThat(FieldNames.closest("", KNOWN)).isNull();
  }

  @Test
  void distance_countsATranspositionAsOneEdit() {
    assertThat(FieldNames.distance("metrics", "metircs")).isEqualTo(1);
    assertThat(FieldNames.distance("ab", "ba")).isEqualTo(1);
    assertThat(FieldNames.distance("window", "windw")).isEqualTo(1);
    assertThat(FieldNames.distance("", "abc")).isEqualTo(3);
  }
}
