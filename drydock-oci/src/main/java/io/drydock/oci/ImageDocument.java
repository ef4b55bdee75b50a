package io.drydock.oci;

/** What a manifest reference resolves to: one image manifest or an index of them. */
public sealed interface ImageDocument permits Manifest, Index {
  String mediaType();
}
