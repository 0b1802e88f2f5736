package dev.abkit.internal.hashing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Eppo's split matching (BUCKETING-SPEC.md 4.2 step c), test side: a split matches iff for every
 * shard, {@code getShard(salt + "-" + subject, totalShards)} lies in one of its ranges {@code
 * [start, end)}; the first matching split wins; none is {@code null} (TRAFFIC_EXPOSURE_MISS).
 */
final class EppoSplits {
  private EppoSplits() {}

  static String match(JsonNode splits, String subject, int totalShards) {
    for (JsonNode split : splits) {
      boolean all = true;
      for (JsonNode shard : split.path("shards")) {
        int s = UnitHash.eppoShard(shard.get("salt").asText() + "-" + subject, totalShards);
        boolean any = false;
        for (JsonNode r : shard.get("ranges")) {
          if (r.get("start").asInt() <= s && s < r.get("end").asInt()) {
            any = true;
            break;
          }
        }
        if (!any) {
          all = false;
          break;
        }
      }
      if (all) {
        return split.get("variationKey").asText();
      }
    }
    return null;
  }
}
