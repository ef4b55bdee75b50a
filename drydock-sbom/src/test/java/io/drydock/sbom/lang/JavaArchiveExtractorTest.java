package io.drydock.sbom.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.drydock.sbom.ExtractContext;
import io.drydock.sbom.ExtractResult;
import io.drydock.sbom.FileInfo;
import io.drydock.sbom.FileInputs;
import io.drydock.sbom.Limits;
import io.drydock.sbom.Package;
import io.drydock.testing.Testbed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real jars from the local Maven repository (the test classpath's own dependencies), combined in
 * code into shaded jars, fat jars, wars and ears, plus the testbed's app image.
 */
class JavaArchiveExtractorTest {
  private final JavaArchiveExtractor extractor = new JavaArchiveExtractor();

  @TempDir Path tmp;

  // Real jars as Maven Central published them, found through classes on the test classpath.
  private static final Path COMMONS_COMPRESS =
      jarOf(org.apache.commons.compress.archivers.ArchiveEntry.class);
  private static final Path PACKAGEURL = jarOf(com.github.packageurl.PackageURL.class);
  private static final Path JACKSON_CORE = jarOf(tools.jackson.core.JsonParser.class);
  private static final Path JUNIT_API = jarOf(org.junit.jupiter.api.Test.class);

  private static Path jarOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The version directory of a jar in the Maven repository layout. */
  private static String repoVersion(Path jar) {
    return jar.getParent().getFileName().toString();
  }

  private ExtractResult extract(String imagePath, Path file, Limits limits) throws IOException {
    return extractor.extract(
        FileInputs.ofFile(imagePath, file), new ExtractContext(limits, tmp.resolve("x"), "test"));
  }

  private ExtractResult extract(String imagePath, Path file) throws IOException {
    return extract(imagePath, file, Limits.defaults());
  }

  private static Package find(ExtractResult r, String name) {
    return r.packages().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in " + r.packages()));
  }

  @Test
  void requiredMatchesJavaArchiveExtensionsCaseInsensitively() {
    for (String ok :
        List.of(
            "a.jar",
            "b/c.WAR",
            "x.ear",
            "x.par",
            "x.sar",
            "x.jpi",
            "plugins/x.hpi",
            "x.kar",
            "x.Nar")) {
      assertThat(extractor.required(new FileInfo(ok, 1, 0644))).as(ok).isTrue();
    }
    for (String no : List.of("a.jar.sha1", "a.jarx", "a.zip", ".jar", "jar")) {
      assertThat(extractor.required(new FileInfo(no, 1, 0644))).as(no).isFalse();
    }
  }

  @Test
  void valid_realJarIsIdentifiedByPomPropertiesWithSha1() throws Exception {
    ExtractResult r = extract("opt/lib/commons-compress.jar", COMMONS_COMPRESS);

    assertThat(r.diagnostics()).isEmpty();
    assertThat(r.packages()).hasSize(1);
    Package p = r.packages().get(0);
    assertThat(p.type()).isEqualTo("maven");
    assertThat(p.name()).isEqualTo("org.apache.commons:commons-compress");
    assertThat(p.version()).isEqualTo(repoVersion(COMMONS_COMPRESS));
    assertThat(p.location()).isEqualTo("opt/lib/commons-compress.jar");
    assertThat(p.properties())
        .containsEntry("java:identified-by", "pom.properties")
        .containsEntry(
            "java:pom-properties",
            "META-INF/maven/org.apache.commons/commons-compress/pom.properties")
        // identified by pom.properties: no need to hash the top-level archive
        .doesNotContainKey("java:sha1");
  }

  @Test
  void shadedJarReportsEachPomPropertiesAndItselfByFileName() throws Exception {
    Zip shaded = new Zip();
    for (Path real : List.of(COMMONS_COMPRESS, PACKAGEURL, JACKSON_CORE)) {
      copyEntries(real, shaded, name -> name.startsWith("META-INF/maven/"));
    }
    shaded.add("com/example/Main.class", new byte[] {(byte) 0xca, (byte) 0xfe});
    Path jar = shaded.write(tmp.resolve("shaded-app-1.0.jar"));

    ExtractResult r = extract("app/shaded-app-1.0.jar", jar);

    assertThat(r.diagnostics()).isEmpty();
    assertThat(r.packages())
        .extracting(Package::name, Package::version, p -> p.properties().get("java:identified-by"))
        .containsExactlyInAnyOrder(
            tuple(
                "org.apache.commons:commons-compress",
                repoVersion(COMMONS_COMPRESS),
                "pom.properties"),
            tuple(
                "com.github.package-url:packageurl-java",
                repoVersion(PACKAGEURL),
                "pom.properties"),
            tuple("tools.jackson.core:jackson-core", repoVersion(JACKSON_CORE), "pom.properties"),
            tuple("shaded-app", "1.0", "filename"));
    assertThat(r.packages())
        .allSatisfy(p -> assertThat(p.location()).isEqualTo("app/shaded-app-1.0.jar"));
  }

  @Test
  void springBootFatJarFindsNestedLibsWithTheirLocationAndSha1() throws Exception {
    Zip boot = new Zip();
    boot.add(
        "META-INF/maven/com.example/demo/pom.properties",
        "groupId=com.example\nartifactId=demo\nversion=0.0.1-SNAPSHOT\n");
    boot.add("BOOT-INF/classes/com/example/Demo.class", new byte[] {1, 2, 3});
    // Spring Boot stores nested jars uncompressed
    boot.addStored("BOOT-INF/lib/commons-compress-x.jar", Files.readAllBytes(COMMONS_COMPRESS));
    boot.addStored("BOOT-INF/lib/junit-jupiter-api.jar", Files.readAllBytes(JUNIT_API));
    boot.add("BOOT-INF/lib/jackson-core.jar", Files.readAllBytes(JACKSON_CORE));
    Path jar = boot.write(tmp.resolve("demo-0.0.1-SNAPSHOT.jar"));

    ExtractResult r = extract("app/demo-0.0.1-SNAPSHOT.jar", jar);

    assertThat(r.diagnostics()).isEmpty();
    assertThat(r.packages()).hasSize(4);
    assertThat(find(r, "com.example:demo").location()).isEqualTo("app/demo-0.0.1-SNAPSHOT.jar");
    Package cc = find(r, "org.apache.commons:commons-compress");
    assertThat(cc.location())
        .isEqualTo("app/demo-0.0.1-SNAPSHOT.jar!/BOOT-INF/lib/commons-compress-x.jar");
    assertThat(cc.properties())
        .containsEntry("java:sha1", sha1(Files.readAllBytes(COMMONS_COMPRESS)));
    Package jackson = find(r, "tools.jackson.core:jackson-core");
    assertThat(jackson.location()).endsWith("!/BOOT-INF/lib/jackson-core.jar");
    // junit-jupiter-api is built by Gradle: no pom.properties, only a manifest, and its vendor
    // (junit.org) is not a groupId, so the group stays unknown rather than guessed wrong
    Package junit = find(r, "junit-jupiter-api");
    assertThat(junit.version()).isEqualTo(repoVersion(JUNIT_API));
    assertThat(junit.properties()).containsEntry("java:identified-by", "manifest");
  }

  @Test
  void warWithWebInfLibAndEarWithWarAreWalkedRecursively() throws Exception {
    Zip war = new Zip();
    war.add("WEB-INF/web.xml", "<web-app/>");
    war.add("WEB-INF/lib/packageurl-java-1.5.0.jar", Files.readAllBytes(PACKAGEURL));
    byte[] warBytes = war.bytes();
    Zip ear = new Zip();
    ear.add("META-INF/application.xml", "<application/>");
    ear.add("web.war", warBytes);
    Path earFile = ear.write(tmp.resolve("shop.ear"));

    ExtractResult r = extract("srv/shop.ear", earFile);

    assertThat(r.diagnostics()).isEmpty();
    // shop.ear and web.war carry no metadata and no version in their names: no package for them
    assertThat(r.packages())
        .extracting(Package::name, Package::location)
        .containsExactly(
            tuple(
                "com.github.package-url:packageurl-java",
                "srv/shop.ear!/web.war!/WEB-INF/lib/packageurl-java-1.5.0.jar"));
  }

  @Test
  void nestedLimits_jarInJarInJarPastDepthLimitIsADiagnosticAndKeepsTheOuterLevels()
      throws Exception {
    Zip level3 = new Zip();
    copyEntries(PACKAGEURL, level3, n -> true);
    Zip level2 = new Zip();
    copyEntries(COMMONS_COMPRESS, level2, n -> n.startsWith("META-INF/"));
    level2.add("lib/inner.jar", level3.bytes());
    Zip level1 = new Zip();
    level1.add("META-INF/maven/com.example/outer/pom.properties", pom("com.example", "outer", "1"));
    level1.add("lib/middle.jar", level2.bytes());
    Path jar = level1.write(tmp.resolve("outer.jar"));
    Limits depth2 = new Limits(1L << 30, 1L << 20, 2, 10_000, 1L << 30);

    ExtractResult r = extract("outer.jar", jar, depth2);

    assertThat(r.packages())
        .extracting(Package::name)
        .containsExactly("com.example:outer", "org.apache.commons:commons-compress");
    assertThat(r.diagnostics())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("outer.jar!/lib/middle.jar!/lib/inner.jar")
        .contains("maxNestingDepth=2");

    // and with the default depth (4) the innermost jar is found too
    assertThat(extract("outer.jar", jar).packages())
        .extracting(Package::name, Package::location)
        .contains(
            tuple(
                "com.github.package-url:packageurl-java",
                "outer.jar!/lib/middle.jar!/lib/inner.jar"));
  }

  @Test
  void nestedLimits_zipBombStopsAtMaxDecompressedBytesAndKeepsEarlierResults() throws Exception {
    Zip bomb = new Zip();
    bomb.add("zeros.bin", new byte[32 << 20]); // 32 MiB of zeros deflate to ~32 KiB
    Zip outer = new Zip();
    outer.add("META-INF/maven/com.example/app/pom.properties", pom("com.example", "app", "2.0"));
    outer.add("lib/packageurl-java.jar", Files.readAllBytes(PACKAGEURL));
    outer.add("lib/bomb.jar", bomb.bytes());
    Path jar = outer.write(tmp.resolve("app.jar"));
    assertThat(Files.size(jar)).isLessThan(1 << 20);
    Limits small = new Limits(1L << 30, 1L << 20, 4, 10_000, 4L << 20);

    ExtractResult r = extract("app.jar", jar, small);

    assertThat(r.diagnostics())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("maxDecompressedBytes=" + (4L << 20));
    assertThat(r.packages())
        .extracting(Package::name)
        .containsExactlyInAnyOrder("com.example:app", "com.github.package-url:packageurl-java");
  }

  @Test
  void nestedLimits_tooManyEntriesStopsWithADiagnostic() throws Exception {
    Zip many = new Zip();
    many.add("META-INF/maven/com.example/many/pom.properties", pom("com.example", "many", "3"));
    for (int i = 0; i < 500; i++) {
      many.add("f/" + i + ".txt", "x");
    }
    Path jar = many.write(tmp.resolve("many.jar"));
    Limits few = new Limits(1L << 30, 1L << 20, 4, 100, 1L << 30);

    ExtractResult r = extract("many.jar", jar, few);

    assertThat(r.diagnostics())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("maxArchiveEntries=100");
    // the pom.properties came first, so it is kept
    assertThat(r.packages()).extracting(Package::name).containsExactly("com.example:many");
  }

  @Test
  void truncated_realJarIsStreamedAndIdentifiedByItsManifest() throws Exception {
    byte[] whole = Files.readAllBytes(COMMONS_COMPRESS);
    Path cut = tmp.resolve("commons-compress-" + repoVersion(COMMONS_COMPRESS) + ".jar");
    Files.write(cut, Arrays.copyOf(whole, whole.length * 6 / 10));

    ExtractResult r = extract("lib/" + cut.getFileName(), cut);

    assertThat(r.diagnostics())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("no zip central directory");
    // pom.properties sits at the end of the jar and was cut off; MANIFEST.MF comes first.
    // Bundle-SymbolicName org.apache.commons.commons-compress gives the group.
    assertThat(r.packages())
        .extracting(Package::name, Package::version, p -> p.properties().get("java:identified-by"))
        .containsExactly(
            tuple(
                "org.apache.commons:commons-compress", repoVersion(COMMONS_COMPRESS), "manifest"));
  }

  @Test
  void garbageAndEmptyFilesNamedJarAreDiagnostics() throws Exception {
    Path garbage =
        Files.write(tmp.resolve("lib-1.0.jar"), "this is not a zip\n".repeat(100).getBytes());
    Path empty = Files.write(tmp.resolve("empty-1.0.jar"), new byte[0]);

    ExtractResult g = extract("lib-1.0.jar", garbage);
    ExtractResult e = extract("empty-1.0.jar", empty);

    assertThat(g.packages()).isEmpty();
    assertThat(g.diagnostics())
        .singleElement()
        .asString()
        .startsWith("lib-1.0.jar: not a zip archive");
    assertThat(e.packages()).isEmpty();
    assertThat(e.diagnostics()).singleElement().asString().contains("not a zip archive");
  }

  @Test
  void jarWithoutMetadataFallsBackToItsFileName() throws Exception {
    Zip plain = new Zip();
    plain.add(
        "com/acme/Thing.class", new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe});
    Path named = plain.write(tmp.resolve("acme-util-3.2.1-RC1.jar"));
    Path unnamed = plain.write(tmp.resolve("acme.jar"));

    ExtractResult r = extract("opt/acme-util-3.2.1-RC1.jar", named);
    ExtractResult none = extract("opt/acme.jar", unnamed);

    assertThat(r.diagnostics()).isEmpty();
    assertThat(r.packages())
        .extracting(Package::name, Package::version, p -> p.properties().get("java:identified-by"))
        .containsExactly(tuple("acme-util", "3.2.1-RC1", "filename"));
    assertThat(r.packages().get(0).properties())
        .containsEntry("java:sha1", sha1(Files.readAllBytes(named)));
    assertThat(none.isEmpty()).isTrue();
  }

  @Test
  void samePackageAtTheSameLocationIsReportedOnce() throws Exception {
    Zip z = new Zip();
    z.add("META-INF/maven/com.example/dup/pom.properties", pom("com.example", "dup", "1.0"));
    z.add(
        "BOOT-INF/classes/META-INF/maven/com.example/dup/pom.properties",
        pom("com.example", "dup", "1.0"));
    Path jar = z.write(tmp.resolve("dup-1.0.jar"));

    assertThat(extract("dup-1.0.jar", jar).packages())
        .extracting(Package::name, Package::version)
        .containsExactly(tuple("com.example:dup", "1.0"));
  }

  @Test
  void hugeField_longVersionInPomPropertiesAndLongManifestLineAreDiagnostics() throws Exception {
    Zip z = new Zip();
    z.add(
        "META-INF/MANIFEST.MF",
        "Manifest-Version: 1.0\nImplementation-Title: " + "x".repeat(100_000) + "\n");
    z.add(
        "META-INF/maven/com.example/huge/pom.properties",
        pom("com.example", "huge", "1".repeat(10_000)));
    Path jar = z.write(tmp.resolve("huge-7.jar"));

    ExtractResult r = extract("huge-7.jar", jar);

    assertThat(r.diagnostics()).hasSize(2);
    assertThat(r.diagnostics()).anySatisfy(d -> assertThat(d).contains("MANIFEST.MF: unreadable"));
    assertThat(r.diagnostics())
        .anySatisfy(d -> assertThat(d).contains("pom.properties without a usable"));
    // neither gave an identity: the file name does
    assertThat(r.packages())
        .extracting(Package::name, Package::version)
        .containsExactly(tuple("huge", "7"));
  }

  @Test
  void nestedEntryEscapingWithDotDotIsNotFollowed() throws Exception {
    Zip z = new Zip();
    z.add("../../evil.jar", Files.readAllBytes(PACKAGEURL));
    Path jar = z.write(tmp.resolve("host.jar"));

    ExtractResult r = extract("host.jar", jar);

    assertThat(r.packages()).isEmpty();
    assertThat(r.diagnostics()).singleElement().asString().contains("unsafe entry name");
    try (var files = Files.list(tmp)) {
      assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("host.jar");
    }
  }

  @Test
  void garbage_unreadableEntryIsADiagnosticAndTheOtherEntriesStillCount() throws Exception {
    String name = "META-INF/maven/com.example/bad/pom.properties";
    Zip z = new Zip();
    z.add(name, pom("com.example", "bad", "1"));
    z.add("lib/packageurl-java.jar", Files.readAllBytes(PACKAGEURL));
    byte[] b = z.bytes();
    // the first entry's deflate stream starts right after its 30-byte local header and name:
    // block type 3 is reserved, so inflating it fails
    b[30 + name.length()] = (byte) 0xff;
    Path jar = Files.write(tmp.resolve("bad.jar"), b);

    ExtractResult r = extract("bad.jar", jar);

    assertThat(r.diagnostics())
        .singleElement()
        .asString()
        .startsWith("bad.jar!/META-INF/maven/com.example/bad/pom.properties: unreadable entry");
    assertThat(r.packages())
        .extracting(Package::name)
        .containsExactly("com.github.package-url:packageurl-java");
  }

  @Test
  void testbedAppImageHasLog4j() throws Exception {
    Testbed tb = Testbed.require();
    Path lib = tb.rootfs(Testbed.Img.APP_1_0_BASE_V1).resolve("opt/app/lib");
    Map<String, Package> found = new LinkedHashMap<>();
    for (String jar : List.of("log4j-core-2.14.1.jar", "log4j-api-2.14.1.jar")) {
      ExtractResult r = extract("opt/app/lib/" + jar, lib.resolve(jar));
      assertThat(r.diagnostics()).isEmpty();
      r.packages().forEach(p -> found.put(p.name(), p));
    }
    assertThat(found.values())
        .extracting(Package::name, Package::version, Package::location)
        .containsExactlyInAnyOrder(
            tuple(
                "org.apache.logging.log4j:log4j-core",
                "2.14.1",
                "opt/app/lib/log4j-core-2.14.1.jar"),
            tuple(
                "org.apache.logging.log4j:log4j-api",
                "2.14.1",
                "opt/app/lib/log4j-api-2.14.1.jar"));
    assertThat(found.get("org.apache.logging.log4j:log4j-core").properties())
        .containsEntry("java:identified-by", "pom.properties")
        .doesNotContainKey("java:sha1");
  }

  // ---- helpers

  private static String pom(String g, String a, String v) {
    return "#Created by Apache Maven\ngroupId=" + g + "\nartifactId=" + a + "\nversion=" + v + "\n";
  }

  private static String sha1(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
  }

  private static void copyEntries(Path real, Zip into, java.util.function.Predicate<String> which)
      throws IOException {
    try (ZipFile zf = new ZipFile(real.toFile())) {
      for (ZipEntry e : java.util.Collections.list(zf.entries())) {
        if (!e.isDirectory() && which.test(e.getName())) {
          try (InputStream in = zf.getInputStream(e)) {
            into.add(e.getName(), in.readAllBytes());
          }
        }
      }
    }
  }

  /** A zip built in memory, entries in insertion order. */
  private static final class Zip {
    private final Map<String, byte[]> deflated = new LinkedHashMap<>();
    private final Map<String, Boolean> stored = new LinkedHashMap<>();

    Zip add(String name, String content) {
      return add(name, content.getBytes(StandardCharsets.UTF_8));
    }

    Zip add(String name, byte[] content) {
      deflated.put(name, content);
      stored.put(name, false);
      return this;
    }

    Zip addStored(String name, byte[] content) {
      deflated.put(name, content);
      stored.put(name, true);
      return this;
    }

    byte[] bytes() throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ZipOutputStream zos = new ZipOutputStream(out)) {
        for (Map.Entry<String, byte[]> e : deflated.entrySet()) {
          ZipEntry ze = new ZipEntry(e.getKey());
          if (stored.get(e.getKey())) {
            CRC32 crc = new CRC32();
            crc.update(e.getValue());
            ze.setMethod(ZipEntry.STORED);
            ze.setSize(e.getValue().length);
            ze.setCompressedSize(e.getValue().length);
            ze.setCrc(crc.getValue());
          }
          zos.putNextEntry(ze);
          zos.write(e.getValue());
          zos.closeEntry();
        }
      }
      return out.toByteArray();
    }

    Path write(Path file) throws IOException {
      return Files.write(file, bytes());
    }
  }
}
