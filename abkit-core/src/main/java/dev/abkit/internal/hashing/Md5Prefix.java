package dev.abkit.internal.hashing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The first four bytes of MD5 read as a big-endian unsigned 32-bit integer: Eppo's shard hash.
 *
 * <p>Note on sources: docs/BUCKETING-SPEC.md sections 1.3 and 4.1, after Eppo-exp/sdk-common-jdk
 * {@code src/main/java/cloud/eppo/Utils.java} ({@code getShard}, commit 27289ef). Eppo's Java SDK
 * hashes the platform-default charset; abkit always uses UTF-8 (identical on every platform whose
 * default is UTF-8, which Java 18+ guarantees). Worked value: MD5("shard me") starts 9748302a, so
 * the prefix is 2538090538.
 *
 * <p>Thread-safe: each thread reuses its own {@link MessageDigest} and buffers, so a call allocates
 * only when a unit's UTF-8 form outgrows the thread's buffer.
 */
public final class Md5Prefix {
  private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

  private Md5Prefix() {}

  /** The prefix of MD5(bytes), as a long in [0, 2^32). */
  public static long of(byte[] bytes) {
    Work w = WORK.get();
    w.md5.update(bytes);
    return w.digest();
  }

  /** The prefix of MD5(UTF-8(a + b)), in [0, 2^32). */
  public static long of(String a, String b) {
    Work w = WORK.get();
    int need = 3 * (a.length() + b.length()); // UTF-8 needs at most 3 bytes per UTF-16 unit
    if (w.buf.length < need) {
      // rare: long ids. Encoding through String keeps unpaired-surrogate handling standard.
      w.md5.update(a.concat(b).getBytes(StandardCharsets.UTF_8));
      return w.digest();
    }
    int len = Utf8.encode(a, w.buf, 0);
    len = Utf8.encode(b, w.buf, len);
    w.md5.update(w.buf, 0, len);
    return w.digest();
  }

  private static final class Work {
    final MessageDigest md5;
    final byte[] buf = new byte[1024];
    final byte[] out = new byte[16];

    Work() {
      try {
        md5 = MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform must provide MD5", e);
      }
    }

    long digest() {
      try {
        md5.digest(out, 0, 16);
      } catch (java.security.DigestException e) {
        throw new IllegalStateException("MD5 digest into a 16-byte buffer failed", e);
      }
      return Integer.toUnsignedLong(
          (out[0] & 0xff) << 24 | (out[1] & 0xff) << 16 | (out[2] & 0xff) << 8 | out[3] & 0xff);
    }
  }
}
