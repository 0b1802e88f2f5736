package dev.abkit.servlet.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer <token>} headers (RFC 6750) against a configured token in
 * constant time. Both sides are hashed with SHA-256 first and the digests compared with {@link
 * MessageDigest#isEqual}, so the time taken depends on neither the position of the first differing
 * byte nor the length of the configured token.
 *
 * <p>Immutable and thread-safe.
 */
public final class BearerToken {
  /** Shortest token accepted. */
  public static final int MIN_LENGTH = 16;

  private final byte[] digest;

  public BearerToken(String token) {
    String problem = problem(token);
    if (problem != null) {
      throw new IllegalArgumentException("results token: " + problem);
    }
    this.digest = sha256(token);
  }

  /** Why {@code token} is unusable, or {@code null} if it is fine. */
  public static String problem(String token) {
    if (token.length() < MIN_LENGTH) {
      return "must be at least " + MIN_LENGTH + " characters, was " + token.length();
    }
    int i = 0;
    while (i < token.length() && isToken68(token.charAt(i))) {
      i++;
    }
    while (i < token.length() && token.charAt(i) == '=') {
      i++;
    }
    if (i != token.length()) {
      return "must use only A-Z a-z 0-9 - . _ ~ + / (and trailing =), found a bad character at"
          + " index "
          + i;
    }
    return null;
  }

  /** Whether the {@code Authorization} header value carries this token. */
  public boolean matches(String authorization) {
    if (authorization == null || authorization.length() < 7) {
      return false;
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    String presented = authorization.substring(7).strip();
    return MessageDigest.isEqual(digest, sha256(presented));
  }

  private static boolean isToken68(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~'
        || c == '+'
        || c == '/';
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
