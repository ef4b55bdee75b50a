package io.drydock.sbom.rpm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One rpm header blob as the rpm database stores it (rpm's {@code headerExport}): a 4-byte index
 * count {@code il} and a 4-byte data length {@code dl} (big-endian), {@code il} 16-byte index
 * entries {@code (tag, type, offset, count)}, then {@code dl} bytes of data that the offsets point
 * into. The database form has no lead or header magic.
 *
 * <p>Hand-written: no Java library reads rpm headers. Every count and offset comes from the file,
 * so each is checked against the blob before use; a header that breaks a bound throws {@link
 * RpmHeaderException}, with a one-line message. Accessors decode lazily and only the tags asked
 * for. When a tag occurs twice (a "dribble" entry added at install time after the immutable
 * region), the later entry wins, as in rpm. Region tags (61–63) are not data and are skipped.
 * Immutable and thread-safe (the blob is not copied: callers must not change it).
 */
final class RpmHeader {
  static final int TAG_NAME = 1000;
  static final int TAG_VERSION = 1001;
  static final int TAG_RELEASE = 1002;
  static final int TAG_EPOCH = 1003;
  static final int TAG_VENDOR = 1011;
  static final int TAG_LICENSE = 1014;
  static final int TAG_ARCH = 1022;
  static final int TAG_OLDFILENAMES = 1027;
  static final int TAG_SOURCERPM = 1044;
  static final int TAG_DIRINDEXES = 1116;
  static final int TAG_BASENAMES = 1117;
  static final int TAG_DIRNAMES = 1118;
  static final int TAG_MODULARITYLABEL = 5096;

  private static final int TYPE_INT32 = 4;
  private static final int TYPE_STRING = 6;
  private static final int TYPE_STRING_ARRAY = 8;
  private static final int TYPE_I18NSTRING = 9;

  /** rpm's own bounds (hdrchkTags, hdrchkData in lib/header.c). */
  static final int MAX_INDEX_ENTRIES = 0xffff;

  static final int MAX_DATA_BYTES = 0x0fffffff;

  private static final int ENTRY_SIZE = 16;

  private final byte[] blob;
  private final int dataStart;
  private final int dataLength;

  /** tag -> {type, offset, count}; offset relative to the data store. */
  private final Map<Integer, int[]> entries;

  private RpmHeader(byte[] blob, int dataStart, int dataLength, Map<Integer, int[]> entries) {
    this.blob = blob;
    this.dataStart = dataStart;
    this.dataLength = dataLength;
    this.entries = entries;
  }

  /**
   * Reads the index of {@code blob}; bytes after the data store are ignored.
   *
   * @throws RpmHeaderException when the index count, data length or an entry is out of bounds
   */
  static RpmHeader parse(byte[] blob) {
    if (blob.length < 8) {
      throw new RpmHeaderException("header of " + blob.length + " bytes is shorter than 8");
    }
    long il = u32(blob, 0);
    long dl = u32(blob, 4);
    if (il < 1 || il > MAX_INDEX_ENTRIES) {
      throw new RpmHeaderException("header index count " + il + " out of range 1.." + 0xffff);
    }
    if (dl > MAX_DATA_BYTES) {
      throw new RpmHeaderException("header data length " + dl + " exceeds " + MAX_DATA_BYTES);
    }
    long dataStart = 8 + il * ENTRY_SIZE;
    if (dataStart + dl > blob.length) {
      throw new RpmHeaderException(
          "header claims "
              + il
              + " index entries and "
              + dl
              + " data bytes but has only "
              + blob.length
              + " bytes");
    }
    Map<Integer, int[]> entries = new HashMap<>();
    for (int i = 0; i < il; i++) {
      int at = 8 + i * ENTRY_SIZE;
      int tag = (int) u32(blob, at);
      if (tag >= 61 && tag <= 63) {
        continue; // region markers (HEADERIMAGE, HEADERSIGNATURES, HEADERIMMUTABLE)
      }
      long type = u32(blob, at + 4);
      long offset = u32(blob, at + 8);
      long count = u32(blob, at + 12);
      if (offset >= dl || count > dl) {
        // Not a tag we can read: remember it as broken, fail only if someone asks for it.
        entries.put(tag, new int[] {-1, 0, 0});
        continue;
      }
      entries.put(tag, new int[] {(int) type, (int) offset, (int) count});
    }
    return new RpmHeader(blob, (int) dataStart, (int) dl, entries);
  }

  boolean has(int tag) {
    return entries.containsKey(tag);
  }

  /** The first string of a STRING, STRING_ARRAY or I18NSTRING tag; {@code null} when absent. */
  String string(int tag) {
    int[] e = entry(tag);
    if (e == null) {
      return null;
    }
    if (e[0] != TYPE_STRING && e[0] != TYPE_STRING_ARRAY && e[0] != TYPE_I18NSTRING) {
      throw new RpmHeaderException("tag " + tag + " has type " + e[0] + ", not a string");
    }
    if (e[0] != TYPE_STRING && e[2] < 1) {
      return null;
    }
    return stringAt(tag, e[1]);
  }

  /** The strings of a STRING_ARRAY tag; empty when absent. */
  List<String> stringArray(int tag) {
    int[] e = entry(tag);
    if (e == null) {
      return List.of();
    }
    if (e[0] != TYPE_STRING_ARRAY) {
      throw new RpmHeaderException("tag " + tag + " has type " + e[0] + ", not a string array");
    }
    // each string takes at least its NUL, so count <= dl - offset bounds the loop and the list
    if (e[2] > dataLength - e[1]) {
      throw new RpmHeaderException(
          "tag " + tag + " claims " + Integer.toUnsignedString(e[2]) + " strings past the data");
    }
    List<String> out = new ArrayList<>(e[2]);
    int offset = e[1];
    for (int i = 0; i < e[2]; i++) {
      int end = nul(tag, offset);
      out.add(new String(blob, dataStart + offset, end - offset, StandardCharsets.UTF_8));
      offset = end + 1;
    }
    return out;
  }

  /** The first value of an INT32 tag; {@code null} when absent or empty. */
  Integer int32(int tag) {
    int[] values = int32Array(tag);
    return values.length == 0 ? null : values[0];
  }

  /** The values of an INT32 tag; empty when absent. */
  int[] int32Array(int tag) {
    int[] e = entry(tag);
    if (e == null) {
      return new int[0];
    }
    if (e[0] != TYPE_INT32) {
      throw new RpmHeaderException("tag " + tag + " has type " + e[0] + ", not int32");
    }
    if ((long) e[2] * 4 > dataLength - e[1]) {
      throw new RpmHeaderException(
          "tag " + tag + " claims " + Integer.toUnsignedString(e[2]) + " int32s past the data");
    }
    int[] out = new int[e[2]];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) u32(blob, dataStart + e[1] + 4 * i);
    }
    return out;
  }

  private int[] entry(int tag) {
    int[] e = entries.get(tag);
    if (e != null && e[0] < 0) {
      throw new RpmHeaderException("tag " + tag + " points outside the header data");
    }
    return e;
  }

  private String stringAt(int tag, int offset) {
    int end = nul(tag, offset);
    return new String(blob, dataStart + offset, end - offset, StandardCharsets.UTF_8);
  }

  /** Data-relative offset of the NUL ending the string at {@code offset}. */
  private int nul(int tag, int offset) {
    for (int i = offset; i < dataLength; i++) {
      if (blob[dataStart + i] == 0) {
        return i;
      }
    }
    throw new RpmHeaderException("tag " + tag + " has a string without its terminating NUL");
  }

  private static long u32(byte[] b, int at) {
    return ((b[at] & 0xffL) << 24)
        | ((b[at + 1] & 0xffL) << 16)
        | ((b[at + 2] & 0xffL) << 8)
        | (b[at + 3] & 0xffL);
  }
}
