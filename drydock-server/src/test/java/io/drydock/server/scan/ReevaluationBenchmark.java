package io.drydock.server.scan;

import io.drydock.oci.Image;
import io.drydock.oci.ImageSource;
import io.drydock.oci.ImageSources;
import io.drydock.oci.Platform;
import io.drydock.oci.Target;
import io.drydock.sbom.Component;
import io.drydock.sbom.Extractors;
import io.drydock.sbom.Limits;
import io.drydock.sbom.Package;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.engine.BaseAttribution.BaseLookup;
import io.drydock.sbom.engine.SbomEngine;
import io.drydock.server.ServerContext;
import io.drydock.server.db.Database;
import io.drydock.server.db.TestDatabases;
import io.drydock.server.db.Vendor;
import io.drydock.testing.Testbed;
import io.drydock.vuln.store.AdvisoryImporter;
import io.drydock.vuln.store.AdvisoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Times {@code reevaluate all} over N stored SBOMs on SQLite and on embedded PostgreSQL (not a
 * test: run by bench/server-reevaluate.sh; results in BENCHMARKS.md, "Server re-evaluation").
 *
 * <p>SBOMs: the testbed's real Debian images (bookworm v1, v2, v2-flat, the app on v1 and v2),
 * analysed from their OCI layouts, copied to N digests; every 7th copy has three packages at a
 * newer version. Advisories: the real ones in shared/advisories plus generated Debian 12 records
 * for every source package of those images: 10 fixed below the installed version (looked up and
 * evaluated, no finding) each, and for every third source package 2 fixed above and 2 without a
 * fix. Runs: (1) first evaluation, every finding new; (2) again with nothing changed; (3) after an
 * update that adds 20 advisories.
 *
 * <p>Usage: {@code ReevaluationBenchmark [N=1000] [vendors=SQLITE,POSTGRESQL] [threads=2]}
 */
public final class ReevaluationBenchmark {
  private ReevaluationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    List<Vendor> vendors = new ArrayList<>();
    for (String v : (args.length > 1 ? args[1] : "SQLITE,POSTGRESQL").split(",")) {
      vendors.add(Vendor.valueOf(v.trim().toUpperCase(Locale.ROOT)));
    }
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Path work = Files.createTempDirectory("drydock-bench-reeval");
    Testbed tb = Testbed.require();
    List<Sbom> real = new ArrayList<>();
    SbomEngine engine =
        new SbomEngine(
            new SbomEngine.Options(
                Extractors.all(), Limits.defaults(), null, work, 2, Extractors::chooseOs));
    for (Testbed.Img img : Testbed.Img.values()) {
      Path dir = tb.ociDir(img);
      try (ImageSource s = ImageSources.open(Target.parse("oci:" + dir), () -> null)) {
        Image image = s.image(Platform.LINUX_AMD64);
        real.add(engine.analyze(image, img.name(), null, BaseLookup.none()));
      }
    }
    Map<String, String> sources = new TreeMap<>();
    for (Sbom s : real) {
      for (Component c : s.components()) {
        if (c.pkg().type().equals("deb")) {
          String src = c.pkg().sourceName() == null ? c.pkg().name() : c.pkg().sourceName();
          String ver =
              c.pkg().sourceVersion() == null ? c.pkg().version() : c.pkg().sourceVersion();
          sources.putIfAbsent(src, ver);
        }
      }
    }
    Path osv = Files.createDirectories(work.resolve("osv"));
    int records = 0;
    int k = 0;
    for (Map.Entry<String, String> e : sources.entrySet()) {
      for (int j = 0; j < 10; j++) {
        write(
            osv,
            "DEB-OLD-" + k + "-" + j,
            "CVE-2000-" + (k * 10 + j),
            e.getKey(),
            "0.0." + j + "-1");
        records++;
      }
      if (k % 3 == 0) {
        for (int j = 0; j < 2; j++) {
          write(
              osv,
              "DEB-FIX-" + k + "-" + j,
              "CVE-2098-" + (k * 10 + j),
              e.getKey(),
              e.getValue() + "+bench" + (j + 1));
          write(osv, "DEB-OPEN-" + k + "-" + j, "CVE-2097-" + (k * 10 + j), e.getKey(), null);
          records += 2;
        }
      }
      k++;
    }
    Path shared =
        Path.of(System.getenv().getOrDefault("DRYDOCK_ADVISORIES", "/work/shared/advisories"));
    Path advisoryDir = work.resolve("data").resolve("db");
    var imported =
        new AdvisoryImporter(advisoryDir.resolve(AdvisoryStore.FILE_NAME))
            .importPaths(
                List.of(
                    osv,
                    shared.resolve("ghsa"),
                    shared.resolve("pypa"),
                    shared.resolve("alpine/osv")));
    int pkgs = real.stream().mapToInt(s -> s.components().size()).sum() / real.size();
    System.out.printf(
        Locale.ROOT,
        "SBOMs: %d copies of %d real testbed images (%d packages on average); advisories: %d (%d"
            + " generated Debian 12 for %d source packages); %d match threads; %d CPUs%n",
        n,
        real.size(),
        pkgs,
        imported.total(),
        records,
        sources.size(),
        threads,
        Runtime.getRuntime().availableProcessors());

    for (Vendor vendor : vendors) {
      String url = TestDatabases.url(vendor, work);
      try (Database db = Database.open(url, null, null, 6)) {
        ServerContext ctx = ScanFixtures.context(db, Clock.systemUTC(), work.resolve("data"), null);
        ScanPart part = new ScanPart(ctx, ScanPart.Options.defaults().withMatchThreads(threads));
        long t0 = System.nanoTime();
        long bytes = 0;
        for (int i = 0; i < n; i++) {
          Sbom base = real.get(i % real.size());
          String digest = ScanFixtures.fakeDigest("bench-" + i);
          Sbom copy = i % 7 == 0 ? bumped(base, i) : base;
          part.images()
              .seen(
                  digest,
                  "registry.example/app" + (i % 50),
                  "registry.example/app" + (i % 50) + "@" + digest,
                  "api");
          part.images().storeSbom(digest, copy);
          if (i < 50) {
            bytes += ImageStore.encode(copy).length;
          }
        }
        double store = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "%n%s: stored %d SBOMs in %.2f s (%.1f KiB gzip each)%n",
            vendor,
            n,
            store,
            bytes / 50.0 / 1024);
        JsonNode first = timed(part, vendor, "first evaluation (every finding new)");
        JsonNode again = timed(part, vendor, "re-evaluation, nothing changed");
        Path extra = Files.createDirectories(work.resolve("extra-" + vendor));
        int m = 0;
        for (Map.Entry<String, String> e : sources.entrySet()) {
          if (m >= 20) {
            break;
          }
          write(
              extra,
              "DEB-NEW-" + vendor + "-" + m,
              "CVE-2099-" + (vendor.ordinal() * 1000 + m),
              e.getKey(),
              e.getValue() + "+new1");
          m++;
        }
        new AdvisoryImporter(advisoryDir.resolve(AdvisoryStore.FILE_NAME))
            .importPaths(List.of(extra));
        JsonNode update = timed(part, vendor, "re-evaluation after 20 new advisories");
        long open =
            db.jdbi()
                .withHandle(
                    h ->
                        h.createQuery("SELECT COUNT(*) FROM findings WHERE resolved_at IS NULL")
                            .mapTo(Long.class)
                            .one());
        System.out.printf(
            Locale.ROOT,
            "%s: %d open findings (%.0f per image)%n",
            vendor,
            open,
            open / (double) n);
      }
    }
  }

  private static JsonNode timed(ScanPart part, Vendor vendor, String what) throws Exception {
    long c0 = cpu();
    long t0 = System.nanoTime();
    String r =
        part.jobs()
            .get(ScanPart.REEVALUATE)
            .run(ScanFixtures.job(ScanPart.REEVALUATE, "all", null));
    double s = (System.nanoTime() - t0) / 1e9;
    double c = (cpu() - c0) / 1e9;
    System.out.printf(
        Locale.ROOT, "%s: %-40s %6.2f s wall, %6.2f s CPU (JVM)  %s%n", vendor, what, s, c, r);
    return ScanFixtures.JSON.readTree(r);
  }

  /** CPU time of this JVM (all threads), ns: the machine is shared, wall time alone misleads. */
  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static Sbom bumped(Sbom s, int i) {
    List<Component> comps = new ArrayList<>();
    int changed = 0;
    for (Component c : s.components()) {
      Package p = c.pkg();
      if (changed < 3 && p.type().equals("deb") && (p.name().hashCode() + i) % 5 == 0) {
        p =
            new Package(
                p.type(),
                p.name(),
                p.version() + "+v" + i,
                p.arch(),
                p.sourceName(),
                p.sourceVersion() == null ? null : p.sourceVersion() + "+v" + i,
                p.epoch(),
                p.location(),
                p.files(),
                p.properties());
        changed++;
      }
      comps.add(new Component(p, c.extractor(), c.layer(), c.osOwned()));
    }
    return new Sbom(s.subject(), s.os(), s.base(), s.layers(), comps, s.diagnostics());
  }

  private static void write(Path dir, String id, String cve, String source, String fixed)
      throws Exception {
    Files.writeString(
        dir.resolve(id + ".json"),
        ScanFixtures.debianAdvisory(
            id, cve, source, fixed, ScanFixtures.MEDIUM_VECTOR, "2026-11-01T00:00:00Z", null));
  }
}
