package io.drydock.oci;

import java.util.List;

/**
 * One image: a manifest, its config, its layers. Metadata methods do no I/O (the source has read
 * and verified the manifest and config when it built the image); only layer content streams.
 * Immutable and thread-safe.
 */
public interface Image {
  /** The manifest digest, or for sources without a stored manifest (rootfs) a computed one. */
  Digest digest();

  /** The manifest as stored, byte for byte, with its media type. */
  RawDocument rawManifest();

  Manifest manifest();

  /** The config blob as stored, byte for byte. */
  byte[] rawConfig();

  ImageConfig config();

  /** Layers in manifest order (base first). */
  List<Layer> layers();
}
