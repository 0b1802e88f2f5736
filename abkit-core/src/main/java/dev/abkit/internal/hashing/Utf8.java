package dev.abkit.internal.hashing;

/** UTF-8 encoding into a caller's buffer, matching {@code String.getBytes(UTF_8)}. */
final class Utf8 {
  private Utf8() {}

  /**
   * Encodes {@code s} into {@code buf} from {@code off} (the buffer must hold {@code 3 *
   * s.length()} more bytes) and returns the new offset. Unpaired surrogates become {@code '?'}.
   */
  static int encode(CharSequence s, byte[] buf, int off) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        buf[off++] = (byte) c;
      } else if (c < 0x800) {
        buf[off++] = (byte) (0xc0 | c >>> 6);
        buf[off++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          buf[off++] = (byte) (0xf0 | cp >>> 18);
          buf[off++] = (byte) (0x80 | (cp >>> 12 & 0x3f));
          buf[off++] = (byte) (0x80 | (cp >>> 6 & 0x3f));
          buf[off++] = (byte) (0x80 | (cp & 0x3f));
        } else {
          buf[off++] = '?';
        }
      } else {
        buf[off++] = (byte) (0xe0 | c >>> 12);
        buf[off++] = (byte) (0x80 | (c >>> 6 & 0x3f));
        buf[off++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    return off;
  }
}
