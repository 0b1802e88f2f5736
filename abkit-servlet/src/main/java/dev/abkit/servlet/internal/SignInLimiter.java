package dev.abkit.servlet.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Limits wrong results tokens per client: at most {@link #FAILURES} failures per {@link #WINDOW}.
 * Clients are hashed into a fixed table of slots, so memory stays bounded whatever addresses an
 * attacker uses; two clients that share a slot share a limit, which only ever makes it stricter.
 * Thread-safe (sign-in is rare, so one lock is enough).
 */
public final class SignInLimiter {
  /** Wrong tokens allowed per client and window. */
  public static final int FAILURES = 5;

  /** The window the failures are counted in. */
  public static final Duration WINDOW = Duration.ofMinutes(1);

  private static final int SLOTS = 4096;

  private final long[] windowStart = new long[SLOTS];
  private final int[] failures = new int[SLOTS];

  /**
   * How long {@code client} must wait before its next attempt, or {@link Duration#ZERO} if it may
   * try now.
   */
  public synchronized Duration wait(String client, Instant now) {
    int slot = slot(client);
    long elapsed = now.toEpochMilli() - windowStart[slot];
    if (elapsed >= WINDOW.toMillis() || failures[slot] < FAILURES) {
      return Duration.ZERO;
    }
    return Duration.ofMillis(WINDOW.toMillis() - elapsed);
  }

  /** Counts a wrong token from {@code client}. */
  public synchronized void failed(String client, Instant now) {
    int slot = slot(client);
    long millis = now.toEpochMilli();
    if (millis - windowStart[slot] >= WINDOW.toMillis()) {
      windowStart[slot] = millis;
      failures[slot] = 0;
    }
    failures[slot]++;
  }

  private static int slot(String client) {
    return Math.floorMod(client.hashCode() * 0x9E3779B9, SLOTS);
  }
}
