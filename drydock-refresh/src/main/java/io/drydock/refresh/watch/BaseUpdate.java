package io.drydock.refresh.watch;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import java.time.Instant;
import java.util.Objects;

/**
 * A watched base reference now points at another manifest.
 *
 * @param reference the watched reference as configured (registry, repository, tag; no digest)
 * @param oldDigest the digest it pointed at before, or {@code null} when Drydock had not seen it
 *     yet (a webhook for a tag that was never polled)
 * @param newDigest the digest it points at now
 * @param source how the change was noticed
 * @param at when Drydock noticed it (the watcher's clock, not the registry's)
 */
public record BaseUpdate(
    ImageRef reference, Digest oldDigest, Digest newDigest, Source source, Instant at) {

  /** How an update was noticed. */
  public enum Source {
    /** A manifest {@code HEAD} by {@link TagPoller}. */
    POLL,
    /** A CNCF distribution (Docker registry) notification envelope. */
    DISTRIBUTION,
    /** An Azure Container Registry webhook. */
    ACR,
    /** A Harbor webhook (default payload format). */
    HARBOR
  }

  public BaseUpdate {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(newDigest, "newDigest");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(at, "at");
    if (reference.tag() == null || reference.digest() != null) {
      throw new IllegalArgumentException(
          "a watched reference is a tag without digest, got " + reference);
    }
    if (newDigest.equals(oldDigest)) {
      throw new IllegalArgumentException(
          "not an update: " + reference + " still points at " + newDigest);
    }
  }

  @Override
  public String toString() {
    return reference
        + ": "
        + (oldDigest == null ? "(unseen)" : oldDigest)
        + " -> "
        + newDigest
        + " ("
        + source
        + ", "
        + at
        + ")";
  }
}
