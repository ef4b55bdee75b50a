package io.drydock.sbom;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One installed package as an extractor found it.
 *
 * <p>{@code type} is the purl type ({@code deb}, {@code apk}, {@code rpm}, {@code maven}, {@code
 * npm}, {@code pypi}, {@code golang}, {@code gem}). {@code name} is the ecosystem's own full name,
 * as advisories spell it: {@code groupId:artifactId} for Maven, {@code @scope/name} for npm, the
 * module path for Go, the binary package name for OS packages; the purl writer splits it. {@code
 * version} as recorded (for deb it includes the epoch, {@code 1:2.3-4}; for rpm it is {@code
 * version-release} without the epoch, which is in {@code epoch}).
 *
 * <p>{@code sourceName}/{@code sourceVersion}: the source package of an OS package (dpkg {@code
 * Source:}, apk origin, rpm source rpm name and its version); {@code null} when unknown, equal to
 * the binary's when the package names none. {@code arch}, {@code epoch} are {@code null} when not
 * applicable. {@code location} is the image-relative path of the file the package was read from;
 * for archives inside archives the members are joined with {@code !/} ({@code
 * app.jar!/BOOT-INF/lib/x.jar}). {@code files} are the image-relative paths the package owns (OS
 * packages), empty otherwise. {@code properties} holds further facts under namespaced keys ({@code
 * "java:sha1"}, {@code "go:toolchain"}, {@code "license"}). Immutable.
 */
public record Package(
    String type,
    String name,
    String version,
    String arch,
    String sourceName,
    String sourceVersion,
    Integer epoch,
    String location,
    List<String> files,
    Map<String, String> properties) {

  public Package {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(location, "location");
    files = files == null ? List.of() : List.copyOf(files);
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }

  /** A language package: no arch, source, epoch or owned files. */
  public static Package of(String type, String name, String version, String location) {
    return new Package(type, name, version, null, null, null, null, location, null, null);
  }

  public Package withFiles(List<String> owned) {
    return new Package(
        type, name, version, arch, sourceName, sourceVersion, epoch, location, owned, properties);
  }

  public Package withLocation(String newLocation) {
    return new Package(
        type,
        name,
        version,
        arch,
        sourceName,
        sourceVersion,
        epoch,
        newLocation,
        files,
        properties);
  }

  public Package withProperties(Map<String, String> props) {
    return new Package(
        type, name, version, arch, sourceName, sourceVersion, epoch, location, files, props);
  }
}
