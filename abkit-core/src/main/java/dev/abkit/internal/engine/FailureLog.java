package dev.abkit.internal.engine;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Logs a repeated failure once per key and then at most once a minute, counting what it skipped, so
 * a failing store or condition cannot flood the log from the request path. Thread-safe.
 */
final class FailureLog {
  private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Logger log;
  private final ConcurrentHashMap<String, long[]> state = new ConcurrentHashMap<>();

  FailureLog(Logger log) {
    this.log = log;
  }

  /** Logs {@code message} for {@code key} unless it was logged less than a minute ago. */
  void warn(String key, String message, Throwable failure) {
    long now = System.nanoTime();
    long[] s = state.computeIfAbsent(key, k -> new long[] {now - INTERVAL_NANOS - 1, 0});
    long skipped;
    synchronized (s) {
      if (now - s[0] <= INTERVAL_NANOS) {
        s[1]++;
        return;
      }
      s[0] = now;
      skipped = s[1];
      s[1] = 0;
    }
    if (skipped > 0) {
      log.warn("{} ({} more since last logged)", message, skipped, failure);
    } else {
      log.warn("{}", message, failure);
    }
  }
}
