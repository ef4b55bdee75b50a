package io.drydock.sbom.golang;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds minimal ELF files around a Go build-info blob, for the cases real toolchains here cannot
 * produce: the Go 1.13–1.17 pointer format, binaries without section headers, and hostile values.
 *
 * <p>Layout: ELF header at 0, program headers at 0x40, the blob at {@link #BLOB_OFFSET}, then the
 * section-name table and the section headers ({@code null}, {@code .go.buildinfo}, {@code
 * .shstrtab}). One {@code PT_LOAD} segment (read-write, not executable) maps the whole file at
 * {@link #BASE}.
 */
final class SyntheticElf {
  static final long BASE = 0x400000;
  static final int BLOB_OFFSET = 0x1000;
  static final long BLOB_ADDR = BASE + BLOB_OFFSET;

  static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
  // The sentinels cmd/go wraps the module info in (runtime/debug: infoStart, infoEnd).
  static final byte[] INFO_START = hex("3077af0c9274080241e1c107e6d618e6");
  static final byte[] INFO_END = hex("f932433186182072008242104116d8f2");

  private SyntheticElf() {}

  /** Go ≥ 1.18: header, then varint-prefixed version and module info inline. */
  static byte[] inlineBlob(String goVersion, String modInfo, int ptrSize) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(MAGIC);
    b.write(ptrSize);
    b.write(2);
    b.writeBytes(new byte[16]);
    byte[] v = goVersion.getBytes(StandardCharsets.UTF_8);
    byte[] m = wrapped(modInfo);
    writeUvarint(b, v.length);
    b.writeBytes(v);
    writeUvarint(b, m.length);
    b.writeBytes(m);
    return b.toByteArray();
  }

  /**
   * Go 1.13–1.17: header with two pointers to string headers ({@code data, len}), which point at
   * the bytes; pointers in the given byte order and size.
   */
  static byte[] pointerBlob(String goVersion, String modInfo, int ptrSize, boolean bigEndian) {
    byte[] v = goVersion.getBytes(StandardCharsets.UTF_8);
    byte[] m = wrapped(modInfo);
    int headers = 32;
    int versionData = headers + 4 * ptrSize;
    int modData = versionData + v.length;
    ByteBuffer b =
        ByteBuffer.allocate(modData + m.length)
            .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) ptrSize).put((byte) (bigEndian ? 1 : 0));
    putPtr(b, 16, BLOB_ADDR + headers, ptrSize);
    putPtr(b, 16 + ptrSize, BLOB_ADDR + headers + 2L * ptrSize, ptrSize);
    putPtr(b, headers, BLOB_ADDR + versionData, ptrSize);
    putPtr(b, headers + ptrSize, v.length, ptrSize);
    putPtr(b, headers + 2 * ptrSize, BLOB_ADDR + modData, ptrSize);
    putPtr(b, headers + 3 * ptrSize, m.length, ptrSize);
    b.position(versionData);
    b.put(v).put(m);
    return b.array();
  }

  /** An ELF file holding {@code blob}; with or without section headers. */
  static byte[] elf(byte[] blob, boolean is64, boolean bigEndian, boolean withSections) {
    ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    byte[] shstrtab = "\0.go.buildinfo\0.shstrtab\0".getBytes(StandardCharsets.ISO_8859_1);
    int shstrOffset = BLOB_OFFSET + blob.length;
    int shoff = (shstrOffset + shstrtab.length + 15) & ~15;
    int shentsize = is64 ? 64 : 40;
    int total = withSections ? shoff + 3 * shentsize : shstrOffset;
    ByteBuffer f = ByteBuffer.allocate(total).order(order);
    f.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), (byte) (bigEndian ? 2 : 1), 1});
    int phoff = 0x40;
    int phentsize = is64 ? 56 : 32;
    f.putShort(16, (short) 2); // ET_EXEC
    if (is64) {
      f.putLong(32, phoff).putLong(40, withSections ? shoff : 0);
      f.putShort(52, (short) 64).putShort(54, (short) phentsize).putShort(56, (short) 1);
      f.putShort(58, (short) shentsize).putShort(60, (short) (withSections ? 3 : 0));
      f.putShort(62, (short) (withSections ? 2 : 0));
      f.putInt(phoff, ElfFile.PT_LOAD).putInt(phoff + 4, 4 | ElfFile.PF_W);
      f.putLong(phoff + 8, 0).putLong(phoff + 16, BASE).putLong(phoff + 24, BASE);
      f.putLong(phoff + 32, total).putLong(phoff + 40, total).putLong(phoff + 48, 0x1000);
    } else {
      f.putInt(28, phoff).putInt(32, withSections ? shoff : 0);
      f.putShort(40, (short) 52).putShort(42, (short) phentsize).putShort(44, (short) 1);
      f.putShort(46, (short) shentsize).putShort(48, (short) (withSections ? 3 : 0));
      f.putShort(50, (short) (withSections ? 2 : 0));
      f.putInt(phoff, ElfFile.PT_LOAD).putInt(phoff + 4, 0).putInt(phoff + 8, (int) BASE);
      f.putInt(phoff + 12, (int) BASE).putInt(phoff + 16, total).putInt(phoff + 20, total);
      f.putInt(phoff + 24, 4 | ElfFile.PF_W).putInt(phoff + 28, 0x1000);
    }
    f.position(BLOB_OFFSET);
    f.put(blob);
    if (withSections) {
      f.position(shstrOffset);
      f.put(shstrtab);
      section(f, is64, shoff + shentsize, 1, BLOB_ADDR, BLOB_OFFSET, blob.length);
      section(f, is64, shoff + 2 * shentsize, 15, 0, shstrOffset, shstrtab.length);
    }
    return f.array();
  }

  private static void section(
      ByteBuffer f, boolean is64, int at, int name, long addr, long offset, long size) {
    f.putInt(at, name).putInt(at + 4, 1); // SHT_PROGBITS
    if (is64) {
      f.putLong(at + 16, addr).putLong(at + 24, offset).putLong(at + 32, size);
    } else {
      f.putInt(at + 12, (int) addr).putInt(at + 16, (int) offset).putInt(at + 20, (int) size);
    }
  }

  static byte[] wrapped(String modInfo) {
    if (modInfo.isEmpty()) {
      return new byte[0];
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(INFO_START);
    b.writeBytes(modInfo.getBytes(StandardCharsets.UTF_8));
    b.writeBytes(INFO_END);
    return b.toByteArray();
  }

  static void writeUvarint(ByteArrayOutputStream b, long v) {
    while (Long.compareUnsigned(v, 0x80) >= 0) {
      b.write((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    b.write((int) v);
  }

  private static void putPtr(ByteBuffer b, int at, long v, int ptrSize) {
    if (ptrSize == 8) {
      b.putLong(at, v);
    } else {
      b.putInt(at, (int) v);
    }
  }

  private static byte[] hex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }
}
