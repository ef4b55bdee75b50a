package io.drydock.oci;

import java.util.List;

/** Media types Drydock understands, and how it classifies them. */
public final class MediaTypes {
  private MediaTypes() {}

  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  public static final String OCI_LAYER_NONDIST =
      "application/vnd.oci.image.layer.nondistributable.v1.tar";
  public static final String OCI_LAYER_NONDIST_GZIP =
      "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
  public static final String OCI_LAYER_NONDIST_ZSTD =
      "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER_GZIP =
      "application/vnd.docker.image.rootfs.diff.tar.gzip";
  public static final String DOCKER_LAYER_FOREIGN_GZIP =
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
  public static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";
  public static final String DOCKER_SCHEMA1 =
      "application/vnd.docker.distribution.manifest.v1+json";
  public static final String DOCKER_SCHEMA1_SIGNED =
      "application/vnd.docker.distribution.manifest.v1+prettyjws";

  /** The Accept list Drydock sends for manifests: every manifest and index type it can read. */
  public static final List<String> MANIFEST_ACCEPT =
      List.of(OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST);

  public static boolean isIndex(String mediaType) {
    return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
  }

  public static boolean isImageManifest(String mediaType) {
    return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
  }

  public static boolean isSchema1(String mediaType) {
    return DOCKER_SCHEMA1.equals(mediaType)
        || DOCKER_SCHEMA1_SIGNED.equals(mediaType)
        || "application/json".equals(mediaType);
  }

  /** The compression a layer media type implies, or {@code null} when it is not a layer type. */
  public static Compression layerCompression(String mediaType) {
    if (mediaType == null) {
      return null;
    }
    return switch (mediaType) {
      case OCI_LAYER_GZIP, OCI_LAYER_NONDIST_GZIP, DOCKER_LAYER_GZIP, DOCKER_LAYER_FOREIGN_GZIP ->
          Compression.GZIP;
      case OCI_LAYER_ZSTD, OCI_LAYER_NONDIST_ZSTD -> Compression.ZSTD;
      case OCI_LAYER, OCI_LAYER_NONDIST, DOCKER_LAYER_TAR -> Compression.NONE;
      default -> null;
    };
  }
}
