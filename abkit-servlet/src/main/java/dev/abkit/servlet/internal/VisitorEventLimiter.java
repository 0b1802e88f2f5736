package dev.abkit.servlet.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;

/**
 * At most {@code limit} events per visitor and minute at the event endpoint, counted in a fixed
 * window that starts with the visitor's first event. Windows live in a bounded Caffeine cache, so a
 * flood of new visitors costs memory only up to its bound. Thread-safe.
 */
public final class VisitorEventLimiter {
  /** The window events are counted in. */
  public static final Duration WINDOW = Duration.ofMinutes(1);

  private final int limit;
  private final Cache<String, Window> windows =
      Caffeine.newBuilder()
          .maximumSize(1_000_000)
          .expireAfterAccess(WINDOW.multipliedBy(2))
          .build();

  public VisitorEventLimiter(int limit) {
    this.limit = limit;
  }

  /**
   * Takes {@code events} from {@code unit}'s allowance: {@link Duration#ZERO} if they fit (and are
   * now counted), else how long until the window ends (and nothing is counted).
   */
  public Duration take(String unit, int events, Instant now) {
    return windows.get(unit, u -> new Window()).take(events, now.toEpochMilli(), limit);
  }

  private static final class Window {
    private long start = Long.MIN_VALUE;
    private int count;

    synchronized Duration take(int events, long now, int limit) {
      if (start == Long.MIN_VALUE || now - start >= WINDOW.toMillis()) {
        start = now;
        count = 0;
      }
      if (count + events > limit) {
        return Duration.ofMillis(Math.max(1, start + WINDOW.toMillis() - now));
      }
      count += events;
      return Duration.ZERO;
    }
  }
}
