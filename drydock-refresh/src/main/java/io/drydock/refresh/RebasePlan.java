package io.drydock.refresh;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.oci.MediaTypes;
import io.drydock.oci.Platform;
import io.drydock.oci.RawDocument;
import java.util.List;
import java.util.Objects;

/**
 * Everything a rebase will push, computed without pushing anything: the new manifests and configs
 * (byte-exact, so {@link #digest()} is the digest the registry will report) and the blobs the
 * destination repository needs.
 *
 * @param request what was asked
 * @param appDigest the digest {@code request.app()} resolved to (manifest or index)
 * @param oldBaseDigest the digest {@code request.oldBase()} resolved to
 * @param newBaseDigest the digest {@code request.newBase()} resolved to; it is the value of the
 *     {@code org.opencontainers.image.base.digest} annotation of the result
 * @param images one entry per platform image, in the app's order (one entry when the app is a
 *     single manifest)
 * @param result the document to put under the tag: the rebased manifest, or the new index
 * @param blobs every blob the result refers to, each once, with where to mount or copy it from
 * @param notes things the user should know (dropped attestations, labels updated), one line each
 */
public record RebasePlan(
    Rebaser.Request request,
    Digest appDigest,
    Digest oldBaseDigest,
    Digest newBaseDigest,
    List<Image> images,
    RawDocument result,
    List<Blob> blobs,
    List<String> notes) {

  public RebasePlan {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(result, "result");
    images = List.copyOf(images);
    blobs = List.copyOf(blobs);
    notes = List.copyOf(notes);
  }

  /** The digest of the rebased image (manifest or index), as the registry will report it. */
  public Digest digest() {
    return result.digest();
  }

  /** Whether the result is an index over several rebased platform images. */
  public boolean isIndex() {
    return MediaTypes.isIndex(result.mediaType());
  }

  /**
   * One rebased platform image.
   *
   * @param platform the platform of the app's index entry, or of the app's config for a single
   *     manifest (never {@code null})
   * @param appManifest the app's manifest for this platform
   * @param oldBaseManifest the old base's manifest for this platform
   * @param newBaseManifest the new base's manifest for this platform
   * @param oldBaseLayers how many layers of the app were the old base's (and are dropped)
   * @param newBaseLayers how many layers the new base contributes
   * @param appLayers how many of the app's own layers are kept on top
   * @param manifest the rebased manifest, byte-exact
   * @param config the rebased config blob, byte-exact
   */
  public record Image(
      Platform platform,
      Digest appManifest,
      Digest oldBaseManifest,
      Digest newBaseManifest,
      int oldBaseLayers,
      int newBaseLayers,
      int appLayers,
      RawDocument manifest,
      RawDocument config) {}

  /**
   * A blob the destination repository must hold.
   *
   * @param descriptor the blob as the rebased manifest names it
   * @param from the repository to mount or copy it from; {@code null} when {@code content} is given
   * @param content the blob's bytes when they were made here (a config); {@code null} otherwise
   */
  public record Blob(Descriptor descriptor, ImageRef from, RawDocument content) {}
}
