package io.drydock.kube;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One container of a pod as the inventory sees it: the image written in the spec and the image the
 * kubelet reports running.
 *
 * @param list the pod spec list it is in: {@code containers}, {@code initContainers} or {@code
 *     ephemeralContainers}
 * @param name the container's name; never null
 * @param image the image as written in the spec; never null (empty when the spec has none)
 * @param imageId the kubelet's {@code status.*ContainerStatuses[].imageID}, or null when there is
 *     no status yet
 * @param reference {@code registry/repository@sha256:…} when {@code imageId} names a repository
 *     digest (scheme prefixes such as {@code docker-pullable://} removed), else null: a bare {@code
 *     sha256:…} is the image config's digest, not a manifest digest
 * @param digest the manifest digest {@code sha256:…} of {@code reference}, or null
 */
public record PodContainer(
    String list, String name, String image, String imageId, String reference, String digest) {
  private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+:[a-f0-9]{32,128}");

  public PodContainer {
    Objects.requireNonNull(list, "list");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
  }

  /** Reads {@code imageId} as the kubelet writes it ({@code docker-pullable://r/x@sha256:…}). */
  public static PodContainer of(String list, String name, String image, String imageId) {
    String reference = null;
    String digest = null;
    if (imageId != null) {
      String id = imageId.strip();
      int scheme = id.indexOf("://");
      if (scheme >= 0) {
        id = id.substring(scheme + 3);
      }
      int at = id.lastIndexOf('@');
      if (at > 0 && DIGEST.matcher(id.substring(at + 1)).matches()) {
        reference = id;
        digest = id.substring(at + 1);
      }
    }
    return new PodContainer(list, name, image == null ? "" : image, imageId, reference, digest);
  }

  /** The repository part of {@link #reference()} ({@code registry/repository}), or null. */
  public String repository() {
    return reference == null ? null : reference.substring(0, reference.lastIndexOf('@'));
  }
}
