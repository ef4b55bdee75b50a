package io.drydock.sbom.lang;

import io.drydock.sbom.ExtractContext;
import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.Extractor;
import io.drydock.sbom.FileInfo;
import io.drydock.sbom.FileInput;
import io.drydock.sbom.Limits;
import io.drydock.sbom.Package;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Java archives ({@code .jar}, {@code .war}, {@code .ear} and their relatives) as Maven packages,
 * including archives nested in archives (Spring Boot {@code BOOT-INF/lib}, {@code WEB-INF/lib}, ear
 * modules, jars in jars).
 *
 * <p>Identity of each archive, in order: every {@code META-INF/maven/<g>/<a>/pom.properties} (a
 * shaded jar carries several, each its own package); when none names the archive itself, the main
 * section of {@code META-INF/MANIFEST.MF} (groupId guessed from {@code Bundle-SymbolicName}, {@code
 * Implementation-Vendor-Id} and {@code Automatic-Module-Name}, as Trivy and Syft do); then the file
 * name ({@code name-1.2.3.jar}). Property {@code java:identified-by} says which ({@code
 * pom.properties}, {@code manifest}, {@code filename}); {@code java:sha1} is the SHA-1 of the
 * archive the package was found in (for a nested archive: of that nested archive; for a top-level
 * archive only when it was identified by manifest or file name).
 *
 * <p>The top-level archive is read with random access ({@link ZipFile} over {@link
 * FileInput#file()}); nested archives are streamed ({@link ZipInputStream}), nothing is unpacked to
 * disk. {@link Limits#maxNestingDepth()}, {@link Limits#maxArchiveEntries()} and {@link
 * Limits#maxDecompressedBytes()} hold for the whole tree: past them the walk stops with a
 * diagnostic and keeps what it found. A top-level archive without a readable central directory
 * (truncated) is streamed from its start instead. Stateless and thread-safe.
 */
public final class JavaArchiveExtractor implements Extractor {
  static final String TYPE = "maven";

  private static final List<String> EXTENSIONS =
      List.of(".jar", ".war", ".ear", ".par", ".sar", ".jpi", ".hpi", ".kar", ".nar");

  /** Longest groupId, artifactId or version taken from a file; longer values are not identities. */
  static final int MAX_FIELD = 256;

  /** pom.properties and MANIFEST.MF are a few KB; a bigger one is not metadata. */
  private static final long MAX_ENTRY_METADATA = 1L << 20;

  private static final Pattern ID_LIKE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");
  private static final Pattern REVERSE_DNS =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)+");
  private static final Pattern VERSION_LIKE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+~-]*");

  @Override
  public String name() {
    return "lang/java";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public boolean required(FileInfo file) {
    return isArchiveName(file.name());
  }

  static boolean isArchiveName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String ext : EXTENSIONS) {
      if (lower.endsWith(ext) && lower.length() > ext.length()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public ExtractResult extract(FileInput in, ExtractContext ctx) throws IOException {
    String path = in.info().path();
    Path file = in.file();
    Walk walk = new Walk(ctx.limits());
    Level top = new Level(path, baseName(path), 1, null);
    // The top-level SHA-1 is computed only for archives identified by manifest or file name (see
    // Level.finish): that is when a consumer needs it to look the artifact up, and hashing every
    // jar costs a short scan more than reading its metadata.
    top.file = file;
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (IOException | RuntimeException e) {
      // No readable central directory: a truncated archive, or not a zip at all. Stream it from
      // its start, which recovers the entries before the damage.
      return streamTopLevel(in, top, walk, oneLine(e));
    }
    try (zip) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        walk.countEntry(path);
        if (e.isDirectory() || !wanted(e.getName())) {
          continue;
        }
        try (InputStream raw = zip.getInputStream(e)) {
          handleEntry(top, e.getName(), walk.count(raw), walk);
        } catch (LimitExceeded x) {
          throw x;
        } catch (IOException | RuntimeException x) {
          // one bad entry (unsupported method, bad CRC) does not hide the others
          walk.diagnostics.add(path + "!/" + e.getName() + ": unreadable entry: " + oneLine(x));
        }
      }
    } catch (LimitExceeded e) {
      walk.diagnostics.add(e.getMessage());
    } catch (IOException | RuntimeException e) {
      walk.diagnostics.add(path + ": archive unreadable after some entries: " + oneLine(e));
    }
    top.finish(walk);
    return ExtractResult.of(walk.packages(), walk.diagnostics);
  }

  private ExtractResult streamTopLevel(FileInput in, Level top, Walk walk, String why)
      throws IOException {
    String path = top.location;
    try (InputStream raw = in.open()) {
      scanStream(top, raw, walk);
    } catch (LimitExceeded e) {
      walk.diagnostics.add(e.getMessage());
    } catch (IOException | RuntimeException e) {
      top.damaged = oneLine(e);
    }
    if (top.entries == 0) {
      return ExtractResult.diagnostic(path + ": not a zip archive (" + why + ")");
    }
    walk.diagnostics.add(
        path
            + ": no zip central directory ("
            + why
            + "); read "
            + top.entries
            + " entries by streaming"
            + (top.damaged == null ? "" : ", then: " + top.damaged));
    top.finish(walk);
    return ExtractResult.of(walk.packages(), walk.diagnostics);
  }

  /** Whether an entry's content is worth opening at all. */
  private static boolean wanted(String name) {
    return isPomProperties(name)
        || name.equalsIgnoreCase("META-INF/MANIFEST.MF")
        || isArchiveName(name);
  }

  private static boolean isPomProperties(String name) {
    int i = name.lastIndexOf("META-INF/maven/");
    if (i < 0 || !name.endsWith("/pom.properties")) {
      return false;
    }
    String rest = name.substring(i + "META-INF/maven/".length());
    return rest.split("/", -1).length == 3;
  }

  /** Streams the archive in {@code raw} (not closed here) entry by entry into {@code level}. */
  private void scanStream(Level level, InputStream raw, Walk walk) throws IOException {
    ZipInputStream zis = new ZipInputStream(raw);
    ZipEntry e;
    while ((e = zis.getNextEntry()) != null) {
      walk.countEntry(level.location);
      level.entries++;
      // Every decompressed byte goes through walk.count, also those of skipped entries: that is
      // what bounds a zip bomb.
      InputStream entry = walk.count(new NonClosing(zis));
      if (!e.isDirectory() && wanted(e.getName())) {
        handleEntry(level, e.getName(), entry, walk);
      }
      entry.transferTo(OutputStream.nullOutputStream());
    }
  }

  private void handleEntry(Level level, String name, InputStream content, Walk walk)
      throws IOException {
    if (isPomProperties(name)) {
      byte[] b = readMetadata(level, name, content, walk);
      if (b != null) {
        level.addPomProperties(name, b, walk);
      }
    } else if (name.equalsIgnoreCase("META-INF/MANIFEST.MF")) {
      byte[] b = readMetadata(level, name, content, walk);
      if (b != null) {
        level.readManifest(b, walk);
      }
    } else {
      nested(level, name, content, walk);
    }
  }

  private void nested(Level parent, String name, InputStream content, Walk walk)
      throws IOException {
    String member = safeMember(name);
    if (member == null) {
      walk.diagnostics.add(parent.location + "!/" + name + ": unsafe entry name; not analysed");
      return;
    }
    String location = parent.location + "!/" + member;
    if (parent.depth + 1 > walk.limits.maxNestingDepth()) {
      walk.diagnostics.add(
          location
              + ": nested deeper than maxNestingDepth="
              + walk.limits.maxNestingDepth()
              + "; not analysed");
      return;
    }
    Level child = new Level(location, baseName(member), parent.depth + 1, parent);
    MessageDigest sha1 = newSha1();
    DigestInputStream digested = new DigestInputStream(content, sha1);
    try {
      scanStream(child, digested, walk);
      digested.transferTo(OutputStream.nullOutputStream());
      child.sha1 = HexFormat.of().formatHex(sha1.digest());
    } catch (LimitExceeded e) {
      child.finish(walk);
      throw e;
    } catch (IOException | RuntimeException e) {
      walk.diagnostics.add(location + ": nested archive unreadable: " + oneLine(e));
    }
    if (child.entries > 0) {
      child.finish(walk);
    }
  }

  private static byte[] readMetadata(Level level, String name, InputStream in, Walk walk)
      throws IOException {
    long max = Math.min(MAX_ENTRY_METADATA, walk.limits.maxMetadataBytes());
    byte[] b = in.readNBytes((int) max + 1);
    if (b.length > max) {
      walk.diagnostics.add(
          level.location + "!/" + name + ": over " + max + " bytes; not read as metadata");
      return null;
    }
    return b;
  }

  /** A nested entry name as a relative path, or {@code null} when it escapes ({@code ..}). */
  static String safeMember(String name) {
    String n = name.replace('\\', '/');
    while (n.startsWith("/")) {
      n = n.substring(1);
    }
    for (String seg : n.split("/", -1)) {
      if (seg.equals("..")) {
        return null;
      }
    }
    return n.isEmpty() ? null : n;
  }

  private static String baseName(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage();
    String s = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    return s.replaceAll("\\s+", " ").trim();
  }

  private static String sha1(Path file) throws IOException {
    MessageDigest md = newSha1();
    try (InputStream in = new DigestInputStream(java.nio.file.Files.newInputStream(file), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest newSha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JDK", e);
    }
  }

  /** Identity parsed from a file name: {@code log4j-core-2.14.1.jar} → log4j-core, 2.14.1. */
  record FileNameId(String artifactId, String version) {
    static FileNameId parse(String fileName) {
      int dot = fileName.lastIndexOf('.');
      String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
      for (int i = 1; i < stem.length() - 1; i++) {
        if (stem.charAt(i) == '-' && Character.isDigit(stem.charAt(i + 1))) {
          String a = stem.substring(0, i);
          String v = stem.substring(i + 1);
          if (sane(a, ID_LIKE) && sane(v, VERSION_LIKE)) {
            return new FileNameId(a, v);
          }
          return null;
        }
      }
      return null;
    }
  }

  static boolean sane(String v, Pattern p) {
    return v != null && !v.isEmpty() && v.length() <= MAX_FIELD && p.matcher(v).matches();
  }

  /** One archive being read: what it says about itself so far. Not thread-safe (one walk). */
  private static final class Level {
    final String location;
    final String fileName;
    final int depth;
    final Level parent;
    final List<Package> pomPackages = new ArrayList<>();
    final List<Package> children = new ArrayList<>();
    Attributes manifest;
    String sha1;
    Path file;
    int entries;
    String damaged;

    Level(String location, String fileName, int depth, Level parent) {
      this.location = location;
      this.fileName = fileName;
      this.depth = depth;
      this.parent = parent;
    }

    void addPomProperties(String entry, byte[] content, Walk walk) {
      Properties p = new Properties();
      try {
        p.load(new ByteArrayInputStream(content));
      } catch (IOException | IllegalArgumentException e) {
        walk.diagnostics.add(
            location + "!/" + entry + ": unreadable pom.properties: " + oneLine(e));
        return;
      }
      String[] seg = entry.substring(entry.lastIndexOf("META-INF/maven/") + 15).split("/");
      String g = trim(p.getProperty("groupId", seg[0]));
      String a = trim(p.getProperty("artifactId", seg[1]));
      String v = trim(p.getProperty("version"));
      if (!sane(g, ID_LIKE) || !sane(a, ID_LIKE) || !sane(v, VERSION_LIKE)) {
        walk.diagnostics.add(
            location
                + "!/"
                + entry
                + ": pom.properties without a usable groupId, artifactId and version; skipped");
        return;
      }
      Map<String, String> props = new LinkedHashMap<>();
      props.put("java:identified-by", "pom.properties");
      props.put("java:pom-properties", entry);
      pomPackages.add(pkg(g + ":" + a, v, props));
    }

    void readManifest(byte[] content, Walk walk) {
      try {
        manifest = new Manifest(new ByteArrayInputStream(content)).getMainAttributes();
      } catch (IOException | RuntimeException e) {
        walk.diagnostics.add(location + "!/META-INF/MANIFEST.MF: unreadable: " + oneLine(e));
      }
    }

    Package pkg(String name, String version, Map<String, String> props) {
      Map<String, String> all = new LinkedHashMap<>(props);
      if (sha1 != null) {
        all.put("java:sha1", sha1);
      }
      return new Package(TYPE, name, version, null, null, null, null, location, null, all);
    }

    /** Emits this archive's packages, then its children's, to the parent or the walk. */
    void finish(Walk walk) {
      List<Package> own = new ArrayList<>();
      for (Package p : pomPackages) {
        own.add(p.withProperties(withSha1(p.properties())));
      }
      FileNameId fromName = FileNameId.parse(fileName);
      boolean namesItself = false;
      for (Package p : pomPackages) {
        namesItself |=
            fromName != null
                && p.name().endsWith(":" + fromName.artifactId())
                && p.version().equals(fromName.version());
      }
      // Like Trivy: pom.properties of other artifacts (a shaded jar's) do not name this archive
      // when its file name says otherwise; then the manifest or file name does.
      if (pomPackages.isEmpty() || (fromName != null && !namesItself)) {
        if (sha1 == null && file != null) {
          try {
            sha1 = sha1(file);
          } catch (IOException e) {
            walk.diagnostics.add(location + ": cannot be hashed: " + oneLine(e));
          }
        }
        Package self = selfIdentity(fromName);
        if (self != null) {
          own.add(self);
        }
      }
      own.addAll(children);
      if (parent != null) {
        parent.children.addAll(own);
      } else {
        walk.found.addAll(own);
      }
    }

    private Map<String, String> withSha1(Map<String, String> props) {
      Map<String, String> all = new LinkedHashMap<>(props);
      if (sha1 != null) {
        all.put("java:sha1", sha1);
      }
      return all;
    }

    private Package selfIdentity(FileNameId fromName) {
      Package m = manifestIdentity(fromName);
      if (m != null) {
        return m;
      }
      if (fromName != null) {
        return pkg(
            fromName.artifactId(), fromName.version(), Map.of("java:identified-by", "filename"));
      }
      return null;
    }

    /**
     * The archive's identity from its manifest, or {@code null}. artifactId: the file name's, else
     * an id-like Implementation-Title; version: Implementation-Version, Bundle-Version,
     * Specification-Version, else the file name's. At least one of the two must come from the
     * manifest. groupId (may stay unknown): see {@link #guessGroupId}.
     */
    private Package manifestIdentity(FileNameId fromName) {
      if (manifest == null) {
        return null;
      }
      String title = attr("Implementation-Title");
      String artifactId = fromName != null ? fromName.artifactId() : null;
      boolean fromManifest = false;
      if (artifactId == null && sane(title, ID_LIKE)) {
        artifactId = title;
        fromManifest = true;
      }
      String version = null;
      for (String key :
          List.of("Implementation-Version", "Bundle-Version", "Specification-Version")) {
        String v = attr(key);
        if (version == null && sane(v, VERSION_LIKE)) {
          version = v;
          fromManifest = true;
        }
      }
      if (version == null && fromName != null) {
        version = fromName.version();
      }
      if (artifactId == null || version == null || !fromManifest) {
        return null;
      }
      String groupId = guessGroupId(artifactId);
      String name = groupId == null ? artifactId : groupId + ":" + artifactId;
      return pkg(name, version, Map.of("java:identified-by", "manifest"));
    }

    /**
     * Guesses a groupId from the manifest, strongest signal first: a Bundle-SymbolicName or
     * Automatic-Module-Name that is {@code <group>.<artifactId>}; Implementation-Vendor-Id; a
     * reverse-DNS Bundle-SymbolicName as a whole (Syft); an Automatic-Module-Name without its last
     * segment (Trivy does this for the symbolic name). Values that do not look like reverse DNS
     * ({@code junit.org}, {@code The Apache Software Foundation}) are never used.
     */
    private String guessGroupId(String artifactId) {
      String bsn = attr("Bundle-SymbolicName");
      if (bsn != null) {
        bsn = bsn.split(";", 2)[0].trim();
      }
      String amn = attr("Automatic-Module-Name");
      for (String v : new String[] {bsn, amn}) {
        if (v != null && v.endsWith("." + artifactId)) {
          String g = v.substring(0, v.length() - artifactId.length() - 1);
          if (sane(g, REVERSE_DNS)) {
            return g;
          }
        }
      }
      String vendorId = attr("Implementation-Vendor-Id");
      if (sane(vendorId, REVERSE_DNS)) {
        return vendorId;
      }
      if (sane(bsn, REVERSE_DNS)) {
        return bsn;
      }
      if (amn != null && amn.lastIndexOf('.') > 0) {
        String g = amn.substring(0, amn.lastIndexOf('.'));
        if (sane(g, REVERSE_DNS)) {
          return g;
        }
      }
      return null;
    }

    private String attr(String key) {
      String v = manifest.getValue(key);
      return v == null ? null : trim(v);
    }

    private static String trim(String s) {
      return s == null ? null : s.trim();
    }
  }

  /** State of one top-level extraction: budgets, results, diagnostics. Not thread-safe. */
  private static final class Walk {
    final Limits limits;
    final List<Package> found = new ArrayList<>();
    final List<String> diagnostics = new ArrayList<>();
    long entries;
    long bytes;

    Walk(Limits limits) {
      this.limits = limits;
    }

    void countEntry(String where) throws LimitExceeded {
      if (++entries > limits.maxArchiveEntries()) {
        throw new LimitExceeded(
            where
                + ": more than maxArchiveEntries="
                + limits.maxArchiveEntries()
                + " entries in the archive tree; stopped there");
      }
    }

    InputStream count(InputStream in) {
      return new FilterInputStream(in) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b >= 0) {
            add(1);
          }
          return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
          int n = super.read(buf, off, len);
          if (n > 0) {
            add(n);
          }
          return n;
        }

        @Override
        public long skip(long n) throws IOException {
          // Route skips through read so that they are counted.
          byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
          int r = read(buf, 0, (int) Math.min(buf.length, n));
          return Math.max(r, 0);
        }
      };
    }

    private void add(long n) throws LimitExceeded {
      bytes += n;
      if (bytes > limits.maxDecompressedBytes()) {
        throw new LimitExceeded(
            "more than maxDecompressedBytes="
                + limits.maxDecompressedBytes()
                + " bytes decompressed from the archive tree; stopped there (zip bomb?)");
      }
    }

    /** The packages found, each (name, version, location) once. */
    List<Package> packages() {
      Map<String, Package> unique = new LinkedHashMap<>();
      for (Package p : found) {
        unique.putIfAbsent(p.name() + '\0' + p.version() + '\0' + p.location(), p);
      }
      return List.copyOf(unique.values());
    }
  }

  /** A limit of {@link Limits} was reached: the walk stops, the results so far stay. */
  private static final class LimitExceeded extends IOException {
    private static final long serialVersionUID = 1L;

    LimitExceeded(String message) {
      super(message);
    }
  }

  /** The current entry of a {@link ZipInputStream}, which its reader must not close. */
  private static final class NonClosing extends FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // the enclosing archive's stream stays open for its next entry
    }
  }
}
