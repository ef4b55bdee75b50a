package io.drydock.sbom.golang;

import java.util.Objects;

/**
 * A module as Go build info records it ({@code runtime/debug.Module}).
 *
 * @param path the module path ({@code golang.org/x/net}), or for a replacement by a directory the
 *     directory ({@code ./local}); never {@code null}
 * @param version as recorded ({@code v0.17.0}, {@code (devel)}); {@code ""} when absent
 * @param sum the {@code h1:} checksum, {@code ""} when absent
 * @param replace what replaced this module ({@code replace} directive), {@code null} when none
 */
public record GoModule(String path, String version, String sum, GoModule replace) {
  public GoModule {
    Objects.requireNonNull(path, "path");
    version = version == null ? "" : version;
    sum = sum == null ? "" : sum;
  }

  GoModule withReplace(GoModule replacement) {
    return new GoModule(path, version, sum, replacement);
  }
}
