package io.drydock.report;

import io.drydock.sbom.Component;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.Sbom;
import java.util.regex.Pattern;

/** Where a component sits in the image, as the reports print it. Stateless. */
final class Layers {
  private static final Pattern SHELL_PREFIX =
      Pattern.compile("^(/bin/sh -c |/bin/bash -c |sh -c )?(#\\(nop\\) )?\\s*");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  static final int CREATED_BY_MAX = 72;

  private Layers() {}

  /** The component's layer, or {@code null} for SBOM input (index -1) or an index out of range. */
  static LayerInfo of(Sbom sbom, Component c) {
    int i = c.layer();
    return i >= 0 && i < sbom.layers().size() ? sbom.layers().get(i) : null;
  }

  /** {@code base} or {@code app} for the component's layer, {@code null} when unknown. */
  static String origin(Sbom sbom, Component c) {
    LayerInfo l = of(sbom, c);
    return l == null ? null : origin(l);
  }

  static String origin(LayerInfo l) {
    return l.base() ? "base" : "app";
  }

  /** {@code sha256:} and the first 12 hex digits; other strings unchanged. */
  static String shortDigest(String digest) {
    if (digest == null) {
      return "";
    }
    int colon = digest.indexOf(':');
    return colon >= 0 && digest.length() > colon + 13 ? digest.substring(0, colon + 13) : digest;
  }

  /**
   * A history {@code created_by} for one line: the shell prefix and {@code #(nop)} dropped,
   * whitespace runs collapsed, cut to {@value #CREATED_BY_MAX} characters with {@code ...}; empty
   * for {@code null}.
   */
  static String shortCreatedBy(String createdBy) {
    if (createdBy == null) {
      return "";
    }
    String s = SPACES.matcher(createdBy.strip()).replaceAll(" ");
    s = SHELL_PREFIX.matcher(s).replaceFirst("");
    if (s.length() > CREATED_BY_MAX) {
      s = s.substring(0, CREATED_BY_MAX - 3) + "...";
    }
    return s;
  }
}
