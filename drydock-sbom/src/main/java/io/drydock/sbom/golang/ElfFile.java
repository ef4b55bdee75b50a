package io.drydock.sbom.golang;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an ELF file that locating Go build info needs: the header, the program headers (to
 * turn virtual addresses into file offsets) and the section headers with their names.
 *
 * <p>Hand-written because no maintained Java library reads ELF, and only these few fields are
 * needed. Every offset, size and count read from the file is checked against the file's size and
 * against fixed caps before it is used, so a hostile file fails with an {@link ElfFormatException}
 * instead of large allocations or reads past the end. Reads only what it is asked for: the header
 * and the two tables, never the whole file.
 *
 * <p>Not thread-safe (it reads through the caller's channel); the caller owns and closes the
 * channel.
 */
final class ElfFile {
  static final int PT_LOAD = 1;
  static final int PF_X = 1;
  static final int PF_W = 2;

  /** Section or program header tables larger than this are refused (bytes). */
  private static final int MAX_TABLE_BYTES = 4 << 20;

  /** A section-name string table larger than this is refused (bytes). */
  private static final int MAX_SHSTRTAB_BYTES = 1 << 20;

  private static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};

  /**
   * A loadable piece of the file: {@code filesz} bytes at {@code offset} mapped at {@code vaddr}.
   */
  record Segment(int type, int flags, long offset, long vaddr, long filesz) {}

  /** A section header; {@code name} resolved through the section-name string table. */
  record Section(String name, int type, long addr, long offset, long size) {}

  private final SeekableByteChannel channel;
  private final long fileSize;
  private final List<Segment> segments;
  private final List<Section> sections;

  private ElfFile(
      SeekableByteChannel channel, long fileSize, List<Segment> segments, List<Section> sections) {
    this.channel = channel;
    this.fileSize = fileSize;
    this.segments = segments;
    this.sections = sections;
  }

  /** Whether {@code head} starts with the ELF magic {@code \x7fELF}. */
  static boolean hasMagic(byte[] head, int length) {
    if (length < MAGIC.length) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (head[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads the ELF header, program headers and section headers.
   *
   * @throws ElfFormatException when the file is not a well-formed ELF file (the message says what
   *     is wrong, without the file's name)
   * @throws IOException when reading fails
   */
  static ElfFile read(SeekableByteChannel channel) throws IOException {
    long fileSize = channel.size();
    ByteBuffer ident = readAt(channel, fileSize, 0, 16, "ELF identification");
    byte[] magic = new byte[4];
    ident.get(magic);
    if (!hasMagic(magic, 4)) {
      throw new ElfFormatException("no ELF magic");
    }
    int elfClass = ident.get(4);
    int data = ident.get(5);
    if (elfClass != 1 && elfClass != 2) {
      throw new ElfFormatException("unknown ELF class " + elfClass);
    }
    if (data != 1 && data != 2) {
      throw new ElfFormatException("unknown ELF data encoding " + data);
    }
    boolean is64 = elfClass == 2;
    ByteOrder order = data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;

    ByteBuffer h = readAt(channel, fileSize, 0, is64 ? 64 : 52, "ELF header").order(order);
    long phoff = is64 ? h.getLong(32) : u32(h.getInt(28));
    long shoff = is64 ? h.getLong(40) : u32(h.getInt(32));
    int phentsize = u16(h.getShort(is64 ? 54 : 42));
    int phnum = u16(h.getShort(is64 ? 56 : 44));
    int shentsize = u16(h.getShort(is64 ? 58 : 46));
    int shnum = u16(h.getShort(is64 ? 60 : 48));
    int shstrndx = u16(h.getShort(is64 ? 62 : 50));

    List<Segment> segments = new ArrayList<>();
    if (phnum > 0) {
      if (phentsize < (is64 ? 56 : 32)) {
        throw new ElfFormatException("program header entry size " + phentsize + " too small");
      }
      ByteBuffer t = readTable(channel, fileSize, phoff, phnum, phentsize, "program header table");
      t.order(order);
      for (int i = 0; i < phnum; i++) {
        int b = i * phentsize;
        segments.add(
            is64
                ? new Segment(
                    t.getInt(b),
                    t.getInt(b + 4),
                    t.getLong(b + 8),
                    t.getLong(b + 16),
                    t.getLong(b + 32))
                : new Segment(
                    t.getInt(b),
                    t.getInt(b + 24),
                    u32(t.getInt(b + 4)),
                    u32(t.getInt(b + 8)),
                    u32(t.getInt(b + 16))));
      }
    }

    List<Section> sections = new ArrayList<>();
    if (shoff != 0 && (shnum > 0 || shentsize > 0)) {
      if (shentsize < (is64 ? 64 : 40)) {
        throw new ElfFormatException("section header entry size " + shentsize + " too small");
      }
      long count = shnum;
      if (count == 0) {
        // Extended numbering (more than 0xff00 sections): the count is section 0's sh_size.
        ByteBuffer first = readTable(channel, fileSize, shoff, 1, shentsize, "section header 0");
        first.order(order);
        count = is64 ? first.getLong(32) : u32(first.getInt(20));
        if (count <= 0 || count > MAX_TABLE_BYTES / shentsize) {
          throw new ElfFormatException(
              "section count " + Long.toUnsignedString(count) + " too large");
        }
      }
      if (shstrndx == 0xffff) {
        throw new ElfFormatException("extended section name table index not supported");
      }
      int n = (int) count;
      ByteBuffer t = readTable(channel, fileSize, shoff, n, shentsize, "section header table");
      t.order(order);
      int[] nameOffsets = new int[n];
      List<Section> unnamed = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int b = i * shentsize;
        nameOffsets[i] = t.getInt(b);
        unnamed.add(
            is64
                ? new Section(
                    null, t.getInt(b + 4), t.getLong(b + 16), t.getLong(b + 24), t.getLong(b + 32))
                : new Section(
                    null,
                    t.getInt(b + 4),
                    u32(t.getInt(b + 12)),
                    u32(t.getInt(b + 16)),
                    u32(t.getInt(b + 20))));
      }
      byte[] names = new byte[0];
      if (shstrndx != 0) {
        if (shstrndx >= n) {
          throw new ElfFormatException("section name table index " + shstrndx + " out of range");
        }
        Section strtab = unnamed.get(shstrndx);
        if (strtab.size() < 0 || strtab.size() > MAX_SHSTRTAB_BYTES) {
          throw new ElfFormatException(
              "section name table size " + Long.toUnsignedString(strtab.size()) + " too large");
        }
        ByteBuffer nb =
            readAt(channel, fileSize, strtab.offset(), (int) strtab.size(), "section name table");
        names = new byte[nb.remaining()];
        nb.get(names);
      }
      for (int i = 0; i < n; i++) {
        Section s = unnamed.get(i);
        sections.add(
            new Section(cString(names, nameOffsets[i]), s.type(), s.addr(), s.offset(), s.size()));
      }
    }
    return new ElfFile(channel, fileSize, List.copyOf(segments), List.copyOf(sections));
  }

  List<Segment> segments() {
    return segments;
  }

  List<Section> sections() {
    return sections;
  }

  /** The first section named {@code name}, or {@code null}. */
  Section section(String name) {
    for (Section s : sections) {
      if (name.equals(s.name())) {
        return s;
      }
    }
    return null;
  }

  /**
   * Up to {@code max} bytes of the file's image at virtual address {@code addr}: fewer when the
   * segment holding {@code addr} ends sooner. Like Go's {@code debug/buildinfo}, the first program
   * header whose file-backed range holds {@code addr} serves the read.
   *
   * @return the bytes, or {@code null} when no segment maps {@code addr}
   * @throws ElfFormatException when that segment's bytes lie past the end of the file
   */
  byte[] readVirtual(long addr, int max) throws IOException {
    for (Segment p : segments) {
      if (p.filesz() <= 0) {
        continue;
      }
      long delta = addr - p.vaddr();
      if (Long.compareUnsigned(addr, p.vaddr()) >= 0
          && Long.compareUnsigned(delta, p.filesz()) < 0) {
        long n = Math.min(max, p.filesz() - delta);
        long off = p.offset() + delta;
        if (p.offset() < 0 || off < 0) {
          throw new ElfFormatException("segment offset out of range");
        }
        ByteBuffer b =
            readAt(channel, fileSize, off, (int) n, "segment at 0x" + Long.toHexString(p.vaddr()));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
      }
    }
    return null;
  }

  /** {@code length} bytes at {@code offset}, all of which must lie inside the file. */
  private static ByteBuffer readAt(
      SeekableByteChannel channel, long fileSize, long offset, int length, String what)
      throws IOException {
    if (offset < 0 || length < 0 || offset > fileSize || length > fileSize - offset) {
      throw new ElfFormatException(
          what
              + " ("
              + length
              + " bytes at offset "
              + Long.toUnsignedString(offset)
              + ") lies past the end of the file ("
              + fileSize
              + " bytes)");
    }
    ByteBuffer b = ByteBuffer.allocate(length);
    long pos = offset;
    while (b.hasRemaining()) {
      channel.position(pos);
      int r = channel.read(b);
      if (r < 0) {
        throw new ElfFormatException(what + ": file ended early at offset " + pos);
      }
      pos += r;
    }
    return b.flip();
  }

  private static ByteBuffer readTable(
      SeekableByteChannel channel,
      long fileSize,
      long offset,
      long count,
      int entrySize,
      String what)
      throws IOException {
    long bytes = count * entrySize;
    if (bytes > MAX_TABLE_BYTES) {
      throw new ElfFormatException(what + " of " + count + " entries is too large");
    }
    return readAt(channel, fileSize, offset, (int) bytes, what);
  }

  private static String cString(byte[] table, int offset) {
    if (offset < 0 || offset >= table.length) {
      return "";
    }
    int end = offset;
    while (end < table.length && table[end] != 0) {
      end++;
    }
    return new String(table, offset, end - offset, StandardCharsets.ISO_8859_1);
  }

  private static long u32(int v) {
    return v & 0xffff_ffffL;
  }

  private static int u16(short v) {
    return v & 0xffff;
  }
}
