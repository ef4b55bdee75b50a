package io.drydock.kube;

import java.util.Objects;

/**
 * What one running pod reports for one container ({@code status.containerStatuses[].imageID}).
 *
 * @param pod the pod's name, never null
 * @param imageId the image ID as the kubelet reports it, never null (may be empty while the image
 *     is being pulled); {@code docker-pullable://repo@sha256:…}, {@code repo@sha256:…} or, for
 *     images without a repository digest, {@code sha256:…} of the image config
 * @param digest the manifest digest ({@code sha256:…}) when {@code imageId} names a repository
 *     digest ({@code …@sha256:…}), else null: a bare {@code sha256:…} is a config digest, not a
 *     manifest digest, and is not reported here
 */
public record RunningImage(String pod, String imageId, String digest) {
  public RunningImage {
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(imageId, "imageId");
  }

  /** Reads {@code imageId} as the kubelet writes it; never null. */
  public static RunningImage of(String pod, String imageId) {
    String id = imageId == null ? "" : imageId;
    int at = id.lastIndexOf('@');
    String digest = null;
    if (at > 0) {
      String d = id.substring(at + 1);
      int colon = d.indexOf(':');
      if (colon > 0 && colon < d.length() - 1) {
        digest = d;
      }
    }
    return new RunningImage(pod, id, digest);
  }
}
