package io.drydock.oci;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What the user asked Drydock to read, in the containers-image transport syntax (DESIGN.md §3):
 * {@code host/repo:tag}, {@code host/repo@sha256:…} or {@code docker://…}; {@code oci:DIR[:ref]},
 * {@code oci-archive:FILE[:ref]}, {@code docker-archive:FILE[:repo:tag|:@N]}, {@code dir:ROOTFS}
 * and {@code sbom:FILE}.
 *
 * <p>As in containers-image, a local path ends at the first {@code :} after the transport, so paths
 * containing {@code :} cannot be named. Optional parts are {@code null} when absent.
 */
public sealed interface Target {

  /** The target as written, normalised, for messages. */
  String describe();

  /** An image in a registry. */
  record Registry(ImageRef ref) implements Target {
    public Registry {
      Objects.requireNonNull(ref, "ref");
    }

    @Override
    public String describe() {
      return ref.toString();
    }
  }

  /** An OCI image layout directory; {@code ref} selects an {@code index.json} entry by name. */
  record OciLayout(Path dir, String ref) implements Target {
    @Override
    public String describe() {
      return "oci:" + dir + (ref == null ? "" : ":" + ref);
    }
  }

  /** An OCI image layout in a tar file. */
  record OciArchive(Path file, String ref) implements Target {
    @Override
    public String describe() {
      return "oci-archive:" + file + (ref == null ? "" : ":" + ref);
    }
  }

  /** A {@code docker save} / skopeo archive; {@code ref} is {@code repo:tag} or {@code @N}. */
  record DockerArchive(Path file, String ref) implements Target {
    @Override
    public String describe() {
      return "docker-archive:" + file + (ref == null ? "" : ":" + ref);
    }
  }

  /** An unpacked root filesystem. */
  record Rootfs(Path dir) implements Target {
    @Override
    public String describe() {
      return "dir:" + dir;
    }
  }

  /** A CycloneDX or SPDX JSON SBOM standing in for an image. */
  record Sbom(Path file) implements Target {
    @Override
    public String describe() {
      return "sbom:" + file;
    }
  }

  /**
   * Parses a target; throws {@link IllegalArgumentException} with a one-line message naming the
   * input when it is malformed.
   */
  static Target parse(String input) {
    Objects.requireNonNull(input, "target");
    if (input.isBlank()) {
      throw new IllegalArgumentException(
          "empty target: expected an image reference or TRANSPORT:PATH");
    }
    int colon = input.indexOf(':');
    String transport = colon > 0 ? input.substring(0, colon) : "";
    String rest = colon > 0 ? input.substring(colon + 1) : input;
    switch (transport) {
      case "docker":
        if (!rest.startsWith("//")) {
          throw new IllegalArgumentException(
              "invalid target \""
                  + input
                  + "\": the docker transport is written docker://REFERENCE");
        }
        return new Registry(ImageRef.parse(input));
      case "oci":
        {
          String[] p = pathAndRef(input, rest);
          return new OciLayout(Path.of(p[0]), p[1]);
        }
      case "oci-archive":
        {
          String[] p = pathAndRef(input, rest);
          return new OciArchive(Path.of(p[0]), p[1]);
        }
      case "docker-archive":
        {
          String[] p = pathAndRef(input, rest);
          return new DockerArchive(Path.of(p[0]), p[1]);
        }
      case "dir":
        return new Rootfs(Path.of(requirePath(input, rest)));
      case "sbom":
        return new Sbom(Path.of(requirePath(input, rest)));
      default:
        return new Registry(ImageRef.parse(input));
    }
  }

  private static String[] pathAndRef(String input, String rest) {
    int colon = rest.indexOf(':');
    String path = colon < 0 ? rest : rest.substring(0, colon);
    String ref = colon < 0 ? null : rest.substring(colon + 1);
    requirePath(input, path);
    if (ref != null && ref.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid target \"" + input + "\": empty reference after ':'");
    }
    return new String[] {path, ref};
  }

  private static String requirePath(String input, String path) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("invalid target \"" + input + "\": missing path");
    }
    if (path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("invalid target \"" + input + "\": path contains NUL");
    }
    return path;
  }
}
