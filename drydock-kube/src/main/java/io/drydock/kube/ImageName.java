package io.drydock.kube;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * An image reference as written in a pod spec, normalised the way the container runtime does
 * ({@code nginx} → {@code docker.io/library/nginx:latest}). A small parser of its own because this
 * module depends on no other Drydock module; it does not validate beyond what matching needs.
 *
 * @param registry the registry host (and port), {@code docker.io} for short names; never null
 * @param repository the repository path, with {@code library/} for Docker Hub official images;
 *     never null
 * @param tag the tag, or null when the reference has none ({@code latest} is then implied, unless a
 *     digest is given)
 * @param digest {@code algorithm:hex}, or null
 */
public record ImageName(String registry, String repository, String tag, String digest) {
  public ImageName {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
  }

  /**
   * Parses {@code [registry/]repository[:tag][@digest]}.
   *
   * @throws IllegalArgumentException when the reference is empty or has an empty repository
   */
  public static ImageName parse(String reference) {
    if (reference == null || reference.isBlank()) {
      throw new IllegalArgumentException("empty image reference '" + reference + "'");
    }
    String rest = reference.trim();
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    String registry = "docker.io";
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first.equals("index.docker.io") ? "docker.io" : first;
        rest = rest.substring(slash + 1);
      }
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("image reference '" + reference + "' has no repository");
    }
    if (registry.equals("docker.io") && !rest.contains("/")) {
      rest = "library/" + rest;
    }
    return new ImageName(
        registry.toLowerCase(Locale.ROOT),
        rest,
        tag == null || tag.isEmpty() ? null : tag,
        digest == null || digest.isEmpty() ? null : digest);
  }

  /** {@code registry/repository}, e.g. {@code docker.io/library/nginx}. */
  public String name() {
    return registry + "/" + repository;
  }

  /** The full normalised reference: {@code name()[:tag][@digest]}, {@code :latest} if neither. */
  @Override
  public String toString() {
    String s = name();
    if (tag != null) {
      s += ":" + tag;
    } else if (digest == null) {
      s += ":latest";
    }
    return digest == null ? s : s + "@" + digest;
  }

  /**
   * A predicate over image references as written that holds for every reference to the same
   * repository as {@code reference} (any tag, any digest). References that do not parse do not
   * match.
   */
  public static Predicate<String> sameRepository(String reference) {
    String name = parse(reference).name();
    return image -> {
      try {
        return parse(image).name().equals(name);
      } catch (IllegalArgumentException e) {
        return false;
      }
    };
  }
}
