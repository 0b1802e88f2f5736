package dev.abkit.jdbc.internal;

import dev.abkit.spi.MetricQuery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What makes one rollup ({@link RollupSql}): the experiment, what its metric counts (event, amount,
 * delay, window, pairing), the experiment's end and the dimension. Not the metric's name, nor its
 * cap (applied when reading), nor whether CUPED's values are indicators (both sums and counts are
 * kept), so metrics alike share one rollup. Its {@link #id} is the SHA-256 of the {@link
 * #definition}, each field length-prefixed so that no two definitions read the same.
 *
 * @param experiment the experiment id
 * @param metric the metric read
 * @param end events at or after it do not count, or {@code null}
 * @param dimension the unit attribute kept per row, or {@code null}
 */
record RollupKey(String experiment, MetricQuery metric, Instant end, String dimension) {

  RollupKey {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(metric, "metric");
  }

  /** The definition in words, stored beside the rollup for whoever inspects the table. */
  String definition() {
    StringBuilder s = new StringBuilder("abkit rollup 1");
    field(s, "experiment", experiment);
    field(s, "event", metric.event());
    field(s, "amount", metric.amount().name());
    field(s, "delay", metric.delay().toString());
    field(s, "window", metric.window() == null ? "none" : metric.window().toString());
    String pairing = "none";
    if (metric.pairing() instanceof MetricQuery.Denominator d) {
      pairing = "denominator " + d.event() + " " + d.amount().name();
    } else if (metric.pairing() instanceof MetricQuery.PrePeriod pre) {
      pairing = "pre-period " + pre.length();
    }
    field(s, "pairing", pairing);
    field(s, "end", end == null ? "none" : end.toString());
    field(s, "dimension", dimension == null ? "none" : dimension);
    return s.toString();
  }

  /** The rollup's id: the SHA-256 of its definition, in hex (64 characters). */
  String id() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(definition().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The advisory lock that serialises refreshes of this rollup: its id's first 64 bits. */
  long lock() {
    return HexFormat.fromHexDigitsToLong(id(), 0, 16);
  }

  private static void field(StringBuilder s, String name, String value) {
    s.append('\n').append(name).append(' ').append(value.length()).append(':').append(value);
  }
}
