package dev.abkit.servlet.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The results page's session cookie: {@code <expiry><nonce><HMAC-SHA256>} in URL-safe base64. The
 * HMAC key is derived from the results token, so the cookie holds nothing secret, survives a
 * restart, works across instances that share the token, and every cookie is revoked by changing the
 * token. Immutable and thread-safe.
 */
public final class SessionCookie {
  /** The cookie's name. */
  public static final String NAME = "abkit_results";

  /** How long a session lasts; a page view in its second half renews it. */
  public static final Duration LIFETIME = Duration.ofHours(1);

  private static final int NONCE_BYTES = 16;
  private static final int MAC_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  /** Sessions for {@code token} (the results token, already validated). */
  public SessionCookie(String token) {
    this.key =
        new SecretKeySpec(
            hmac(
                new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
                "abkit results session v1".getBytes(StandardCharsets.UTF_8)),
            "HmacSHA256");
  }

  /** A new session value that expires {@link #LIFETIME} after {@code now}. */
  public String issue(Instant now) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    ByteBuffer payload = ByteBuffer.allocate(Long.BYTES + NONCE_BYTES);
    payload.putLong(now.plus(LIFETIME).getEpochSecond()).put(nonce);
    byte[] body = payload.array();
    byte[] mac = hmac(key, body);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(ByteBuffer.allocate(body.length + MAC_BYTES).put(body).put(mac).array());
  }

  /**
   * When the session {@code value} expires, or {@code null} if it is malformed, forged, signed with
   * another token, or expired at {@code now}.
   */
  public Instant expiry(String value, Instant now) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int bodyLength = Long.BYTES + NONCE_BYTES;
    if (raw.length != bodyLength + MAC_BYTES) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(raw);
    byte[] body = new byte[bodyLength];
    byte[] mac = new byte[MAC_BYTES];
    b.get(body).get(mac);
    if (!MessageDigest.isEqual(mac, hmac(key, body))) {
      return null;
    }
    Instant expiry = Instant.ofEpochSecond(ByteBuffer.wrap(body).getLong());
    return now.isBefore(expiry) ? expiry : null;
  }

  private static byte[] hmac(SecretKeySpec key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }
}
