package io.drydock.refresh.watch;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import java.util.Objects;

/**
 * "A manifest was pushed": one event out of a registry webhook payload (see {@link PushEvents}).
 *
 * @param ref registry (as the payload or the configured fallback names it), repository, tag or
 *     {@code null} for a push by digest, and the pushed manifest's digest (never {@code null})
 * @param mediaType the manifest's media type, or {@code null} when the payload does not say
 * @param source the payload format
 */
public record PushEvent(ImageRef ref, String mediaType, BaseUpdate.Source source) {
  public PushEvent {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(ref.digest(), "ref.digest");
    Objects.requireNonNull(source, "source");
    if (source == BaseUpdate.Source.POLL) {
      throw new IllegalArgumentException("a push event comes from a webhook, not from POLL");
    }
  }

  /** The pushed digest. */
  public Digest digest() {
    return ref.digest();
  }

  /** The tag, or {@code null} for a push by digest. */
  public String tag() {
    return ref.tag();
  }
}
