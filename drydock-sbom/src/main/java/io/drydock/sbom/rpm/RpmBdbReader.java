package io.drydock.sbom.rpm;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;

/**
 * rpm's Berkeley DB backend: {@code Packages}, a Berkeley DB hash database (RHEL/CentOS 5–8, Amazon
 * Linux 2, older SUSE) whose keys are 4-byte header numbers and whose values are header blobs.
 *
 * <p>Hand-written from Berkeley DB's on-disk page layout ({@code dbinc/db_page.h}); there is no
 * Java reader and rpm itself only needs these few structures. Page 0 is the hash metadata page
 * (magic {@code 0x061561} at byte 12, in the byte order of the machine that wrote the file, which
 * also decides the order of every other field). Every other page with type {@code P_HASH} (13) or
 * {@code P_HASH_UNSORTED} (2) holds key/value pairs: an array of 2-byte item offsets after the
 * 26-byte page header, items packed from the end of the page. A value item is either inline ({@code
 * H_KEYDATA}: type byte, then the bytes) or {@code H_OFFPAGE} (type, 3 pad bytes, first page
 * number, total length), stored on a chain of {@code P_OVERFLOW} (7) pages each holding {@code
 * hf_offset} bytes after its header and linked by {@code next_pgno}.
 *
 * <p>Pages are read one at a time by position (no mapping of the whole file); page numbers, item
 * offsets and chain lengths are checked against the file and each chain is cut at the first
 * repeated page, so a corrupt file costs at most one pass over its pages per chain.
 */
final class RpmBdbReader implements RpmDatabaseReader {
  static final int HASH_MAGIC = 0x061561;
  private static final int PAGE_HEADER = 26;
  private static final int P_HASH_UNSORTED = 2;
  private static final int P_OVERFLOW = 7;
  private static final int P_HASHMETA = 8;
  private static final int P_HASH = 13;
  private static final int H_KEYDATA = 1;
  private static final int H_OFFPAGE = 3;

  @Override
  public void read(Path file, int maxBlobBytes, RpmBlobSink sink) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 512) {
        throw new IOException("Berkeley DB file of " + size + " bytes is shorter than one page");
      }
      ByteBuffer meta = readAt(ch, 0, 512);
      ByteOrder order;
      if (meta.order(ByteOrder.LITTLE_ENDIAN).getInt(12) == HASH_MAGIC) {
        order = ByteOrder.LITTLE_ENDIAN;
      } else if (meta.order(ByteOrder.BIG_ENDIAN).getInt(12) == HASH_MAGIC) {
        order = ByteOrder.BIG_ENDIAN;
      } else {
        throw new IOException("not a Berkeley DB hash file (no magic 0x061561 at byte 12)");
      }
      meta.order(order);
      int pageSize = meta.getInt(20);
      if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
        throw new IOException("Berkeley DB page size " + Integer.toUnsignedString(pageSize));
      }
      if (meta.get(24) != 0) {
        throw new IOException("encrypted Berkeley DB is not supported");
      }
      if (meta.get(25) != P_HASHMETA) {
        throw new IOException("Berkeley DB metadata page has type " + meta.get(25) + ", not hash");
      }
      if ((meta.get(26) & 1) != 0) {
        throw new IOException("checksummed Berkeley DB pages are not supported");
      }
      long lastPage = Integer.toUnsignedLong(meta.getInt(32));
      long pagesInFile = size / pageSize;
      long pages = Math.min(lastPage + 1, pagesInFile);
      if (lastPage + 1 > pagesInFile) {
        sink.problem(
            "truncated: metadata names "
                + (lastPage + 1)
                + " pages, file holds "
                + pagesInFile
                + " of "
                + pageSize
                + " bytes");
      }
      Db db = new Db(ch, order, pageSize, pages, maxBlobBytes, sink);
      for (long pg = 1; pg < pages; pg++) {
        db.hashPage(pg);
      }
    }
  }

  private static ByteBuffer readAt(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (ch.read(b, position + b.position()) < 0) {
        throw new EOFException("unexpected end of file at byte " + (position + b.position()));
      }
    }
    return b.flip();
  }

  /** One open database: its geometry and where the blobs go. */
  private record Db(
      FileChannel ch,
      ByteOrder order,
      int pageSize,
      long pages,
      int maxBlobBytes,
      RpmBlobSink sink) {

    ByteBuffer page(long pg) throws IOException {
      return readAt(ch, pg * pageSize, pageSize).order(order);
    }

    void hashPage(long pg) throws IOException {
      ByteBuffer p = page(pg);
      int type = p.get(25);
      if (type != P_HASH && type != P_HASH_UNSORTED) {
        return; // overflow, free, or other pages: reached through the hash pages
      }
      int n = Short.toUnsignedInt(p.getShort(20));
      int itemsStart = PAGE_HEADER + 2 * n;
      if (itemsStart > pageSize) {
        sink.problem("page " + pg + " claims " + n + " items, more than fit in a page");
        return;
      }
      String key = null;
      int end = pageSize;
      for (int i = 0; i < n; i++) {
        int off = Short.toUnsignedInt(p.getShort(PAGE_HEADER + 2 * i));
        if (off < itemsStart || off >= end) {
          sink.problem("page " + pg + " item " + i + " has offset " + off + " outside its page");
          return;
        }
        int len = end - off;
        end = off;
        if (i % 2 == 0) {
          key = key(p, off, len);
        } else if (key != null) {
          value(pg, p, off, len, key);
        }
      }
    }

    /** The header number of a key item, or null for rpm's record 0 (the next free number). */
    private String key(ByteBuffer p, int off, int len) {
      if (p.get(off) == H_KEYDATA && len == 5) {
        int hnum = p.getInt(off + 1);
        return hnum == 0 ? null : "header " + Integer.toUnsignedString(hnum);
      }
      return "a record with a " + (len - 1) + "-byte key";
    }

    private void value(long pg, ByteBuffer p, int off, int len, String record) throws IOException {
      int type = p.get(off);
      if (type == H_KEYDATA && len - 1 > maxBlobBytes) {
        sink.problem(record + " of " + (len - 1) + " bytes exceeds the limit of " + maxBlobBytes);
      } else if (type == H_KEYDATA) {
        byte[] blob = new byte[len - 1];
        p.get(off + 1, blob);
        sink.blob(record, blob);
      } else if (type == H_OFFPAGE && len >= 12) {
        long first = Integer.toUnsignedLong(p.getInt(off + 4));
        long total = Integer.toUnsignedLong(p.getInt(off + 8));
        byte[] blob = overflow(first, total, record);
        if (blob != null) {
          sink.blob(record, blob);
        }
      } else {
        sink.problem(record + " on page " + pg + " has item type " + type + ", not a header");
      }
    }

    /** The bytes of an overflow chain, or null (and a problem) when the chain is bad. */
    private byte[] overflow(long first, long total, String record) throws IOException {
      if (total > maxBlobBytes) {
        sink.problem(record + " of " + total + " bytes exceeds the limit of " + maxBlobBytes);
        return null;
      }
      if (total > pages * (pageSize - PAGE_HEADER)) {
        sink.problem(record + " claims " + total + " bytes, more than the file holds");
        return null;
      }
      byte[] out = new byte[(int) total];
      int filled = 0;
      BitSet seen = new BitSet();
      long pg = first;
      while (pg != 0) {
        if (pg >= pages) {
          sink.problem(record + " continues on page " + pg + ", past the last page " + pages);
          return null;
        }
        if (seen.get((int) pg)) {
          sink.problem(record + " overflow chain loops back to page " + pg);
          return null;
        }
        seen.set((int) pg);
        ByteBuffer p = page(pg);
        if (p.get(25) != P_OVERFLOW) {
          sink.problem(record + " overflow chain reaches page " + pg + " of type " + p.get(25));
          return null;
        }
        int len = Short.toUnsignedInt(p.getShort(22));
        if (len > pageSize - PAGE_HEADER || len > total - filled) {
          sink.problem(record + " overflow page " + pg + " holds " + len + " bytes, too many");
          return null;
        }
        p.get(PAGE_HEADER, out, filled, len);
        filled += len;
        pg = Integer.toUnsignedLong(p.getInt(16));
      }
      if (filled != total) {
        sink.problem(record + " overflow chain holds " + filled + " of " + total + " bytes");
        return null;
      }
      return out;
    }
  }
}
