package io.drydock.sbom;

import java.util.List;
import java.util.Map;

/**
 * What an extractor found in one file.
 *
 * @param packages packages the file records (a dpkg status file: all installed packages)
 * @param ownedFiles files owned by packages whose lists live in separate files (dpkg {@code
 *     info/<package>[:<arch>].list}): key {@code name} or {@code name:arch}, value image-relative
 *     paths. The engine attaches them to the same extractor's packages with that name (and arch).
 * @param os the OS identity when the file tells it ({@code etc/os-release}), else {@code null}
 * @param diagnostics problems with the file's content (one line each); the file's other results
 *     still count, and the scan is marked partial
 */
public record ExtractResult(
    List<Package> packages,
    Map<String, List<String>> ownedFiles,
    OsInfo os,
    List<String> diagnostics) {

  public ExtractResult {
    packages = packages == null ? List.of() : List.copyOf(packages);
    ownedFiles = ownedFiles == null ? Map.of() : Map.copyOf(ownedFiles);
    diagnostics = diagnostics == null ? List.of() : List.copyOf(diagnostics);
  }

  public static ExtractResult empty() {
    return new ExtractResult(List.of(), Map.of(), null, List.of());
  }

  public static ExtractResult of(List<Package> packages) {
    return new ExtractResult(packages, Map.of(), null, List.of());
  }

  public static ExtractResult of(List<Package> packages, List<String> diagnostics) {
    return new ExtractResult(packages, Map.of(), null, diagnostics);
  }

  public static ExtractResult owned(Map<String, List<String>> ownedFiles) {
    return new ExtractResult(List.of(), ownedFiles, null, List.of());
  }

  public static ExtractResult os(OsInfo os) {
    return new ExtractResult(List.of(), Map.of(), os, List.of());
  }

  public static ExtractResult diagnostic(String message) {
    return new ExtractResult(List.of(), Map.of(), null, List.of(message));
  }

  public boolean isEmpty() {
    return packages.isEmpty() && ownedFiles.isEmpty() && os == null && diagnostics.isEmpty();
  }
}
