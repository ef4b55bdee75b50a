package io.drydock.oci;

/** How a layer blob is compressed. {@link #detect(byte[], int)} sniffs the magic bytes. */
public enum Compression {
  NONE,
  GZIP,
  ZSTD;

  /**
   * Sniffs the first bytes of a blob: gzip ({@code 1f 8b}), zstd ({@code 28 b5 2f fd}) or none.
   * Used where a media type is missing or lies (docker-archive layers are often plain tar).
   */
  public static Compression detect(byte[] head, int len) {
    if (len >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    if (len >= 4
        && (head[0] & 0xff) == 0x28
        && (head[1] & 0xff) == 0xb5
        && (head[2] & 0xff) == 0x2f
        && (head[3] & 0xff) == 0xfd) {
      return ZSTD;
    }
    return NONE;
  }
}
