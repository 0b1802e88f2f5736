package dev.abkit.jdbc.internal;

import dev.abkit.jdbc.internal.AnalysisSql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's per-unit rollups ({@link RollupSql}) current, idempotently: each read first
 * recomputes the rows of the units written since the rollup's watermark, subtracting their old rows
 * from the totals and adding the new ones, so the rollup always equals what the direct reads would
 * compute, and an uncapped metric's read adds up a few rows of totals.
 *
 * <p>The watermark is a transaction id: every exposure, attribute and event row carries the id of
 * the transaction that wrote it ({@code txid}, schema version 4; an exposure that changes takes the
 * changing transaction's). A refresh takes {@code txid_snapshot_xmin} of its snapshot, the oldest
 * transaction still running, as the next watermark: every transaction below it has ended, so its
 * rows are visible to this refresh, and any later one is looked at again by the next. Rows looked
 * at twice are recomputed from all of their unit's rows, so nothing counts twice. The first read of
 * a rollup builds it from every exposed unit, which takes as long as a direct read; refreshes of
 * one rollup are serialised by a transaction-scoped advisory lock. Rollups no read has refreshed
 * for {@link #RETENTION} are deleted (a changed manifest leaves its old definitions behind).
 *
 * <p>Runs inside the read's transaction, whose settings ({@link AnalysisSql#analysisSettings}) make
 * the first build a parallel plan. Thread-safe.
 */
final class Rollups {
  private static final Logger log = LoggerFactory.getLogger(Rollups.class);

  /** How long a rollup no read asked for is kept. */
  static final Duration RETENTION = Duration.ofDays(30);

  /** Rows of totals (a few per refresh) past which they are summed into one per group. */
  static final int COMPACT_AFTER = 500;

  private final RollupSql sql;
  private final Clock clock;

  Rollups(RollupSql sql, Clock clock) {
    this.sql = sql;
    this.clock = clock;
  }

  /** Brings {@code key}'s rows up to date within {@code h}'s transaction. */
  void refresh(Handle h, RollupKey key) {
    h.createQuery("select 1 from (select pg_advisory_xact_lock(?)) l")
        .bind(0, key.lock())
        .mapTo(Integer.class)
        .one();
    long next =
        h.createQuery("select txid_snapshot_xmin(txid_current_snapshot())").mapTo(Long.class).one();
    Long since =
        h.createQuery(sql.watermark()).bind(0, key.id()).mapTo(Long.class).findOne().orElse(null);
    Instant now = clock.instant();
    if (since == null) {
      long start = System.nanoTime();
      int units = execute(h, sql.insert(key, false));
      execute(h, sql.addTotals(key, 1, false));
      log.info(
          "built rollup {} of {} ({} units) in {} ms",
          key.id().substring(0, 12),
          key.experiment(),
          units,
          (System.nanoTime() - start) / 1_000_000);
      // looked up first and deleted by id: a delete joined to the (usually empty) list of stale
      // rollups scanned every rollup row (1.8 s on 1M units)
      for (String stale :
          h.createQuery(sql.stale()).bind(0, now.minus(RETENTION)).mapTo(String.class).list()) {
        for (String delete : sql.delete()) {
          h.createUpdate(delete).bind(0, stale).execute();
        }
      }
      // statistics for the new rows now, not at autovacuum's next round: without them the reads
      // plan a bitmap scan and a sort instead of a parallel scan (4x slower on 1M units)
      h.execute(sql.analyze());
    } else {
      // also when next == since: rows of later transactions that have committed are visible, and
      // this read must see them as the direct read would. One set of changed units for every
      // step, so what is subtracted from the totals is exactly what is recomputed.
      for (String statement : sql.prepareChanged()) {
        h.execute(statement);
      }
      execute(h, sql.collectChanged(key, since));
      execute(h, sql.addTotals(key, -1, true));
      h.createUpdate(sql.deleteChanged()).bind(0, key.id()).execute();
      execute(h, sql.insert(key, true));
      execute(h, sql.addTotals(key, 1, true));
      long rows = h.createQuery(sql.totalsRows()).bind(0, key.id()).mapTo(Long.class).one();
      if (rows > COMPACT_AFTER) {
        List<String> compact = sql.compactTotals();
        h.createUpdate(compact.get(0)).bind(0, key.id()).execute();
        h.createUpdate(compact.get(1)).bind(0, key.id()).execute();
        h.execute(compact.get(2));
        h.execute(compact.get(3));
      }
    }
    h.createUpdate(sql.recordWatermark())
        .bind(0, key.id())
        .bind(1, key.definition())
        .bind(2, key.experiment())
        .bind(3, next)
        .bind(4, now)
        .bind(5, next)
        .bind(6, now)
        .execute();
  }

  private static int execute(Handle h, Statement statement) {
    return StatsReader.bind(h.createUpdate(statement.sql()), statement.params()).execute();
  }
}
