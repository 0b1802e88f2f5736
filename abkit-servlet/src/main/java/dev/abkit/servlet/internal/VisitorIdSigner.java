package dev.abkit.servlet.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs visitor ids so that a client cannot choose its own: the cookie value is {@code <id>.<tag>},
 * the tag the first 128 bits of HMAC-SHA256 over the id, as URL-safe base64 (22 characters). Ids
 * signed with a previous secret are still accepted, so a secret can be rotated without sending
 * every visitor to a new variant; the caller re-signs them with the current one. Immutable and
 * thread-safe ({@link Mac} instances are per thread).
 */
public final class VisitorIdSigner {
  /** Shortest secret accepted, in characters. */
  public static final int MIN_SECRET_LENGTH = 32;

  /** Length of a signed cookie value: id, dot, tag. */
  public static final int SIGNED_LENGTH = VisitorIds.LENGTH + 1 + 22;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final List<ThreadLocal<Mac>> macs;

  /**
   * Signs with {@code secret} and also accepts ids signed with {@code previous} secrets.
   *
   * @throws IllegalArgumentException naming the secret that is too short
   */
  public VisitorIdSigner(String secret, List<String> previous) {
    List<ThreadLocal<Mac>> all = new ArrayList<>();
    all.add(mac(secret, "visitor secret"));
    for (int i = 0; i < previous.size(); i++) {
      all.add(mac(previous.get(i), "previous visitor secret " + (i + 1)));
    }
    this.macs = List.copyOf(all);
  }

  /** What a cookie value says, as far as this signer can tell. */
  public enum Verdict {
    /** Signed with the current secret. */
    CURRENT,
    /** Signed with a previous secret: valid, but to be re-signed. */
    PREVIOUS,
    /** Unsigned, malformed or badly signed: to be replaced. */
    INVALID
  }

  /** The cookie value for {@code id}. */
  public String sign(String id) {
    return id + '.' + tag(macs.get(0), id);
  }

  /** Checks a cookie value; its id is its first {@link VisitorIds#LENGTH} characters. */
  public Verdict verify(String value) {
    if (value == null
        || value.length() != SIGNED_LENGTH
        || value.charAt(VisitorIds.LENGTH) != '.'
        || !VisitorIds.isValid(value.substring(0, VisitorIds.LENGTH))) {
      return Verdict.INVALID;
    }
    String id = value.substring(0, VisitorIds.LENGTH);
    byte[] presented = value.substring(VisitorIds.LENGTH + 1).getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < macs.size(); i++) {
      byte[] expected = tag(macs.get(i), id).getBytes(StandardCharsets.US_ASCII);
      if (MessageDigest.isEqual(presented, expected)) {
        return i == 0 ? Verdict.CURRENT : Verdict.PREVIOUS;
      }
    }
    return Verdict.INVALID;
  }

  private static String tag(ThreadLocal<Mac> mac, String id) {
    byte[] full = mac.get().doFinal(id.getBytes(StandardCharsets.US_ASCII));
    return ENCODER.encodeToString(java.util.Arrays.copyOf(full, 16));
  }

  private static ThreadLocal<Mac> mac(String secret, String what) {
    Objects.requireNonNull(secret, what);
    if (secret.length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException(
          what + " must be at least " + MIN_SECRET_LENGTH + " characters, was " + secret.length());
    }
    SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    ThreadLocal<Mac> perThread =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every JDK has HmacSHA256", e);
              }
            });
    perThread.get();
    return perThread;
  }
}
