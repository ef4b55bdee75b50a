package io.drydock.sbom.rpm;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.Adler32;

/**
 * rpm's own "ndb" backend ({@code Packages.db}, SUSE since SLES 15 SP3 / openSUSE Leap 15.3).
 *
 * <p>Hand-written from rpm's {@code lib/backend/ndb/rpmpkg.c} (no other reader exists). All
 * integers are little-endian. A 32-byte header (magic {@code "RpmP"}, version 0, generation, number
 * of 4 KiB slot pages, next package index) shares the first slot page with 16-byte slots ({@code
 * "Slot"}, package index, block offset, block count; a block is 16 bytes; block offset 0 marks a
 * free slot). A used slot points at a blob: a 16-byte head ({@code "BlbS"}, package index,
 * timestamp, blob length), the header blob, zero padding, and a 12-byte tail (Adler-32 of head,
 * blob and padding; blob length; {@code "BlbE"}).
 *
 * <p>Every slot is checked against the file size before its blob is read, and the blob's length,
 * block count, tail and checksum must agree; a slot that fails is reported and skipped.
 */
final class RpmNdbReader implements RpmDatabaseReader {
  static final int MAGIC = 'R' | 'p' << 8 | 'm' << 16 | 'P' << 24;
  private static final int SLOT_MAGIC = 'S' | 'l' << 8 | 'o' << 16 | 't' << 24;
  private static final int BLOB_MAGIC = 'B' | 'l' << 8 | 'b' << 16 | 'S' << 24;
  private static final int TAIL_MAGIC = 'B' | 'l' << 8 | 'b' << 16 | 'E' << 24;
  private static final int PAGE = 4096;
  private static final int SLOT = 16;
  private static final int BLK = 16;
  private static final int HEAD = 16;
  private static final int TAIL = 12;

  @Override
  public void read(Path file, int maxBlobBytes, RpmBlobSink sink) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 32) {
        throw new IOException("NDB file of " + size + " bytes is shorter than its 32-byte header");
      }
      ByteBuffer header = readAt(ch, 0, 32);
      if (header.getInt(0) != MAGIC) {
        throw new IOException("not an NDB file (no magic RpmP)");
      }
      if (header.getInt(4) != 0) {
        throw new IOException("NDB version " + Integer.toUnsignedString(header.getInt(4)));
      }
      long slotPages = Integer.toUnsignedLong(header.getInt(12));
      if (slotPages == 0 || slotPages * PAGE > size) {
        throw new IOException(
            "NDB header names " + slotPages + " slot pages, file holds " + size + " bytes");
      }
      long firstBlobBlock = slotPages * (PAGE / BLK);
      long fileBlocks = size / BLK;
      for (long page = 0; page < slotPages; page++) {
        ByteBuffer slots = readAt(ch, page * PAGE, PAGE);
        for (int o = page == 0 ? 32 : 0; o < PAGE; o += SLOT) {
          long slotNo = page * (PAGE / SLOT) + o / SLOT;
          if (slots.getInt(o) != SLOT_MAGIC) {
            sink.problem("slot " + slotNo + " has no Slot magic; later slots not read");
            return;
          }
          long pkgIdx = Integer.toUnsignedLong(slots.getInt(o + 4));
          long blkOff = Integer.toUnsignedLong(slots.getInt(o + 8));
          long blkCnt = Integer.toUnsignedLong(slots.getInt(o + 12));
          if (blkOff == 0) {
            continue; // free slot
          }
          String record = "package " + pkgIdx + " (slot " + slotNo + ")";
          if (blkOff < firstBlobBlock
              || blkOff + blkCnt > fileBlocks
              || blkCnt * BLK < HEAD + TAIL) {
            sink.problem(
                record
                    + " points at blocks "
                    + blkOff
                    + "+"
                    + blkCnt
                    + " outside the blob area of "
                    + fileBlocks
                    + " blocks");
            continue;
          }
          byte[] blob = blob(ch, record, pkgIdx, blkOff, blkCnt, maxBlobBytes, sink);
          if (blob != null) {
            sink.blob(record, blob);
          }
        }
      }
    }
  }

  private static byte[] blob(
      FileChannel ch,
      String record,
      long pkgIdx,
      long blkOff,
      long blkCnt,
      int maxBlobBytes,
      RpmBlobSink sink)
      throws IOException {
    ByteBuffer head = readAt(ch, blkOff * BLK, HEAD);
    if (head.getInt(0) != BLOB_MAGIC || Integer.toUnsignedLong(head.getInt(4)) != pkgIdx) {
      sink.problem(record + " does not point at its blob");
      return null;
    }
    long length = Integer.toUnsignedLong(head.getInt(12));
    if (length > maxBlobBytes) {
      sink.problem(record + " of " + length + " bytes exceeds the limit of " + maxBlobBytes);
      return null;
    }
    if (blkCnt != (HEAD + length + TAIL + BLK - 1) / BLK) {
      sink.problem(
          record + " blob of " + length + " bytes does not fill its " + blkCnt + " blocks");
      return null;
    }
    ByteBuffer all = readAt(ch, blkOff * BLK, (int) (blkCnt * BLK));
    int tail = all.limit() - TAIL;
    Adler32 adler = new Adler32();
    adler.update(all.array(), 0, tail);
    if (Integer.toUnsignedLong(all.getInt(tail + 4)) != length
        || all.getInt(tail + 8) != TAIL_MAGIC) {
      sink.problem(record + " blob tail is damaged");
      return null;
    }
    if ((int) adler.getValue() != all.getInt(tail)) {
      sink.problem(record + " blob checksum mismatch");
      return null;
    }
    byte[] blob = new byte[(int) length];
    all.get(HEAD, blob);
    return blob;
  }

  private static ByteBuffer readAt(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b, position + b.position()) < 0) {
        throw new EOFException("unexpected end of file at byte " + (position + b.position()));
      }
    }
    return b.flip();
  }
}
