package io.drydock.sbom;

import java.util.Objects;

/**
 * A regular file in a layer or root filesystem, as extractors see it before deciding whether they
 * want its content.
 *
 * <p>{@code path} is normalised and image-relative: no leading {@code /}, no {@code .} or {@code
 * ..} segments, {@code /} as separator ({@code var/lib/dpkg/status}). {@code size} is the content
 * length in bytes; {@code mode} the permission bits ({@code 0755}). Immutable.
 */
public record FileInfo(String path, long size, int mode) {
  public FileInfo {
    Objects.requireNonNull(path, "path");
  }

  /** The last path segment ({@code status} for {@code var/lib/dpkg/status}). */
  public String name() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  /** The parent directory's path, {@code ""} for a file at the root. */
  public String dir() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** Whether any execute bit is set. */
  public boolean executable() {
    return (mode & 0111) != 0;
  }
}
