package io.drydock.sbom.os;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects one-line diagnostics for one file, prefixed with its path, keeping at most {@code max}
 * and summarising the rest, so a corrupt file cannot flood a scan result. Not thread-safe: one per
 * extract call.
 */
final class Diagnostics {
  private final String path;
  private final int max;
  private final List<String> lines = new ArrayList<>();
  private int dropped;

  Diagnostics(String path, int max) {
    this.path = path;
    this.max = max;
  }

  void add(String message) {
    if (lines.size() < max) {
      lines.add(path + ": " + message);
    } else {
      dropped++;
    }
  }

  List<String> list() {
    if (dropped == 0) {
      return lines;
    }
    List<String> all = new ArrayList<>(lines);
    all.add(path + ": " + dropped + " more problems not listed");
    return all;
  }
}
