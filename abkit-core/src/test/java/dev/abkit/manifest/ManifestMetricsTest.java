package dev.abkit.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Metric objects and the experiment-level analysis keys of the manifest (DESIGN.md section 10). */
class ManifestMetricsTest {
  private static final String P = "experiments[0].";
  private static final String NAME_RULE = "[A-Za-z][A-Za-z0-9_.:-]{0,63}";

  /** A manifest of one running two-variant experiment with these extra fields. */
  private static String experiment(String fields) {
    return "{\"experiments\": [{\"id\": \"e\", \"variants\": [{\"key\": \"A\"}, {\"key\": \"B\"}], "
        + fields
        + "}]}";
  }

  private static Experiment parse(String fields) {
    return ManifestParser.parse(experiment(fields)).experiments().get(0);
  }

  private static List<String> problems(String fields) {
    ManifestException e =
        catchThrowableOfType(
            ManifestException.class, () -> ManifestParser.parse(experiment(fields)));
    assertThat(e).as("expected a ManifestException for %s", fields).isNotNull();
    return e.problems().stream().map(Problem::toString).toList();
  }

  private static List<String> warnings(String fields) {
    return ManifestParser.parse(experiment(fields)).warnings().stream()
        .map(Problem::toString)
        .toList();
  }

  // ---- valid forms ------------------------------------------------------------------------------

  @Test
  void parse_strings_keepTheShorthandMeaning() {
    Experiment e = parse("\"target_event\": \"buy\", \"metrics\": [\"view\", \"cart.add\"]");

    assertThat(e.goal()).isEqualTo(Metric.of("buy", Metric.Role.GOAL));
    assertThat(e.goal().shorthand()).isTrue();
    assertThat(e.goal().type()).isEqualTo(Metric.Type.CONVERSION);
    assertThat(e.metrics())
        .containsExactly(
            Metric.of("view", Metric.Role.SECONDARY), Metric.of("cart.add", Metric.Role.SECONDARY));
    assertThat(e.targetEvent()).isEqualTo("buy");
  }

  @Test
  void parse_objectWithEventOnly_isAConversionWithEveryDefaultAndNoShorthand() {
    Experiment e =
        parse("\"target_event\": {\"event\": \"buy\"}, \"metrics\": [{\"event\": \"v\"}]");

    assertThat(e.goal())
        .isEqualTo(
            new Metric(
                "buy",
                "buy",
                Metric.Type.CONVERSION,
                null,
                null,
                Duration.ZERO,
                null,
                null,
                Metric.Direction.INCREASE,
                Metric.Role.GOAL,
                false));
    assertThat(e.metrics().get(0).role()).isEqualTo(Metric.Role.SECONDARY);
    assertThat(e.metrics().get(0).shorthand()).isFalse();
  }

  @Test
  void parse_objectWithEveryKey_readsEveryValue() {
    Experiment e =
        parse(
            """
            "target_event": {"event": "buy", "name": "buyers", "type": "count", "role": "goal",
                             "window": "P7D", "delay": "PT1H", "direction": "increase"},
            "metrics": [
              {"event": "purchase", "name": "revenue", "type": "sum", "window": "P1DT12H",
               "delay": "PT0S", "cap": {"value": 100}, "direction": "decrease",
               "role": "guardrail"},
              {"event": "purchase", "name": "capped", "type": "sum", "cap": {"percentile": 0.99},
               "window": "pt30m"}
            ]""");

    assertThat(e.goal())
        .isEqualTo(
            new Metric(
                "buyers",
                "buy",
                Metric.Type.COUNT,
                null,
                null,
                Duration.ofHours(1),
                Duration.ofDays(7),
                null,
                Metric.Direction.INCREASE,
                Metric.Role.GOAL,
                false));
    assertThat(e.targetEvent()).isEqualTo("buyers");
    assertThat(e.metrics())
        .containsExactly(
            new Metric(
                "revenue",
                "purchase",
                Metric.Type.SUM,
                null,
                null,
                Duration.ZERO,
                Duration.ofHours(36),
                new Metric.Cap(100.0, null),
                Metric.Direction.DECREASE,
                Metric.Role.GUARDRAIL,
                false),
            new Metric(
                "capped",
                "purchase",
                Metric.Type.SUM,
                null,
                null,
                Duration.ZERO,
                Duration.ofMinutes(30),
                new Metric.Cap(null, 0.99),
                Metric.Direction.INCREASE,
                Metric.Role.SECONDARY,
                false));
  }

  @Test
  void parse_ratio_readsNumeratorDenominatorAndName() {
    Experiment e =
        parse(
            "\"target_event\": \"buy\", \"metrics\": [{\"name\": \"aov\", \"type\": \"ratio\","
                + " \"numerator\": \"purchase\", \"denominator\": \"checkout\"}]");

    Metric aov = e.metrics().get(0);
    assertThat(aov.type()).isEqualTo(Metric.Type.RATIO);
    assertThat(aov.event()).isNull();
    assertThat(aov.numerator()).isEqualTo("purchase");
    assertThat(aov.denominator()).isEqualTo("checkout");
    assertThat(aov.name()).isEqualTo("aov");
  }

  @Test
  void parse_analysisKeys_areRead() {
    Experiment e =
        parse(
            "\"target_event\": \"buy\", \"cuped\": {\"pre_period\": \"P14D\"},"
                + " \"dimensions\": [\"platform\", \"country\"], \"multiple_testing\": \"bh\"");

    assertThat(e.cupedPrePeriod()).isEqualTo(Duration.ofDays(14));
    assertThat(e.dimensions()).containsExactly("platform", "country");
    assertThat(e.multipleTesting()).isEqualTo(MultipleTesting.BH);
    assertThat(parse("\"target_event\": \"b\", \"multiple_testing\": \"none\"").multipleTesting())
        .isEqualTo(MultipleTesting.NONE);
  }

  @Test
  void parse_analysisKeys_absent_keepTheirDefaults() {
    Experiment e = parse("\"target_event\": \"buy\"");

    assertThat(e.cupedPrePeriod()).isNull();
    assertThat(e.dimensions()).isEmpty();
    assertThat(e.multipleTesting()).isEqualTo(MultipleTesting.HOLM);
  }

  @Test
  void parse_repeatedStrings_areDroppedWithAWarningAs01IgnoredThem() {
    String fields = "\"target_event\": \"buy\", \"metrics\": [\"buy\", \"view\", \"view\"]";

    assertThat(parse(fields).metrics()).containsExactly(Metric.of("view", Metric.Role.SECONDARY));
    assertThat(warnings(fields))
        .containsExactly(
            P + "metrics[0]: repeats experiments[0].target_event, ignored, was \"buy\"",
            P + "metrics[2]: repeats experiments[0].metrics[1], ignored, was \"view\"");
  }

  @Test
  void parse_unknownKeys_inMetricCapAndCuped_areWarnings() {
    String fields =
        "\"target_event\": {\"event\": \"buy\", \"windw\": \"P7D\"}, \"metrics\": [{\"event\":"
            + " \"v\", \"cap\": {\"value\": 5, \"unit\": \"eur\"}}], \"cuped\": {\"pre_period\":"
            + " \"P7D\", \"lookback\": 1}";

    assertThat(warnings(fields))
        .containsExactly(
            P + "target_event.windw: unknown field, ignored; did you mean \"window\"?",
            P + "metrics[0].cap.unit: unknown field, ignored",
            P + "cuped.lookback: unknown field, ignored");
  }

  @Test
  void parse_readmeMetricsExample_readsEveryMetric() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    String start = "<!-- README-METRICS -->\n```json\n";
    int from = readme.indexOf(start);
    assertThat(from).as("README-METRICS marker").isNotNegative();
    from += start.length();
    String example = readme.substring(from, readme.indexOf("```", from));

    Manifest m = ManifestParser.parse("{\"experiments\": [" + example + "]}");

    Experiment e = m.experiments().get(0);
    assertThat(m.warnings()).isEmpty();
    assertThat(e.goal().window()).isEqualTo(Duration.ofDays(7));
    assertThat(e.metrics())
        .extracting(Metric::name, Metric::type, Metric::role)
        .containsExactly(
            tuple("page_view", Metric.Type.CONVERSION, Metric.Role.SECONDARY),
            tuple("revenue", Metric.Type.SUM, Metric.Role.SECONDARY),
            tuple("support_ticket", Metric.Type.COUNT, Metric.Role.GUARDRAIL),
            tuple("items_per_order", Metric.Type.RATIO, Metric.Role.SECONDARY));
    assertThat(e.metrics().get(0).shorthand()).isTrue();
    assertThat(e.metrics().get(2).direction()).isEqualTo(Metric.Direction.DECREASE);
    assertThat(e.cupedPrePeriod()).isEqualTo(Duration.ofDays(14));
    assertThat(e.dimensions()).containsExactly("platform");
  }

  // ---- problems ---------------------------------------------------------------------------------

  @Test
  void parse_type_unknown_isAProblemAndOnlyTheFormOfTheOtherKeysIsChecked() {
    assertThat(problems("\"target_event\": \"b\", \"metrics\": [{\"type\": \"mean\"}]"))
        .containsExactly(
            P + "metrics[0].type: must be one of conversion, count, sum, ratio, was \"mean\"");
    assertThat(
            problems("\"target_event\": \"b\", \"metrics\": [{\"type\": 1, \"numerator\": \"9\"}]"))
        .containsExactly(
            P + "metrics[0].type: must be one of conversion, count, sum, ratio, was 1",
            P
                + "metrics[0].numerator: must be an event name matching "
                + NAME_RULE
                + ", was \"9\"");
  }

  @Test
  void parse_ratio_withoutNumeratorDenominatorOrName_isAProblemForEach() {
    assertThat(problems("\"target_event\": \"b\", \"metrics\": [{\"type\": \"ratio\"}]"))
        .containsExactly(
            P + "metrics[0].numerator: is required for type ratio",
            P + "metrics[0].denominator: is required for type ratio",
            P + "metrics[0].name: is required for type ratio (its id in results)");
  }

  @Test
  void parse_ratio_withEvent_isAProblem() {
    assertThat(
            problems(
                "\"target_event\": \"b\", \"metrics\": [{\"name\": \"r\", \"type\": \"ratio\","
                    + " \"event\": \"x\", \"numerator\": \"a\", \"denominator\": \"c\"}]"))
        .containsExactly(
            P
                + "metrics[0].event: must not be given for type ratio (its events are numerator"
                + " and denominator), was \"x\"");
  }

  @Test
  void parse_numeratorOrDenominator_onANonRatio_isAProblem() {
    assertThat(
            problems(
                "\"target_event\": {\"event\": \"b\", \"numerator\": \"a\"}, \"metrics\":"
                    + " [{\"event\": \"x\", \"type\": \"sum\", \"denominator\": \"c\"}]"))
        .containsExactly(
            P + "target_event.numerator: must only be given for type ratio, was \"a\"",
            P + "metrics[0].denominator: must only be given for type ratio, was \"c\"");
  }

  @Test
  void parse_event_missingOnANonRatio_isAProblem() {
    assertThat(problems("\"target_event\": {}, \"metrics\": [{\"type\": \"count\"}]"))
        .containsExactly(
            P + "target_event.event: is required (except for type ratio)",
            P + "metrics[0].event: is required (except for type ratio)");
  }

  @Test
  void parse_eventAndMetricNames_followTheEventNameRule() {
    assertThat(
            problems(
                "\"target_event\": {\"event\": \"9bad\"}, \"metrics\": [{\"event\": \"ok\","
                    + " \"name\": \"has space\"}, {\"name\": \"r\", \"type\": \"ratio\","
                    + " \"numerator\": 5, \"denominator\": \"\"}]"))
        .containsExactly(
            P
                + "target_event.event: must be an event name matching "
                + NAME_RULE
                + ", was \"9bad\"",
            P
                + "metrics[0].name: must be a metric name matching "
                + NAME_RULE
                + ", was \"has space\"",
            P + "metrics[1].numerator: must be an event name matching " + NAME_RULE + ", was 5",
            P
                + "metrics[1].denominator: must be an event name matching "
                + NAME_RULE
                + ", was \"\"");
  }

  @Test
  void parse_durations_negativeZeroUnparsableOrHuge_areProblems() {
    assertThat(
            problems(
                """
                "target_event": "b", "metrics": [
                  {"event": "a", "window": "-P1D"},
                  {"event": "c", "window": "PT0S"},
                  {"event": "d", "window": "7 days", "delay": "-PT1H"},
                  {"event": "f", "window": 7, "delay": "P1W"},
                  {"event": "g", "window": "P36501D", "delay": "PT99999999999999999999H"}]"""))
        .containsExactly(
            P
                + "metrics[0].window: must be a positive ISO-8601 duration such as \"P7D\", was \"-P1D\"",
            P
                + "metrics[1].window: must be a positive ISO-8601 duration such as \"P7D\", was \"PT0S\"",
            P
                + "metrics[2].window: must be a positive ISO-8601 duration such as \"P7D\", was \"7"
                + " days\"",
            P
                + "metrics[2].delay: must be a zero or positive ISO-8601 duration such as"
                + " \"PT1H\", was \"-PT1H\"",
            P + "metrics[3].window: must be a positive ISO-8601 duration such as \"P7D\", was 7",
            P
                + "metrics[3].delay: must be a zero or positive ISO-8601 duration such as"
                + " \"PT1H\", was \"P1W\"",
            P + "metrics[4].window: must be at most P36500D (100 years), was \"P36501D\"",
            P
                + "metrics[4].delay: must be a zero or positive ISO-8601 duration such as"
                + " \"PT1H\", was \"PT99999999999999999999H\"");
  }

  @Test
  void parse_cap_withBothNeitherOrBadValues_isAProblem() {
    assertThat(
            problems(
                """
                "target_event": "b", "metrics": [
                  {"event": "a", "cap": {"value": 10, "percentile": 0.9}},
                  {"event": "c", "cap": {}},
                  {"event": "d", "cap": {"value": 0}},
                  {"event": "f", "cap": {"value": "10"}},
                  {"event": "g", "cap": {"percentile": 1}},
                  {"event": "h", "cap": {"percentile": 0}},
                  {"event": "i", "cap": 100},
                  {"event": "j", "cap": {"value": 1e400}}]"""))
        .containsExactly(
            P
                + "metrics[0].cap: must have exactly one of value and percentile, was"
                + " {\"value\":10,\"percentile\":0.9}",
            P + "metrics[1].cap: must have exactly one of value and percentile, was {}",
            P + "metrics[2].cap.value: must be a positive number, was 0",
            P + "metrics[3].cap.value: must be a positive number, was \"10\"",
            P + "metrics[4].cap.percentile: must be a number in (0, 1), was 1",
            P + "metrics[5].cap.percentile: must be a number in (0, 1), was 0",
            P + "metrics[6].cap: must be an object {\"value\": x} or {\"percentile\": p}, was 100",
            P + "metrics[7].cap.value: must be a positive number, was 1E+400");
  }

  @Test
  void parse_directionAndRole_unknownOrGoalInMetrics_areProblems() {
    assertThat(
            problems(
                """
                "target_event": {"event": "b", "role": "secondary"}, "metrics": [
                  {"event": "a", "direction": "up"},
                  {"event": "c", "role": "primary"},
                  {"event": "d", "role": "goal"}]"""))
        .containsExactly(
            P
                + "target_event.role: must be goal or absent (target_event is always the goal),"
                + " was \"secondary\"",
            P + "metrics[0].direction: must be one of increase, decrease, was \"up\"",
            P + "metrics[1].role: must be one of secondary, guardrail, was \"primary\"",
            P
                + "metrics[2].role: must be secondary or guardrail (only target_event is the"
                + " goal), was \"goal\"");
  }

  @Test
  void parse_names_equalToAnotherMetricsOrTheGoals_areProblems() {
    assertThat(
            problems(
                """
                "target_event": "buy", "metrics": [
                  {"event": "buy", "type": "sum"},
                  {"event": "x", "name": "rev"},
                  {"event": "y", "name": "rev"},
                  "rev"]"""))
        .containsExactly(
            P
                + "metrics[0].event: must be unique among the experiment's metric names (also the"
                + " name of experiments[0].target_event; give this one a \"name\"), was \"buy\"",
            P
                + "metrics[2].name: must be unique among the experiment's metric names (also the"
                + " name of experiments[0].metrics[1]), was \"rev\"",
            P
                + "metrics[3]: must be unique among the experiment's metric names (also the name"
                + " of experiments[0].metrics[1]), was \"rev\"");
  }

  @Test
  void parse_wrongJsonTypes_areProblems() {
    assertThat(problems("\"target_event\": 5, \"metrics\": \"buy\""))
        .containsExactly(
            P
                + "target_event: must be an event name or a metric object {\"event\": ...,"
                + " \"type\": ...}, was 5",
            P + "metrics: must be an array of event names or metric objects, was \"buy\"");
    assertThat(problems("\"target_event\": \"b\", \"metrics\": [true, [\"x\"], null]"))
        .containsExactly(
            P
                + "metrics[0]: must be an event name or a metric object {\"event\": ..., \"type\":"
                + " ...}, was true",
            P
                + "metrics[1]: must be an event name or a metric object {\"event\": ..., \"type\":"
                + " ...}, was [\"x\"]",
            P
                + "metrics[2]: must be an event name or a metric object {\"event\": ..., \"type\":"
                + " ...}, was null");
  }

  @Test
  void parse_cuped_wrongShapeMissingOrBadPrePeriod_isAProblem() {
    assertThat(problems("\"target_event\": \"b\", \"cuped\": \"P14D\""))
        .containsExactly(P + "cuped: must be an object {\"pre_period\": \"P14D\"}, was \"P14D\"");
    assertThat(problems("\"target_event\": \"b\", \"cuped\": {}"))
        .containsExactly(P + "cuped.pre_period: is required");
    assertThat(problems("\"target_event\": \"b\", \"cuped\": {\"pre_period\": \"P0D\"}"))
        .containsExactly(
            P
                + "cuped.pre_period: must be a positive ISO-8601 duration such as \"P7D\", was"
                + " \"P0D\"");
    assertThat(problems("\"target_event\": \"b\", \"cuped\": {\"pre_period\": 14}"))
        .containsExactly(
            P + "cuped.pre_period: must be a positive ISO-8601 duration such as \"P7D\", was 14");
  }

  @Test
  void parse_dimensions_notAnArrayEmptyNonStringOrRepeated_areProblems() {
    assertThat(problems("\"target_event\": \"b\", \"dimensions\": \"platform\""))
        .containsExactly(P + "dimensions: must be an array of attribute names, was \"platform\"");
    assertThat(
            problems(
                "\"target_event\": \"b\", \"dimensions\": [\"\", 1, \"platform\", \"platform\"]"))
        .containsExactly(
            P + "dimensions[0]: must be an attribute name (a non-empty string), was \"\"",
            P + "dimensions[1]: must be an attribute name (a non-empty string), was 1",
            P
                + "dimensions[3]: must be unique (also experiments[0].dimensions[2]), was \"platform\"");
  }

  @Test
  void parse_multipleTesting_unknown_isAProblem() {
    assertThat(problems("\"target_event\": \"b\", \"multiple_testing\": \"bonferroni\""))
        .containsExactly(P + "multiple_testing: must be one of holm, bh, none, was \"bonferroni\"");
    assertThat(problems("\"target_event\": \"b\", \"multiple_testing\": true"))
        .containsExactly(P + "multiple_testing: must be one of holm, bh, none, was true");
  }

  @Test
  void parse_problems_acrossExperimentsAndMetrics_areAllCollectedWithTheirPaths() {
    String json =
        """
        {"experiments": [
          {"id": "a", "variants": {"A": "a", "B": "b"}, "target_event": {"event": "go"}},
          {"id": "b", "variants": {"A": "a", "B": "b"}, "target_event": {"type": "ratio"}},
          {"id": "c", "variants": {"A": "a", "B": "b"}, "target_event": "go",
           "metrics": ["fine", {"event": "late", "window": "-P1D"}],
           "cuped": {"pre_period": "-P14D"}, "multiple_testing": "fdr"}
        ]}
        """;
    ManifestException e =
        catchThrowableOfType(ManifestException.class, () -> ManifestParser.parse(json));

    assertThat(e.problems().stream().map(Problem::toString))
        .containsExactly(
            "experiments[1].target_event.numerator: is required for type ratio",
            "experiments[1].target_event.denominator: is required for type ratio",
            "experiments[1].target_event.name: is required for type ratio (its id in results)",
            "experiments[2].metrics[1].window: must be a positive ISO-8601 duration such as"
                + " \"P7D\", was \"-P1D\"",
            "experiments[2].cuped.pre_period: must be a positive ISO-8601 duration such as"
                + " \"P7D\", was \"-P14D\"",
            "experiments[2].multiple_testing: must be one of holm, bh, none, was \"fdr\"");
  }

  @Test
  void parse_draft_withInvalidMetricObject_isStillAProblem() {
    assertThat(problems("\"status\": \"draft\", \"target_event\": {\"event\": \"b\", \"type\": 3}"))
        .containsExactly(
            P + "target_event.type: must be one of conversion, count, sum, ratio, was 3");
  }
}
