package io.drydock.oci;

import java.util.Arrays;
import java.util.Objects;

/**
 * A manifest or index exactly as stored, with its media type and digest. The bytes are never
 * re-serialised, so the digest stays the one the registry, signatures and admission see.
 */
public record RawDocument(String mediaType, byte[] bytes, Digest digest) {

  public RawDocument {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(digest, "digest");
  }

  /** Wraps {@code bytes}, computing the SHA-256 digest. */
  public static RawDocument of(String mediaType, byte[] bytes) {
    return new RawDocument(mediaType, bytes, Digest.sha256(bytes));
  }

  /** Parses the document; {@code what} names it in errors. */
  public ImageDocument parse(String what) throws OciFormatException {
    return ImageDocuments.parse(bytes, mediaType, what);
  }

  /** A descriptor pointing at this document, with the media type the document declares. */
  public Descriptor descriptor(String declaredMediaType) {
    return Descriptor.of(declaredMediaType, digest, bytes.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawDocument r
        && Objects.equals(mediaType, r.mediaType)
        && digest.equals(r.digest)
        && Arrays.equals(bytes, r.bytes);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "RawDocument[" + mediaType + ", " + digest + ", " + bytes.length + " bytes]";
  }
}
