package io.drydock.sbom.rpm;

import io.drydock.sbom.ExtractContext;
import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.Extractor;
import io.drydock.sbom.FileInfo;
import io.drydock.sbom.FileInput;
import io.drydock.sbom.Package;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Installed rpm packages from the rpm database, in each of its three formats: SQLite ({@code
 * rpmdb.sqlite}: RHEL/Rocky/Alma 9, Fedora, Amazon Linux 2023), Berkeley DB hash ({@code Packages}:
 * RHEL/CentOS 7–8, Amazon Linux 2) and NDB ({@code Packages.db}: SUSE). The format is told by the
 * content (magic bytes), not the name.
 *
 * <p>Each package reports name, epoch ({@code null} when the header has none), version {@code
 * VERSION-RELEASE}, arch, the source rpm's name and {@code version-release}, its owned files
 * (image-relative, without the leading {@code /}) and the properties {@code rpm:vendor}, {@code
 * license} and {@code rpm:modularitylabel} when set. {@code gpg-pubkey} entries are skipped: they
 * are the keys rpm imported, not software (rpm -qa lists them; Trivy and Syft skip them too).
 *
 * <p>A damaged header or record becomes a diagnostic and the other packages still count; a file
 * that is no rpm database at all, or whose structure cannot be read, fails with an {@link
 * IOException} naming the file. An empty (0-byte) file is an empty database, as rpm treats it.
 * Stateless and thread-safe; reads {@link FileInput#file()} and writes nothing.
 */
public final class RpmExtractor implements Extractor {
  private static final Set<String> PATHS =
      Set.of(
          "var/lib/rpm/rpmdb.sqlite",
          "usr/lib/sysimage/rpm/rpmdb.sqlite",
          "var/lib/rpm/Packages",
          "usr/lib/sysimage/rpm/Packages",
          "var/lib/rpm/Packages.db",
          "usr/lib/sysimage/rpm/Packages.db");

  private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.UTF_8);

  @Override
  public String name() {
    return "os/rpm";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean required(FileInfo file) {
    return PATHS.contains(file.path());
  }

  @Override
  public ExtractResult extract(FileInput in, ExtractContext ctx) throws IOException {
    String where = in.info().path();
    byte[] magic;
    try (InputStream s = in.open()) {
      magic = s.readNBytes(16);
    }
    if (magic.length == 0) {
      return ExtractResult.empty();
    }
    RpmDatabaseReader reader = readerFor(magic);
    if (reader == null) {
      throw new IOException(
          where + ": not an rpm database (no SQLite, Berkeley DB hash or NDB magic)");
    }
    int maxBlob =
        (int) Math.min(ctx.limits().maxMetadataBytes(), (long) RpmHeader.MAX_DATA_BYTES + 8);
    Collector collector = new Collector(where);
    Path file = in.file();
    try {
      reader.read(file, maxBlob, collector);
    } catch (IOException e) {
      if (collector.packages.isEmpty()) {
        throw new IOException(where + ": " + e.getMessage(), e);
      }
      collector.problem(e.getMessage());
    }
    return ExtractResult.of(collector.packages, collector.diagnostics);
  }

  private static RpmDatabaseReader readerFor(byte[] magic) {
    if (magic.length >= 16 && Arrays.equals(magic, 0, 16, SQLITE_MAGIC, 0, 16)) {
      return new RpmSqliteReader();
    }
    ByteBuffer b = ByteBuffer.wrap(magic).order(ByteOrder.LITTLE_ENDIAN);
    if (magic.length >= 4 && b.getInt(0) == RpmNdbReader.MAGIC) {
      return new RpmNdbReader();
    }
    if (magic.length >= 16
        && (b.getInt(12) == RpmBdbReader.HASH_MAGIC
            || b.order(ByteOrder.BIG_ENDIAN).getInt(12) == RpmBdbReader.HASH_MAGIC)) {
      return new RpmBdbReader();
    }
    return null;
  }

  /** Turns blobs into packages and problems into diagnostics, for one file. */
  private static final class Collector implements RpmBlobSink {
    private final String where;
    final List<Package> packages = new ArrayList<>();
    final List<String> diagnostics = new ArrayList<>();

    Collector(String where) {
      this.where = where;
    }

    @Override
    public void blob(String record, byte[] blob) {
      try {
        Package p = toPackage(RpmHeader.parse(blob), record);
        if (p != null) {
          packages.add(p);
        }
      } catch (RpmHeaderException e) {
        problem(record + ": " + e.getMessage());
      }
    }

    @Override
    public void problem(String message) {
      diagnostics.add(where + ": " + message);
    }

    private Package toPackage(RpmHeader h, String record) {
      String name = h.string(RpmHeader.TAG_NAME);
      if (name == null || name.isEmpty()) {
        problem(record + ": header has no NAME");
        return null;
      }
      if (name.equals("gpg-pubkey")) {
        return null;
      }
      String version = h.string(RpmHeader.TAG_VERSION);
      String release = h.string(RpmHeader.TAG_RELEASE);
      if (version != null && release != null && !release.isEmpty()) {
        version = version + "-" + release;
      }
      String sourceName = null;
      String sourceVersion = null;
      String[] source = parseSourceRpm(h.string(RpmHeader.TAG_SOURCERPM));
      if (source != null) {
        sourceName = source[0];
        sourceVersion = source[1];
      }
      Map<String, String> props = new LinkedHashMap<>();
      putIfSet(props, "rpm:vendor", h.string(RpmHeader.TAG_VENDOR));
      putIfSet(props, "license", h.string(RpmHeader.TAG_LICENSE));
      putIfSet(props, "rpm:modularitylabel", h.string(RpmHeader.TAG_MODULARITYLABEL));
      return new Package(
          "rpm",
          name,
          version,
          h.string(RpmHeader.TAG_ARCH),
          sourceName,
          sourceVersion,
          h.int32(RpmHeader.TAG_EPOCH),
          where,
          files(h, record + " (" + name + ")"),
          props);
    }

    private List<String> files(RpmHeader h, String record) {
      List<String> raw;
      if (h.has(RpmHeader.TAG_BASENAMES)) {
        List<String> bases = h.stringArray(RpmHeader.TAG_BASENAMES);
        List<String> dirs = h.stringArray(RpmHeader.TAG_DIRNAMES);
        int[] index = h.int32Array(RpmHeader.TAG_DIRINDEXES);
        if (index.length != bases.size()) {
          problem(
              record
                  + ": "
                  + bases.size()
                  + " BASENAMES but "
                  + index.length
                  + " DIRINDEXES; files not listed");
          return List.of();
        }
        raw = new ArrayList<>(bases.size());
        for (int i = 0; i < index.length; i++) {
          if (index[i] < 0 || index[i] >= dirs.size()) {
            problem(record + ": DIRINDEXES value " + index[i] + " out of range; files not listed");
            return List.of();
          }
          raw.add(dirs.get(index[i]) + bases.get(i));
        }
      } else {
        raw = h.stringArray(RpmHeader.TAG_OLDFILENAMES);
      }
      List<String> out = new ArrayList<>(raw.size());
      int bad = 0;
      for (String r : raw) {
        String p = imagePath(r);
        if (p == null) {
          bad++;
        } else if (!p.isEmpty()) {
          out.add(p);
        }
      }
      if (bad > 0) {
        problem(record + ": " + bad + " file paths with . or .. segments skipped");
      }
      return out;
    }
  }

  private static void putIfSet(Map<String, String> props, String key, String value) {
    if (value != null && !value.isEmpty()) {
      props.put(key, value);
    }
  }

  /**
   * {@code name-version-release.src.rpm} (or {@code .nosrc.rpm}) to {@code {name,
   * version-release}}; {@code null} when absent or not of that shape.
   */
  static String[] parseSourceRpm(String sourceRpm) {
    if (sourceRpm == null) {
      return null;
    }
    String s;
    if (sourceRpm.endsWith(".src.rpm")) {
      s = sourceRpm.substring(0, sourceRpm.length() - ".src.rpm".length());
    } else if (sourceRpm.endsWith(".nosrc.rpm")) {
      s = sourceRpm.substring(0, sourceRpm.length() - ".nosrc.rpm".length());
    } else {
      return null;
    }
    int releaseDash = s.lastIndexOf('-');
    int versionDash = releaseDash <= 0 ? -1 : s.lastIndexOf('-', releaseDash - 1);
    if (versionDash <= 0 || releaseDash == s.length() - 1 || versionDash + 1 == releaseDash) {
      return null;
    }
    return new String[] {s.substring(0, versionDash), s.substring(versionDash + 1)};
  }

  /**
   * An rpm file path as an image-relative path: leading and doubled {@code /} dropped; {@code null}
   * when a segment is {@code .} or {@code ..}; {@code ""} for the root itself.
   */
  static String imagePath(String rpmPath) {
    StringBuilder out = new StringBuilder(rpmPath.length());
    for (String seg : rpmPath.split("/", -1)) {
      if (seg.isEmpty()) {
        continue;
      }
      if (seg.equals(".") || seg.equals("..")) {
        return null;
      }
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(seg);
    }
    return out.toString();
  }
}
