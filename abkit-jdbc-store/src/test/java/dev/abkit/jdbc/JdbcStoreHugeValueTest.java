package dev.abkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.AbKit;
import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.MetricResult;
import dev.abkit.analysis.Results;
import dev.abkit.analysis.ResultsFormat;
import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.MetricQuery;
import dev.abkit.spi.SegmentData;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 11.1: one event with {@code value} 2e154, written into the table past abkit (the API now
 * refuses it), once made every results call fail on PostgreSQL ({@code value out of range:
 * overflow} from {@code sum(total * total)}), for every experiment. Now only the metric that cannot
 * be summed reports an error; the goal, the other metrics and the other experiments come back.
 */
class JdbcStoreHugeValueTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final String MANIFEST =
      """
      {"experiments": [
        {"id": "layout", "target_event": "kpi_click", "metrics": ["revenue", "huge"],
         "variants": [{"key": "A"}, {"key": "B"}]},
        {"id": "other", "target_event": "huge", "metrics": ["revenue"],
         "variants": [{"key": "A"}, {"key": "B"}]}
      ]}
      """;

  private TestDatabase db;
  private String prefix;

  @AfterEach
  void dropTables() throws Exception {
    if (db != null) {
      db.dropTables(prefix);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void results_valueWhoseSquareOverflows_onlyThatMetricFails(TestDatabase database)
      throws Exception {
    database.requireReachable();
    db = database;
    prefix = TestDatabase.freshPrefix();
    try (JdbcStore store = database.store(prefix).build()) {
      List<Observation> records = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String v = i % 2 == 0 ? "A" : "B";
        String unit = "u" + i;
        records.add(new Exposure(unit, "layout", v, T0));
        records.add(new Exposure(unit, "other", v, T0));
        records.add(event("c" + i, unit, "kpi_click", 1.0));
        records.add(event("r" + i, unit, "revenue", 10.0 + i));
        records.add(event("h" + i, unit, "huge", 1.0));
      }
      store.write(records);
      insertHugeValue(database);

      try (AbKit abkit = AbKit.builder().manifestJson(MANIFEST).eventStore(store).build()) {
        Results results = abkit.results();

        ExperimentResult layout = results.experiments().get(0);
        assertThat(layout.variants())
            .extracting(v -> v.conversions())
            .as("the goal is still counted")
            .containsExactly(10L, 10L);
        MetricResult revenue = layout.metrics().get(0);
        assertThat(revenue.error()).isNull();
        assertThat(revenue.variants().get(0).sum())
            .isEqualTo(10 + 12 + 14 + 16 + 18 + 20 + 22 + 24 + 26 + 28);
        MetricResult huge = layout.metrics().get(1);
        assertThat(huge.error()).contains("huge").contains("far too large");
        assertThat(huge.variants()).isEmpty();

        ExperimentResult other = results.experiments().get(1);
        assertThat(other.variants()).extracting(v -> v.conversions()).containsExactly(10L, 10L);
        assertThat(other.metrics().get(0).error()).isNull();

        StringWriter json = new StringWriter();
        ResultsFormat.JSON.write(results, json);
        assertThat(json.toString()).contains("\"name\":\"huge\"").contains("\"error\":\"");
        StringWriter table = new StringWriter();
        ResultsFormat.TABLE.write(results, table);
        assertThat(table.toString()).contains("!! could not be computed: ");
        StringWriter html = new StringWriter();
        ResultsFormat.HTML.write(results, html);
        assertThat(html.toString()).contains("Metric huge could not be computed: ");
      }
    }
  }

  /**
   * With a dimension, the metric that cannot be summed still counts its converted units per segment
   * (the fallback statement is grouped by the dimension too); H2 sums to infinity instead of
   * failing, so it has no error but the same units.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void breakdown_valueWhoseSquareOverflows_segmentsStillCountTheUnits(TestDatabase database)
      throws Exception {
    database.requireReachable();
    db = database;
    prefix = TestDatabase.freshPrefix();
    try (JdbcStore store = database.store(prefix).build()) {
      List<Observation> records = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String unit = "u" + i;
        Map<String, String> platform = i < 4 ? Map.of("platform", i < 2 ? "ios" : "web") : Map.of();
        records.add(new Exposure(unit, "layout", i % 2 == 0 ? "A" : "B", T0, platform));
        records.add(event("h" + i, unit, "huge", 1.0));
      }
      store.write(records);
      insertHugeValue(database);

      ExperimentData data =
          store.read(
              new ExperimentQuery("layout", List.of(MetricQuery.of("huge")), null, "platform"));

      if (database != TestDatabase.H2) {
        assertThat(data.metricErrors()).containsKey("huge");
      }
      assertThat(data.segments())
          .extracting(SegmentData::value)
          .containsExactly("ios", "web", null);
      for (SegmentData segment : data.segments()) {
        assertThat(segment.variants())
            .extracting(v -> v.metric("huge").units())
            .as("segment " + segment.value())
            .containsExactly(1L, 1L);
      }
      assertThat(data.variants()).extracting(v -> v.metric("huge").units()).containsExactly(3L, 3L);
    }
  }

  /**
   * Unit u1's event of value 2e154, as the demo's endpoint once stored it (AbKit and the endpoint
   * now refuse such a value).
   */
  private void insertHugeValue(TestDatabase database) throws Exception {
    db.execute(
        "insert into "
            + prefix
            + "events (id, unit, name, ts, "
            + (database == TestDatabase.H2 ? "\"VALUE\"" : "value")
            + ") values ('poison', 'u1', 'huge', "
            + (database == TestDatabase.H2 ? "timestamp with time zone " : "")
            + (database == TestDatabase.MARIADB
                ? "'2026-11-23 10:00:05'"
                : "'2026-11-23 10:00:05+00'")
            + ", 2e154)");
  }

  private static Event event(String id, String unit, String name, double value) {
    return new Event(id, unit, name, T0.plusSeconds(1), value, Map.of());
  }
}
