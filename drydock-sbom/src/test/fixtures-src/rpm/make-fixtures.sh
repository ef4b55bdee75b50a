#!/bin/sh
# Regenerates drydock-sbom/src/test/resources/rpm/ from the spec files beside this script.
# Needs (Debian 12): apt-get install -y rpm db5.3-util gnupg python3
#
#   sqlite/rpmdb.sqlite   rpm 4.18 --justdb installs of the built packages + an imported gpg key
#   bdb-le/Packages       the same header blobs in a Berkeley DB hash, little-endian, 4 KiB pages
#                         (headers stored inline as H_KEYDATA or on overflow pages)
#   bdb-be/Packages       the same, big-endian, 512-byte pages (every header on an overflow chain)
#   bdb-inline/Packages   the same, little-endian, 16 KiB pages (headers inline as H_KEYDATA)
#   ndb/Packages.db       the same blobs in rpm's NDB layout (rpmdb_convert.py)
#   expected-qa.txt       rpm -qa of the sqlite DB (the tests also ask rpm directly when present)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../resources/rpm"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1700000000

for spec in "$here"/*.spec; do
  rpmbuild --quiet -bb --define "_topdir $work/build" --define "_buildhost drydock.invalid" "$spec"
done

mkdir -p "$work/gnupg" && chmod 700 "$work/gnupg"
GNUPGHOME="$work/gnupg" gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
  --quick-gen-key 'Drydock Fixture Signing <fixture@drydock.invalid>' rsa2048 sign never
GNUPGHOME="$work/gnupg" gpg --batch --armor --export > "$work/key.asc"

db="$work/db"
mkdir -p "$db"
rpm --dbpath "$db" --define '_db_backend sqlite' --initdb
rpm --dbpath "$db" --define '_db_backend sqlite' -i --nodeps --justdb --ignorearch --ignoreos \
  "$work"/build/RPMS/*/*.rpm
rpm --dbpath "$db" --define '_db_backend sqlite' --import "$work/key.asc"
sqlite3 "$db/rpmdb.sqlite" 'PRAGMA journal_mode=DELETE; PRAGMA page_size=1024; VACUUM;' > /dev/null

rm -rf "$out" && mkdir -p "$out/sqlite" "$out/bdb-le" "$out/bdb-be" "$out/bdb-inline" "$out/ndb"
cp "$db/rpmdb.sqlite" "$out/sqlite/rpmdb.sqlite"
python3 "$here/rpmdb_convert.py" bdb-dump "$db/rpmdb.sqlite" "$work/le.dump" 1234
db5.3_load -t hash -c db_pagesize=4096 -c db_lorder=1234 -f "$work/le.dump" "$out/bdb-le/Packages"
python3 "$here/rpmdb_convert.py" bdb-dump "$db/rpmdb.sqlite" "$work/be.dump" 4321
db5.3_load -t hash -c db_pagesize=512 -c db_lorder=4321 -f "$work/be.dump" "$out/bdb-be/Packages"
db5.3_load -t hash -c db_pagesize=16384 -c db_lorder=1234 -f "$work/le.dump" "$out/bdb-inline/Packages"
python3 "$here/rpmdb_convert.py" ndb "$db/rpmdb.sqlite" "$out/ndb/Packages.db"
rpm --dbpath "$out/sqlite" --define '_db_backend sqlite' -qa \
  --qf '%{NAME}\t%{EPOCHNUM}\t%{VERSION}-%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\n' | sort > "$out/expected-qa.txt"
ls -l "$out"/*
