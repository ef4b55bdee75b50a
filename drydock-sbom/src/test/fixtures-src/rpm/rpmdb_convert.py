#!/usr/bin/env python3
"""Copies the header blobs of an rpm sqlite database into the other two rpm database formats.

rpm stores the same header blob (headerExport) in every backend, so the blobs rpm wrote into
rpmdb.sqlite are exactly what it would write into a Berkeley DB ``Packages`` or an NDB
``Packages.db``. Debian's rpm 4.18 can write neither (bdb is read-only, ndb is not built), so:

  bdb-dump SQLITE OUT   writes a db_dump "bytevalue" dump for ``db5.3_load -t hash``: key = the
                        header number as a 4-byte integer in the byte order of the database (rpm
                        uses the host's), plus rpm's record 0 (the next free header number)
  ndb SQLITE OUT        writes an NDB Packages.db laid out as rpm's lib/backend/ndb/rpmpkg.c does:
                        32-byte header "RpmP", one 4 KiB slot page of 16-byte "Slot" entries,
                        then 16-byte blocks holding "BlbS" head + blob + zero pad + adler32 tail
"""
import sqlite3
import struct
import sys
import zlib


def blobs(path):
    con = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return [(h, bytes(b)) for h, b in con.execute("SELECT hnum, blob FROM Packages ORDER BY hnum")]
    finally:
        con.close()


def bdb_dump(src, out, order):
    rows = blobs(src)
    fmt = "<I" if order == "1234" else ">I"
    with open(out, "w") as f:
        f.write("VERSION=3\nformat=bytevalue\ntype=hash\nHEADER=END\n")
        nxt = max((h for h, _ in rows), default=0) + 1
        f.write(" " + struct.pack(fmt, 0).hex() + "\n " + struct.pack(fmt, nxt).hex() + "\n")
        for h, b in rows:
            f.write(" " + struct.pack(fmt, h).hex() + "\n " + b.hex() + "\n")
        f.write("DATA=END\n")


def ndb(src, out):
    rows = blobs(src)
    page = 4096
    blk = 16
    slots = bytearray()
    data = bytearray()
    blkoff = page // blk  # blobs start after the single slot page
    for h, b in rows:
        head = struct.pack("<4sIII", b"BlbS", h, 1700000000, len(b))
        blkcnt = (16 + len(b) + 12 + blk - 1) // blk
        pad = blkcnt * blk - (16 + len(b) + 12)
        body = head + b + bytes(pad)
        tail = struct.pack("<II4s", zlib.adler32(body) & 0xFFFFFFFF, len(b), b"BlbE")
        data += body + tail
        slots += struct.pack("<4sIII", b"Slot", h, blkoff, blkcnt)
        blkoff += blkcnt
    nslots = (page - 32) // 16
    assert len(rows) <= nslots
    slots += struct.pack("<4sIII", b"Slot", 0, 0, 0) * (nslots - len(rows))
    nextidx = max((h for h, _ in rows), default=0) + 1
    header = struct.pack("<4sIIII12x", b"RpmP", 0, 1, 1, nextidx)
    with open(out, "wb") as f:
        f.write(header + slots + data)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "bdb-dump":
        bdb_dump(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "1234")
    elif cmd == "ndb":
        ndb(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: rpmdb_convert.py bdb-dump|ndb SQLITE OUT [lorder]")
