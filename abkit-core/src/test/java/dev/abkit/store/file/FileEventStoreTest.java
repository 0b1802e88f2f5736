package dev.abkit.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.spi.ExperimentData;
import dev.abkit.spi.ExperimentQuery;
import dev.abkit.spi.MetricData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store's own behaviour: its file format, daily files, torn and foreign lines, and the
 * earliest exposure winning on read. The SPI contract it keeps (dedupe, statistics, concurrent
 * writers) is abkit-testing's, run by its {@code FileEventStoreContractTest} (core's tests cannot
 * depend on abkit-testing, which depends on core).
 */
class FileEventStoreTest {
  @TempDir Path dir;

  static final Instant T0 = Instant.parse("2026-11-23T10:00:00.123Z");

  static Exposure exposure(String unit, String variant, Instant t) {
    return new Exposure(unit, "exp", variant, t);
  }

  static Event event(String id, String unit, String name, Instant t, Double value) {
    return new Event(id, unit, name, t, value, Map.of());
  }

  @Test
  void write_exposureAndEvent_linesHaveTheDesignShapesExactly() throws Exception {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("page", "home");
    props.put("n", 3);
    props.put("q", "a\"b\\c\n");
    try (FileEventStore store = FileEventStore.open(dir)) {
      store.write(
          List.of(
              new Exposure("u1", "kpi_scorecard_layout", "B", T0),
              new Event(
                  "6f1c", "u1", "kpi_click", Instant.parse("2026-11-23T10:00:05Z"), 1.0, Map.of()),
              new Event(
                  "6f1d", "u1", "kpi_view", Instant.parse("2026-11-23T10:00:06Z"), null, props)));
    }
    List<String> lines = Files.readAllLines(dir.resolve("abkit-2026-11-23.jsonl"));
    assertThat(lines)
        .containsExactly(
            "{\"type\":\"exposure\",\"unit\":\"u1\",\"experiment\":\"kpi_scorecard_layout\","
                + "\"variant\":\"B\",\"ts\":\"2026-11-23T10:00:00.123Z\"}",
            "{\"type\":\"event\",\"id\":\"6f1c\",\"unit\":\"u1\",\"name\":\"kpi_click\","
                + "\"ts\":\"2026-11-23T10:00:05Z\",\"value\":1.0,\"props\":{}}",
            "{\"type\":\"event\",\"id\":\"6f1d\",\"unit\":\"u1\",\"name\":\"kpi_view\","
                + "\"ts\":\"2026-11-23T10:00:06Z\",\"props\":{\"page\":\"home\",\"n\":3,"
                + "\"q\":\"a\\\"b\\\\c\\n\"}}");
  }

  @Test
  void write_recordsOfSeveralDays_goToTheFileOfEachRecordsUtcDate() throws Exception {
    try (FileEventStore store = FileEventStore.open(dir)) {
      store.write(
          List.of(
              exposure("u1", "A", Instant.parse("2026-11-22T23:59:59.999Z")),
              exposure("u2", "A", Instant.parse("2026-11-23T00:00:00Z"))));
    }
    assertThat(Files.readAllLines(dir.resolve("abkit-2026-11-22.jsonl"))).hasSize(1);
    assertThat(Files.readAllLines(dir.resolve("abkit-2026-11-23.jsonl"))).hasSize(1);
  }

  @Test
  void read_earlierExposureInALaterLine_winsAndMovesTheAttributionWindow() throws Exception {
    try (FileEventStore store = FileEventStore.open(dir)) {
      store.write(
          List.of(
              exposure("u1", "A", T0.plusSeconds(10)),
              event("e1", "u1", "click", T0.plusSeconds(5), null),
              exposure("u1", "A", T0)));
      ExperimentData data = store.read(ExperimentQuery.of("exp", List.of("click")));
      assertThat(data.variant("A").orElseThrow().exposures()).isEqualTo(1);
      assertThat(data.variant("A").orElseThrow().metric("click").units()).isEqualTo(1);
    }
  }

  @Test
  void read_unitExposedToTwoVariants_isExcludedAndCounted() throws Exception {
    try (FileEventStore store = FileEventStore.open(dir)) {
      store.write(
          List.of(
              exposure("u1", "B", T0.plusSeconds(10)),
              exposure("u2", "B", T0),
              event("e1", "u1", "click", T0.plusSeconds(15), null),
              exposure("u1", "A", T0)));
      ExperimentData data = store.read(ExperimentQuery.of("exp", List.of("click")));
      assertThat(data.variant("A")).isEmpty();
      assertThat(data.variant("B").orElseThrow().exposures()).isEqualTo(1);
      assertThat(data.variant("B").orElseThrow().metric("click").units()).isZero();
      assertThat(data.multipleExposures()).isEqualTo(1);
    }
  }

  /**
   * A value that is not a number skips its line (and its conversion), and the read counts it: the
   * results show it in {@code data_quality.skipped_records} instead of only a log line.
   */
  @Test
  void read_valueOfTheWrongType_lineSkippedAndCounted() throws Exception {
    try (FileEventStore store = FileEventStore.open(dir)) {
      store.write(List.of(exposure("u1", "A", T0), exposure("u2", "A", T0)));
    }
    Files.writeString(
        dir.resolve("abkit-2026-11-23.jsonl"),
        "{\"type\":\"event\",\"id\":\"e1\",\"unit\":\"u1\",\"name\":\"buy\","
            + "\"ts\":\"2026-11-23T10:00:05Z\",\"value\":\"12.5\"}\n"
            + "{\"type\":\"event\",\"id\":\"e2\",\"unit\":\"u2\",\"name\":\"buy\","
            + "\"ts\":\"2026-11-23T10:00:05Z\",\"value\":12.5}\n",
        StandardOpenOption.APPEND);
    try (FileEventStore store = FileEventStore.open(dir)) {
      ExperimentData data = store.read(ExperimentQuery.of("exp", List.of("buy")));
      assertThat(data.skippedRecords()).isEqualTo(1);
      assertThat(data.variant("A").orElseThrow().metric("buy").units()).isEqualTo(1);
      assertThat(data.variant("A").orElseThrow().metric("buy").sum()).isEqualTo(12.5);
    }
  }

  @Test
  void read_tornLastLine_isSkippedWithAWarning() throws Exception {
    try (FileEventStore store = FileEventStore.open(dir)) {
      store.write(List.of(exposure("u1", "A", T0), exposure("u2", "B", T0)));
    }
    Path file = dir.resolve("abkit-2026-11-23.jsonl");
    Files.writeString(
        file, "{\"type\":\"exposure\",\"unit\":\"u3\",\"exper", StandardOpenOption.APPEND);
    String warnings;
    ExperimentData data;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (FileEventStore store = FileEventStore.open(dir)) {
      data = store.read(ExperimentQuery.of("exp", List.of()));
    } finally {
      System.setErr(err);
      warnings = captured.toString(StandardCharsets.UTF_8);
    }
    assertThat(data.variant("A").orElseThrow().exposures()).isEqualTo(1);
    assertThat(data.variant("B").orElseThrow().exposures()).isEqualTo(1);
    assertThat(warnings).contains("WARN").contains("skipped 1 malformed line(s), first at line 3");
  }

  @Test
  void write_afterATornLastLine_startsOnANewLineSoNothingNewIsLost() throws Exception {
    Path file = dir.resolve("abkit-2026-11-23.jsonl");
    Files.writeString(file, "{\"type\":\"exposure\",\"unit\":\"u0\"");
    try (FileEventStore store = FileEventStore.open(dir)) {
      store.write(List.of(exposure("u1", "A", T0)));
      ExperimentData data = store.read(ExperimentQuery.of("exp", List.of()));
      assertThat(data.variant("A").orElseThrow().exposures()).isEqualTo(1);
    }
    assertThat(Files.readAllLines(file)).hasSize(2);
  }

  @Test
  void read_filesDroppedInByOtherTools_areIncludedAndMalformedLinesSkipped() throws Exception {
    Files.writeString(
        dir.resolve("import.jsonl"),
        "{\"type\":\"exposure\",\"unit\":\"x1\",\"experiment\":\"exp\",\"variant\":\"B\","
            + "\"ts\":\"2026-11-23T09:00:00+00:00\",\"extra\":[1,2]}\n"
            + "not json\n"
            + "{\"type\":\"event\",\"id\":\"i1\",\"unit\":\"x1\",\"name\":\"click\","
            + "\"ts\":\"2026-11-23T09:00:01Z\",\"value\":null}\n"
            + "{\"type\":\"bogus\",\"ts\":\"2026-11-23T09:00:01Z\"}\n");
    Files.writeString(dir.resolve("notes.txt"), "ignored");
    try (FileEventStore store = FileEventStore.open(dir)) {
      ExperimentData data = store.read(ExperimentQuery.of("exp", List.of("click")));
      assertThat(data.variant("B").orElseThrow().exposures()).isEqualTo(1);
      // compared by value, not representation: the sums may be shifted by a pilot value
      MetricData click = data.variant("B").orElseThrow().metric("click");
      assertThat(List.of(click.units(), click.sum(), click.sumSquares()))
          .isEqualTo(List.of(1L, 1.0, 1.0));
    }
  }

  @Test
  void scan_readsBackEveryFieldAsWritten() throws Exception {
    Event e =
        new Event(
            "id-1",
            "u1",
            "buy",
            Instant.parse("2026-11-23T10:00:00.123456789Z"),
            9.75,
            Map.of("sku", "x", "qty", 2, "tags", List.of("a", "b"), "gift", true));
    try (FileEventStore store = FileEventStore.open(dir)) {
      store.write(List.of(e));
      List<Observation> back = new ArrayList<>();
      store.scan(back::add);
      assertThat(back).containsExactly(e);
      assertThat(((Event) back.get(0)).value()).isCloseTo(9.75, within(0.0));
    }
  }

  @Test
  void open_pathIsAFile_isRejectedNamingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    assertThatThrownBy(() -> FileEventStore.open(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a directory");
  }

  @Test
  void write_afterClose_throws() throws Exception {
    FileEventStore store = FileEventStore.open(dir);
    store.close();
    assertThatThrownBy(() -> store.write(List.of(exposure("u1", "A", T0))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void fileFor_namesDailyFiles() throws Exception {
    try (FileEventStore store = FileEventStore.open(dir)) {
      assertThat(store.fileFor(LocalDate.of(2026, 1, 2)).getFileName().toString())
          .isEqualTo("abkit-2026-01-02.jsonl");
    }
  }
}
