package io.drydock.sbom.engine;

import io.drydock.sbom.Component;
import io.drydock.sbom.Diagnostic;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The applier: merges layer results in order as an overlay file system would, and attributes every
 * package to the layer that introduced it.
 *
 * <p>Within a layer, whiteouts, opaque directories and shadows apply to the layers below; then the
 * layer's own files replace lower results at the same path. A package's layer is the lowest layer
 * from which the same package (extractor, location, type, name, version, arch) stayed present up to
 * the top: when a later layer rewrites {@code var/lib/dpkg/status} to add one package, the others
 * keep their original layer. Owned-file lists (dpkg {@code info/*.list}) are attached to their
 * packages, and language packages read from a file owned by an OS package are marked OS-owned.
 * Diagnostics of files that a later layer removed are dropped; tar-level ones stay.
 */
public final class LayerMerger {
  private LayerMerger() {}

  /** The merged image. {@code osResults} maps the path of each surviving OS-identity file. */
  public record Merged(
      List<Component> components, Map<String, OsInfo> osResults, List<Diagnostic> diagnostics) {}

  private record Entry(int layer, List<FileResult> results) {}

  private record PkgKey(
      String extractor, String location, String type, String name, String version, String arch) {
    static PkgKey of(String extractor, Package p) {
      return new PkgKey(extractor, p.location(), p.type(), p.name(), p.version(), p.arch());
    }
  }

  public static Merged merge(List<LayerResult> layers) {
    TreeMap<String, Entry> state = new TreeMap<>();
    Map<PkgKey, Integer> introduced = new HashMap<>();
    List<Diagnostic> layerDiagnostics = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      LayerResult layer = layers.get(i);
      for (String dir : layer.opaqueDirs()) {
        removeUnder(state, dir);
      }
      for (String w : layer.whiteouts()) {
        state.remove(w);
        removeUnder(state, w);
      }
      for (String s : layer.shadows()) {
        state.remove(s);
      }
      Map<String, List<FileResult>> byPath = new LinkedHashMap<>();
      for (FileResult r : layer.files()) {
        byPath.computeIfAbsent(r.path(), k -> new ArrayList<>()).add(r);
      }
      for (Map.Entry<String, List<FileResult>> e : byPath.entrySet()) {
        state.put(e.getKey(), new Entry(i, e.getValue()));
      }
      layerDiagnostics.addAll(layer.diagnostics());
      Map<PkgKey, Integer> next = new HashMap<>();
      for (Entry entry : state.values()) {
        for (FileResult r : entry.results()) {
          for (Package p : r.result().packages()) {
            PkgKey key = PkgKey.of(r.extractor(), p);
            next.putIfAbsent(key, introduced.getOrDefault(key, i));
          }
        }
      }
      introduced = next;
    }
    return assemble(state, introduced, layers, layerDiagnostics);
  }

  private static Merged assemble(
      TreeMap<String, Entry> state,
      Map<PkgKey, Integer> introduced,
      List<LayerResult> layers,
      List<Diagnostic> layerDiagnostics) {
    Map<String, Map<String, List<String>>> ownedByExtractor = new HashMap<>();
    Map<String, OsInfo> os = new LinkedHashMap<>();
    List<Diagnostic> diagnostics = new ArrayList<>(layerDiagnostics);
    for (Map.Entry<String, Entry> e : state.entrySet()) {
      String diffId = layers.get(e.getValue().layer()).diffId();
      for (FileResult r : e.getValue().results()) {
        r.result()
            .ownedFiles()
            .forEach(
                (k, v) ->
                    ownedByExtractor
                        .computeIfAbsent(r.extractor(), x -> new HashMap<>())
                        .merge(k, v, LayerMerger::concat));
        if (r.result().os() != null) {
          os.put(r.path(), r.result().os());
        }
        for (String d : r.result().diagnostics()) {
          diagnostics.add(new Diagnostic(r.path(), diffId, r.extractor(), d));
        }
      }
    }
    // Packages with their owned files attached; OS-owned paths collected.
    List<Component> osComponents = new ArrayList<>();
    List<Component> others = new ArrayList<>();
    Set<String> osOwnedPaths = new HashSet<>();
    Set<PkgKey> seen = new HashSet<>();
    for (Entry entry : state.values()) {
      for (FileResult r : entry.results()) {
        Map<String, List<String>> owned = ownedByExtractor.getOrDefault(r.extractor(), Map.of());
        for (Package p : r.result().packages()) {
          PkgKey key = PkgKey.of(r.extractor(), p);
          if (!seen.add(key)) {
            continue;
          }
          Package pkg = p;
          if (pkg.files().isEmpty() && !owned.isEmpty()) {
            List<String> files =
                pkg.arch() == null ? null : owned.get(pkg.name() + ":" + pkg.arch());
            if (files == null) {
              files = owned.get(pkg.name());
            }
            if (files != null) {
              pkg = pkg.withFiles(files);
            }
          }
          int layer = introduced.getOrDefault(key, entry.layer());
          if (isOs(r.extractor())) {
            osOwnedPaths.addAll(pkg.files());
            osComponents.add(new Component(pkg, r.extractor(), layer, false));
          } else {
            others.add(new Component(pkg, r.extractor(), layer, false));
          }
        }
      }
    }
    List<Component> all = new ArrayList<>(osComponents);
    for (Component c : others) {
      boolean owned =
          !osOwnedPaths.isEmpty() && osOwnedPaths.contains(outerPath(c.pkg().location()));
      all.add(owned ? new Component(c.pkg(), c.extractor(), c.layer(), true) : c);
    }
    all.sort(ORDER);
    return new Merged(all, os, diagnostics);
  }

  /** The stable component order: layer, extractor, location, name, version. */
  static final Comparator<Component> ORDER =
      Comparator.comparingInt(Component::layer)
          .thenComparing(Component::extractor)
          .thenComparing(c -> c.pkg().location())
          .thenComparing(c -> c.pkg().name())
          .thenComparing(c -> c.pkg().version() == null ? "" : c.pkg().version())
          .thenComparing(c -> c.pkg().arch() == null ? "" : c.pkg().arch());

  static boolean isOs(String extractor) {
    return extractor.startsWith("os/");
  }

  /** The file in the image a location refers to ({@code a.jar!/lib/b.jar} → {@code a.jar}). */
  static String outerPath(String location) {
    int bang = location.indexOf("!/");
    return bang < 0 ? location : location.substring(0, bang);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a.size() + b.size());
    out.addAll(a);
    out.addAll(b);
    return out;
  }

  private static void removeUnder(TreeMap<String, Entry> state, String dir) {
    if (dir.isEmpty()) {
      state.clear();
      return;
    }
    // Keys under "dir/" sort between "dir/" and "dir0" ('0' follows '/').
    state.subMap(dir + "/", true, dir + "0", false).clear();
  }
}
