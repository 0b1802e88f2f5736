package dev.abkit.servlet.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Random;

/**
 * Visitor ids for the {@code abkit_vid} cookie: 128 random bits from a {@link SecureRandom} as
 * URL-safe base64 without padding (22 characters).
 *
 * <p>The format check is strict and canonical: exactly 22 characters of the URL-safe alphabet, and
 * the last character carries only the 2 remaining bits (its 4 low bits are zero, so it is one of
 * {@code A Q g w}). Each id therefore has exactly one accepted spelling, and anything else
 * (tampered, truncated, padded, or from another scheme) is replaced rather than trusted. The check
 * is a plain loop: no regex, no allocation, no exception on the request path.
 *
 * <p>Thread-safe.
 */
public final class VisitorIds {
  /** Length of an id in characters. */
  public static final int LENGTH = 22;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final Random random;
  private final ThreadLocal<SecureRandom> perThread;

  /**
   * Ids from a {@link SecureRandom} per thread: a shared instance serializes every new visitor on
   * its lock, which shows under load when many first-time visitors arrive at once.
   */
  public VisitorIds() {
    this.random = null;
    this.perThread = ThreadLocal.withInitial(SecureRandom::new);
  }

  /** Ids from {@code random} (tests inject a seeded source; production needs a SecureRandom). */
  public VisitorIds(Random random) {
    this.random = java.util.Objects.requireNonNull(random, "random");
    this.perThread = null;
  }

  /** A fresh id. */
  public String next() {
    byte[] bytes = new byte[16];
    (random != null ? random : perThread.get()).nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }

  /** Whether {@code value} is an id in canonical form. */
  public static boolean isValid(String value) {
    if (value == null || value.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH - 1; i++) {
      if (!isBase64Url(value.charAt(i))) {
        return false;
      }
    }
    char last = value.charAt(LENGTH - 1);
    return last == 'A' || last == 'Q' || last == 'g' || last == 'w';
  }

  private static boolean isBase64Url(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }
}
