package io.drydock.oci;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed, normalised image reference following the Docker reference grammar
 * (distribution/reference): {@code [registry[:port]/]repository[:tag][@digest]}.
 *
 * <p>Normalisation is Docker's: no registry means {@code docker.io}, {@code index.docker.io}
 * becomes {@code docker.io}, single-component Docker Hub names get {@code library/}, and a
 * reference without tag or digest gets {@code latest}. {@code tag} and {@code digest} may each be
 * {@code null}, never both after {@link #parse}. A leading {@code docker://} is accepted.
 */
public record ImageRef(String registry, String repository, String tag, Digest digest) {

  public static final String DOCKER_HUB = "docker.io";
  private static final String DOCKER_HUB_API = "registry-1.docker.io";

  private static final Pattern DOMAIN_COMPONENT =
      Pattern.compile("(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])");
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?:"
              + DOMAIN_COMPONENT
              + "(?:\\."
              + DOMAIN_COMPONENT
              + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final int MAX_NAME_LENGTH = 255;

  public ImageRef {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
  }

  /**
   * Parses a reference; throws {@link IllegalArgumentException} with a message naming the input and
   * what is wrong with it.
   */
  public static ImageRef parse(String input) {
    Objects.requireNonNull(input, "reference");
    String s = input.startsWith("docker://") ? input.substring("docker://".length()) : input;
    if (s.isEmpty()) {
      throw invalid(input, "empty reference");
    }
    Digest digest = null;
    int at = s.indexOf('@');
    if (at >= 0) {
      try {
        digest = Digest.parse(s.substring(at + 1));
      } catch (IllegalArgumentException e) {
        throw invalid(input, e.getMessage());
      }
      s = s.substring(0, at);
    }
    String tag = null;
    int lastSlash = s.lastIndexOf('/');
    int colon = s.lastIndexOf(':');
    if (colon > lastSlash) {
      tag = s.substring(colon + 1);
      s = s.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw invalid(
            input, "invalid tag \"" + tag + "\" (letters, digits, _ . -; at most 128 characters)");
      }
    }
    if (s.isEmpty()) {
      throw invalid(input, "missing repository name");
    }
    String registry;
    String remainder;
    int slash = s.indexOf('/');
    String first = slash < 0 ? null : s.substring(0, slash);
    if (first == null
        || (!first.contains(".")
            && !first.contains(":")
            && !first.equals("localhost")
            && first.toLowerCase(java.util.Locale.ROOT).equals(first))) {
      registry = DOCKER_HUB;
      remainder = s;
    } else {
      registry = first;
      remainder = s.substring(slash + 1);
      if (!DOMAIN.matcher(registry).matches()) {
        throw invalid(input, "invalid registry host \"" + registry + "\"");
      }
    }
    if (registry.equals("index.docker.io")) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && !remainder.contains("/")) {
      remainder = "library/" + remainder;
    }
    if (!remainder.toLowerCase(java.util.Locale.ROOT).equals(remainder)) {
      throw invalid(input, "repository name must be lowercase");
    }
    for (String component : remainder.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw invalid(
            input,
            "invalid repository path component \""
                + component
                + "\" (lower-case letters and digits, separated by . _ __ or -)");
      }
    }
    if (registry.length() + 1 + remainder.length() > MAX_NAME_LENGTH) {
      throw invalid(input, "repository name longer than " + MAX_NAME_LENGTH + " characters");
    }
    if (tag == null && digest == null) {
      tag = "latest";
    }
    return new ImageRef(registry, remainder, tag, digest);
  }

  private static IllegalArgumentException invalid(String input, String why) {
    return new IllegalArgumentException("invalid image reference \"" + input + "\": " + why);
  }

  /** The host (and port) to send distribution API requests to; Docker Hub's is special. */
  public String apiHost() {
    return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API : registry;
  }

  /** {@code registry/repository}, the canonical name. */
  public String name() {
    return registry + "/" + repository;
  }

  /** The tag or digest used in {@code /v2/<name>/manifests/<reference>}; the digest wins. */
  public String reference() {
    return digest != null ? digest.toString() : tag;
  }

  /** The same repository at {@code newDigest}, keeping the tag for display. */
  public ImageRef withDigest(Digest newDigest) {
    return new ImageRef(registry, repository, tag, newDigest);
  }

  /** The same repository with {@code newTag} and no digest. */
  public ImageRef withTag(String newTag) {
    return new ImageRef(registry, repository, newTag, null);
  }

  /** The same registry with another repository, no tag or digest (for cross-repository mounts). */
  public ImageRef inRepository(String otherRepository) {
    return new ImageRef(registry, otherRepository, null, null);
  }

  /** The short form Docker prints: {@code debian:bookworm} instead of the canonical name. */
  public String familiar() {
    String name = name();
    if (registry.equals(DOCKER_HUB)) {
      name = repository.startsWith("library/") ? repository.substring(8) : repository;
    }
    return name + suffix();
  }

  /**
   * Whether Docker's rule lets this registry be reached over plain HTTP without {@code --insecure}:
   * {@code localhost}, {@code 127.0.0.0/8} and {@code [::1]}, with any port.
   */
  public boolean isLoopbackRegistry() {
    String host = registry;
    if (host.startsWith("[")) {
      return host.startsWith("[::1]");
    }
    int colon = host.indexOf(':');
    if (colon >= 0) {
      host = host.substring(0, colon);
    }
    return host.equals("localhost") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private String suffix() {
    return (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }

  @Override
  public String toString() {
    return name() + suffix();
  }
}
