package dev.abkit.internal.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.abkit.analysis.Breakdown;
import dev.abkit.analysis.Comparison;
import dev.abkit.analysis.CupedResult;
import dev.abkit.analysis.ExperimentResult;
import dev.abkit.analysis.Interval;
import dev.abkit.analysis.Lift;
import dev.abkit.analysis.MetricKind;
import dev.abkit.analysis.MetricResult;
import dev.abkit.analysis.Power;
import dev.abkit.analysis.Results;
import dev.abkit.analysis.Timeseries;
import dev.abkit.analysis.VariantResult;
import dev.abkit.manifest.Metric;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** The results JSON written field by field with Jackson's streaming generator. */
public final class JsonWriter {
  private JsonWriter() {}

  private static final JsonFactory FACTORY = new JsonFactory();

  public static void write(Results results, Writer out) throws IOException {
    JsonGenerator g = FACTORY.createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.writeStartObject();
    g.writeArrayFieldStart("experiments");
    for (ExperimentResult e : results.experiments()) {
      experiment(g, e);
    }
    g.writeEndArray();
    g.writeEndObject();
    g.flush();
  }

  private static void experiment(JsonGenerator g, ExperimentResult e) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", e.id());
    g.writeStringField("target_event", e.targetEvent());
    g.writeStringField("control", e.control());
    number(g, "significance_level", e.significanceLevel());
    g.writeBooleanField("sequential", e.sequential());
    if (e.sequential()) {
      number(g, "sequential_tuning", e.sequentialTuning());
    }
    g.writeObjectFieldStart("srm");
    number(g, "p_value", e.srm().pValue());
    g.writeBooleanField("mismatch", e.srm().mismatch());
    number(g, "chi_square", e.srm().chiSquare());
    g.writeBooleanField("checked", e.srm().checked());
    number(g, "threshold", e.srm().threshold());
    g.writeEndObject();
    g.writeObjectFieldStart("progress");
    g.writeNumberField("exposures", e.progress().exposures());
    if (e.progress().targetSampleSize() == null) {
      g.writeNullField("target_sample_size");
    } else {
      g.writeNumberField("target_sample_size", e.progress().targetSampleSize());
    }
    number(g, "fraction", e.progress().fraction());
    g.writeEndObject();
    g.writeObjectFieldStart("data_quality");
    g.writeNumberField("multiple_exposures", e.dataQuality().multipleExposures());
    g.writeNumberField("skipped_records", e.dataQuality().skippedRecords());
    g.writeNumberField("unknown_variant_exposures", e.dataQuality().unknownVariantExposures());
    g.writeEndObject();
    g.writeBooleanField("guardrail_violation", e.guardrailViolation());
    if (e.goal() != null) {
      g.writeObjectFieldStart("goal");
      definition(g, e.goal(), e);
      g.writeStringField("kind", e.goalKind().jsonName());
      g.writeEndObject();
    }
    if (e.goalError() != null) {
      g.writeStringField("goal_error", e.goalError());
    }
    variantsAndMetrics(g, e, e.variants(), e.metrics());
    Power power = e.power();
    if (power != null) {
      g.writeObjectFieldStart("power");
      number(g, "power", power.power());
      number(g, "detectable_effect", power.detectableEffect());
      number(g, "detectable_effect_at_target", power.detectableEffectAtTarget());
      number(g, "mde", power.mde());
      number(g, "power_reached", power.powerReached());
      g.writeEndObject();
    }
    if (e.timeseries() != null) {
      timeseries(g, e, e.timeseries());
    }
    Breakdown breakdown = e.breakdown();
    if (breakdown != null) {
      g.writeObjectFieldStart("by_dimension");
      g.writeArrayFieldStart(breakdown.dimension());
      for (Breakdown.Segment s : breakdown.segments()) {
        g.writeStartObject();
        g.writeStringField("value", s.value());
        variantsAndMetrics(g, e, s.variants(), s.metrics());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** {@code "variants"} (the goal's) and {@code "metrics"} (the others'), as their results say. */
  private static void variantsAndMetrics(
      JsonGenerator g, ExperimentResult e, List<VariantResult> goal, List<MetricResult> metrics)
      throws IOException {
    boolean several = e.treatments() > 1;
    g.writeArrayFieldStart("variants");
    for (VariantResult v : goal) {
      variant(g, v, several, e.goalKind());
    }
    g.writeEndArray();
    g.writeArrayFieldStart("metrics");
    for (MetricResult m : metrics) {
      g.writeStartObject();
      definition(g, m.metric(), e);
      g.writeStringField("kind", m.kind().jsonName());
      if (m.error() != null) {
        g.writeStringField("error", m.error());
      }
      g.writeArrayFieldStart("variants");
      for (VariantResult v : m.variants()) {
        variant(g, v, several, m.kind());
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** {@code "timeseries"}: per day the cumulative figures and each treatment's lift. */
  private static void timeseries(JsonGenerator g, ExperimentResult e, Timeseries t)
      throws IOException {
    g.writeArrayFieldStart("timeseries");
    for (Timeseries.Day day : t.days()) {
      g.writeStartObject();
      g.writeStringField("date", day.date().toString());
      g.writeArrayFieldStart("variants");
      for (VariantResult v : day.variants()) {
        g.writeStartObject();
        g.writeStringField("key", v.key());
        g.writeNumberField("exposures", v.exposures());
        g.writeNumberField("conversions", v.conversions());
        number(g, "conversion_rate", v.conversionRate());
        Comparison c = v.comparison();
        if (c != null) {
          g.writeObjectFieldStart("lift");
          number(g, "absolute", c.lift().absolute());
          interval(
              g,
              "absolute_ci",
              e.sequential() && c.sequential() != null
                  ? c.sequential().absoluteCi()
                  : c.lift().absoluteCi());
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** A metric's fields from the manifest (DESIGN.md section 10), and the cap it came to. */
  private static void definition(JsonGenerator g, Metric m, ExperimentResult e) throws IOException {
    g.writeStringField("name", m.name());
    g.writeStringField("type", m.type().jsonName());
    g.writeStringField("direction", m.direction().jsonName());
    g.writeStringField("role", m.role().jsonName());
    Double cappedAt = e.cappedAt().get(m.name());
    if (cappedAt != null) {
      number(g, "capped_at", cappedAt);
    }
  }

  private static void variant(JsonGenerator g, VariantResult v, boolean several, MetricKind kind)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("key", v.key());
    g.writeNumberField("exposures", v.exposures());
    g.writeNumberField("conversions", v.conversions());
    number(g, "conversion_rate", v.conversionRate());
    interval(g, "conversion_rate_ci", v.conversionRateCi());
    number(g, "sum", v.sum());
    number(g, "mean", v.mean());
    Comparison c = v.comparison();
    if (c != null) {
      lift(g, c.lift());
      number(g, "p_value", c.pValue());
      if (several || c.pValueAdjusted() != null) {
        number(g, "p_value_adjusted", c.pValueAdjusted());
      }
      if (kind == MetricKind.CONVERSION) {
        number(g, "p_value_pooled", c.pValuePooled());
      }
      g.writeBooleanField("significant", c.significant());
      number(g, "chance_to_beat_control", c.chanceToBeatControl());
      if (kind == MetricKind.CONVERSION) {
        number(g, "chance_to_beat_control_exact", c.chanceToBeatControlExact());
      }
      if (c.sequential() != null) {
        g.writeObjectFieldStart("sequential");
        number(g, "p_value", c.sequential().pValue());
        if (several || c.sequential().pValueAdjusted() != null) {
          number(g, "p_value_adjusted", c.sequential().pValueAdjusted());
        }
        interval(g, "absolute_ci", c.sequential().absoluteCi());
        interval(g, "relative_ci", c.sequential().relativeCi());
        g.writeEndObject();
      }
      g.writeStringField("verdict", c.verdict().jsonName());
      CupedResult cuped = c.cuped();
      if (cuped != null) {
        g.writeObjectFieldStart("cuped");
        number(g, "theta", cuped.theta());
        number(g, "variance_reduction", cuped.varianceReduction());
        g.writeEndObject();
        g.writeObjectFieldStart("unadjusted");
        lift(g, cuped.unadjustedLift());
        number(g, "p_value", cuped.unadjustedPValue());
        g.writeEndObject();
      }
    }
    g.writeEndObject();
  }

  private static void lift(JsonGenerator g, Lift lift) throws IOException {
    g.writeObjectFieldStart("lift");
    number(g, "absolute", lift.absolute());
    number(g, "relative", lift.relative());
    interval(g, "absolute_ci", lift.absoluteCi());
    interval(g, "relative_ci", lift.relativeCi());
    g.writeEndObject();
  }

  private static void number(JsonGenerator g, String name, Double value) throws IOException {
    if (value == null || !Double.isFinite(value)) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, value);
    }
  }

  private static void interval(JsonGenerator g, String name, Interval i) throws IOException {
    if (i == null) {
      g.writeNullField(name);
    } else {
      g.writeArrayFieldStart(name);
      g.writeNumber(i.lower());
      g.writeNumber(i.upper());
      g.writeEndArray();
    }
  }
}
