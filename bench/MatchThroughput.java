package io.drydock.bench;

import io.drydock.sbom.Component;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import io.drydock.vuln.match.AdvisoryIndex;
import io.drydock.vuln.match.CachedAdvisoryIndex;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.match.Matcher;
import io.drydock.vuln.match.Matchers;
import io.drydock.vuln.store.AdvisoryImporter;
import io.drydock.vuln.store.AdvisoryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Package lookups per second through the matchers (one op = one component looked up and evaluated),
 * against a store of the real advisories plus synthetic copies (bench/synth_osv.py). Run with
 * bench/match-throughput.sh, which builds the store and compiles this with JMH's annotation
 * processor.
 *
 * <ul>
 *   <li>{@code distinct*}: every op a package name not seen before in the scan (uncached index:
 *       one SQLite query + parsing the records it returns); {@code Hit} = names with (mostly) one record
 *       (the synthetic copies of log4j-core, lodash, requests, busybox), {@code Miss} = names with
 *       none (most packages of a real image);
 *   <li>{@code repeated}: the per-scan cache warm (the same names again, as in an image with many
 *       copies of one jar): evaluation only.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class MatchThroughput {
  /** The store file; built from the synthetic zip and ../shared/advisories when missing. */
  @Param("/tmp/bench-match/db/advisories.db")
  public String db;

  @Param("/tmp/bench-match/all.zip")
  public String synthetic;

  @Param("/work/shared/advisories")
  public String advisories;

  static final OsInfo ALPINE = new OsInfo("alpine", "3.19.1", null, null, "etc/os-release");

  AdvisoryStore store;
  AdvisoryIndex uncached;
  CachedAdvisoryIndex cached;
  List<Matcher> matchers = Matchers.all();
  Component[] hits;
  Component[] misses;
  Matcher[] hitMatchers;
  Matcher[] missMatchers;
  int next;

  @Setup(Level.Trial)
  public void open() throws IOException {
    Path file = Path.of(db);
    if (!Files.exists(file)) {
      Path root = Path.of(advisories);
      new AdvisoryImporter(file)
          .importPaths(
              List.of(
                  Path.of(synthetic),
                  root.resolve("ghsa"),
                  root.resolve("pypa"),
                  root.resolve("alpine/osv")));
    }
    store = AdvisoryStore.open(file);
    uncached = AdvisoryIndex.of(store);
    cached = new CachedAdvisoryIndex(uncached);
    // synth_osv.py: record i copies template files[i % n] (sorted paths) and renames its package
    // "<name>-<i mod 20000>"; the copies of these four templates are the hits.
    Path root = Path.of(advisories);
    List<String> templates;
    try (Stream<Path> files = Files.walk(root)) {
      templates =
          files
              .map(Path::toString)
              .filter(f -> f.endsWith(".json") && !f.contains("/alpine/source/"))
              .sorted()
              .toList();
    }
    List<Component> h = new ArrayList<>();
    for (int i = 0; i < 100000; i++) {
      String t = templates.get(i % templates.size());
      int k = i % 20000;
      if (t.endsWith("/GHSA-jfh8-c2jp-5v3q.json")) {
        h.add(lang("maven", "org.apache.logging.log4j:log4j-core-" + k, "2.14.1"));
      } else if (t.endsWith("/GHSA-p6mc-m468-83gw.json")) {
        h.add(lang("npm", "lodash-" + k, "4.17.15"));
      } else if (t.endsWith("/PYSEC-2023-74.json")) {
        h.add(lang("pypi", "requests-" + k, "2.30.0"));
      } else if (t.endsWith("/ALPINE-CVE-2023-42364.json")) {
        h.add(apk("busybox-" + k, "1.36.1-r2"));
      }
    }
    java.util.Collections.shuffle(h, new java.util.Random(1));
    List<Component> m = new ArrayList<>();
    for (int i = 0; i < 20000; i++) {
      m.add(lang(i % 2 == 0 ? "npm" : "maven", "absent-package-" + i, "1.0.0"));
    }
    hits = h.toArray(Component[]::new);
    misses = m.toArray(Component[]::new);
    hitMatchers = matchersFor(hits);
    missMatchers = matchersFor(misses);
    check();
  }

  private Matcher[] matchersFor(Component[] cs) {
    Matcher[] out = new Matcher[cs.length];
    for (int i = 0; i < cs.length; i++) {
      Component c = cs[i];
      out[i] = matchers.stream().filter(x -> x.handles(c, ALPINE)).findFirst().orElseThrow();
    }
    return out;
  }

  static Component lang(String type, String name, String version) {
    return new Component(Package.of(type, name, version, "app/" + name), "bench", 1, false);
  }

  static Component apk(String origin, String version) {
    return new Component(
        new Package(
            "apk", origin, version, "x86_64", origin, version, null, "lib/apk/db/installed",
            List.of(), java.util.Map.of()),
        "os/apk",
        0,
        false);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
  }

  private int advance(int length) {
    int i = next;
    next = i + 1 == length ? 0 : i + 1;
    return i;
  }

  /** Checks the hits are hits (once, before measuring). */
  private void check() throws IOException {
    int found = 0;
    for (int i = 0; i < hits.length; i++) {
      if (!hitMatchers[i].match(hits[i], ALPINE, uncached, new ArrayList<>()).isEmpty()) {
        found++;
      }
    }
    System.out.printf("%n%d hit packages, %d with findings; %d miss packages%n", hits.length, found, misses.length);
  }

  @Benchmark
  public List<Finding> distinctHit() throws IOException {
    int i = advance(hits.length);
    return hitMatchers[i].match(hits[i], ALPINE, uncached, new ArrayList<>());
  }

  @Benchmark
  public List<Finding> distinctMiss() throws IOException {
    int i = advance(misses.length);
    return missMatchers[i].match(misses[i], ALPINE, uncached, new ArrayList<>());
  }

  @Benchmark
  public List<Finding> repeatedHit() throws IOException {
    int i = advance(hits.length);
    return hitMatchers[i].match(hits[i], ALPINE, cached, new ArrayList<>());
  }
}
