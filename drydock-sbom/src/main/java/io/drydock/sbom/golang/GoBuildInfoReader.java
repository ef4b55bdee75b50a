package io.drydock.sbom.golang;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Finds the Go version and module-info text that the Go linker embeds in every module-aware binary
 * (Go 1.13 and later), the way Go's own {@code debug/buildinfo} does.
 *
 * <p>The build info starts with the 14-byte magic {@code "\xff Go buildinf:"}, at a 16-byte aligned
 * address at the start of the {@code .go.buildinfo} section (or, in binaries without section
 * headers, somewhere in the first 64 KiB of the first writable, non-executable segment), followed
 * by the pointer size and a flags byte. With flag bit 2 set (Go 1.18 and later) the two strings
 * follow inline from offset 32, each prefixed by its length as an unsigned varint. Without it (Go
 * 1.13–1.17) offsets 16 and 16+ptrSize hold pointers to Go string headers ({@code data pointer,
 * length}) elsewhere in the image, in the byte order given by flag bit 1. The module-info string is
 * wrapped in 16 sentinel bytes on each side, which are removed.
 *
 * <p>Hand-written: this is a binary format with no Java library. Every length is capped by {@code
 * maxStringBytes} and every address must be mapped by a segment within the file. Stateless.
 */
final class GoBuildInfoReader {
  static final String SECTION = ".go.buildinfo";

  private static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
  private static final int ALIGN = 16;
  private static final int HEADER_SIZE = 32;
  private static final int SEARCH_BYTES = 64 * 1024;
  private static final int FLAG_BIG_ENDIAN = 1;
  private static final int FLAG_INLINE_STRINGS = 2;

  /**
   * What the binary records.
   *
   * @param goVersion the toolchain, as recorded ({@code go1.21.5}, {@code go1.22.3
   *     X:boringcrypto}); never empty
   * @param modInfo the module-info text ({@code path}, {@code mod}, {@code dep}, {@code =>}, {@code
   *     build} lines), {@code ""} when the binary was built outside module mode
   * @param inline whether the strings were stored inline (Go 1.18 and later)
   */
  record Raw(String goVersion, String modInfo, boolean inline) {}

  private GoBuildInfoReader() {}

  /**
   * The build info of {@code elf}.
   *
   * @return the build info, or {@code null} when the file is not a Go binary (no {@code
   *     .go.buildinfo} section; or, without section headers, no build-info magic)
   * @throws ElfFormatException when the file claims to hold Go build info that cannot be read
   */
  static Raw read(ElfFile elf, int maxStringBytes) throws IOException {
    ElfFile.Section section = elf.section(SECTION);
    long dataAddr;
    if (section != null) {
      dataAddr = section.addr();
    } else if (!elf.sections().isEmpty()) {
      // Every Go linker since 1.13 that writes section headers writes this section.
      return null;
    } else {
      ElfFile.Segment data = firstDataSegment(elf);
      if (data == null) {
        return null;
      }
      dataAddr = data.vaddr();
    }

    byte[] data = elf.readVirtual(dataAddr, SEARCH_BYTES);
    if (data == null) {
      if (section == null) {
        return null;
      }
      throw new ElfFormatException(
          SECTION + " at 0x" + Long.toHexString(dataAddr) + " is not mapped by any segment");
    }
    int at = findMagic(data);
    if (at < 0) {
      if (section == null) {
        return null;
      }
      throw new ElfFormatException(SECTION + " does not start with the Go build info magic");
    }

    int ptrSize = data[at + 14];
    int flags = data[at + 15];
    String version;
    byte[] mod;
    boolean inline = (flags & FLAG_INLINE_STRINGS) != 0;
    if (inline) {
      long addr = dataAddr + at + HEADER_SIZE;
      Inline v = readVarintString(elf, addr, maxStringBytes, "Go version");
      version = new String(v.bytes(), StandardCharsets.UTF_8);
      mod = readVarintString(elf, v.end(), maxStringBytes, "module info").bytes();
    } else {
      if (ptrSize != 4 && ptrSize != 8) {
        throw new ElfFormatException("build info pointer size " + ptrSize + " is neither 4 nor 8");
      }
      boolean bigEndian = (flags & FLAG_BIG_ENDIAN) != 0;
      long versionPtr = pointer(data, at + 16, ptrSize, bigEndian);
      long modPtr = pointer(data, at + 16 + ptrSize, ptrSize, bigEndian);
      version =
          new String(
              readStringHeader(elf, versionPtr, ptrSize, bigEndian, maxStringBytes, "Go version"),
              StandardCharsets.UTF_8);
      mod = readStringHeader(elf, modPtr, ptrSize, bigEndian, maxStringBytes, "module info");
    }
    if (version.isEmpty()) {
      throw new ElfFormatException("build info records no Go version");
    }
    String modInfo = "";
    if (mod.length >= 33 && mod[mod.length - 17] == '\n') {
      modInfo = new String(mod, 16, mod.length - 32, StandardCharsets.UTF_8);
    }
    return new Raw(version, modInfo, inline);
  }

  private static ElfFile.Segment firstDataSegment(ElfFile elf) {
    for (ElfFile.Segment p : elf.segments()) {
      if (p.type() == ElfFile.PT_LOAD
          && (p.flags() & (ElfFile.PF_X | ElfFile.PF_W)) == ElfFile.PF_W) {
        return p;
      }
    }
    return null;
  }

  /** The offset of the magic at a 16-byte aligned position with a whole header after it, or -1. */
  private static int findMagic(byte[] data) {
    outer:
    for (int i = 0; i + HEADER_SIZE <= data.length; i += ALIGN) {
      for (int j = 0; j < MAGIC.length; j++) {
        if (data[i + j] != MAGIC[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** An inline string's bytes and the address just after it. */
  private record Inline(byte[] bytes, long end) {}

  /** A varint-prefixed string at {@code addr}. */
  private static Inline readVarintString(ElfFile elf, long addr, int max, String what)
      throws IOException {
    byte[] head = elf.readVirtual(addr, 10);
    if (head == null) {
      throw new ElfFormatException(
          what + " length at 0x" + Long.toHexString(addr) + " is not mapped");
    }
    long length = 0;
    int shift = 0;
    int n = 0;
    while (true) {
      if (n >= head.length) {
        throw new ElfFormatException(what + " length is not a valid varint");
      }
      int b = head[n++] & 0xff;
      if (shift == 63 && b > 1) {
        throw new ElfFormatException(what + " length overflows 64 bits");
      }
      length |= (long) (b & 0x7f) << shift;
      if (b < 0x80) {
        break;
      }
      shift += 7;
    }
    if (length < 0 || length > max) {
      throw new ElfFormatException(
          what
              + " length "
              + Long.toUnsignedString(length)
              + " exceeds the limit of "
              + max
              + " bytes");
    }
    byte[] s = readExactly(elf, addr + n, (int) length, what);
    return new Inline(s, addr + n + length);
  }

  /** The bytes of a Go string header ({@code data pointer, length}) at {@code addr}. */
  private static byte[] readStringHeader(
      ElfFile elf, long addr, int ptrSize, boolean bigEndian, int max, String what)
      throws IOException {
    byte[] header = readExactly(elf, addr, 2 * ptrSize, what + " string header");
    long dataAddr = pointer(header, 0, ptrSize, bigEndian);
    long length = pointer(header, ptrSize, ptrSize, bigEndian);
    if (length < 0 || length > max) {
      throw new ElfFormatException(
          what
              + " length "
              + Long.toUnsignedString(length)
              + " exceeds the limit of "
              + max
              + " bytes");
    }
    return readExactly(elf, dataAddr, (int) length, what);
  }

  private static byte[] readExactly(ElfFile elf, long addr, int length, String what)
      throws IOException {
    if (length == 0) {
      return new byte[0];
    }
    byte[] b = elf.readVirtual(addr, length);
    if (b == null || b.length < length) {
      throw new ElfFormatException(
          what
              + " ("
              + length
              + " bytes at 0x"
              + Long.toHexString(addr)
              + ") is not mapped by the file's segments");
    }
    return b;
  }

  private static long pointer(byte[] b, int at, int size, boolean bigEndian) {
    long v = 0;
    for (int i = 0; i < size; i++) {
      int shift = bigEndian ? (size - 1 - i) * 8 : i * 8;
      v |= (long) (b[at + i] & 0xff) << shift;
    }
    return v;
  }
}
